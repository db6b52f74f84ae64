"""Identifiers and ``extra`` fields: interned values, levels array-wise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from ..compare import _group, ids_level
from ..normalise import fold
from ..records import Record
from .arrays import I64, Other, cpdist, thread_count


def _norm_id(x: str) -> str:
    return "".join(c for c in x.upper() if c.isalnum())


def _value_levels(a: I64, b: I64, text: npt.NDArray[np.object_]) -> I64:
    """``compare.value_level`` of value id pairs (ids >= 0), once per distinct pair."""
    out = np.zeros(len(a), dtype=np.int64)
    d = np.flatnonzero(a != b)
    if not len(d):
        return out
    n = np.int64(len(text))
    uniq, inv = np.unique(a[d] * n + b[d], return_inverse=True)
    ta, tb = text[uniq // n], text[uniq % n]
    lv = np.where(cpdist(ta, tb, JaroWinkler.similarity) >= 0.88, 1, 2).astype(np.int64)
    far = np.flatnonzero(lv == 2)  # one edit away all the same?
    if len(far):
        osa = process.cpdist(
            ta[far], tb[far], scorer=OSA.distance, score_cutoff=1, workers=thread_count(len(far))
        )
        lv[far[osa <= 1]] = 1
    out[d] = lv[inv]
    return out


@dataclass
class OtherEnc:
    """Identifiers and ``extra`` values of a list as interned value ids."""

    ident: I64  # identifier id per record (-1: none)
    many: dict[int, tuple[str, ...]]  # records with several identifiers
    fields: dict[str, I64]  # extra field -> value id per record (-1: none)
    texts: list[str]
    text: npt.NDArray[np.object_]


def encode_other(records: Sequence[Record]) -> OtherEnc | None:
    """``OtherEnc`` of records (None when no record has any identifier or
    extra field)."""
    n = len(records)
    vid: dict[str, int] = {}
    raw: dict[str, int] = {}
    texts: list[str] = []

    def intern(v: str) -> int:
        k = vid.get(v)
        if k is None:
            k = vid[v] = len(texts)
            texts.append(v)
        return k

    ident = np.full(n, -1, dtype=np.int64)
    many: dict[int, tuple[str, ...]] = {}
    id_rec: list[int] = []
    id_val: list[int] = []
    cols: dict[str, tuple[list[int], list[int]]] = {}  # field -> (records, value ids)
    for r, rec in enumerate(records):
        if rec.identifiers:
            ids = tuple(sorted({_norm_id(x) for x in rec.identifiers} - {""}))
            if len(ids) == 1:
                id_rec.append(r)
                id_val.append(intern(ids[0]))
            elif ids:
                many[r] = ids
                id_rec.append(r)
                id_val.append(intern("\0" + "\0".join(ids)))
        for k, v in rec.extra:
            if k == "dob_raw":
                continue
            x = raw.get(v)
            if x is None:
                x = raw[v] = intern(fold(v)) if v.strip() else -1
            if x < 0:
                continue
            c = cols.get(k)
            if c is None:
                c = cols[k] = ([], [])
            c[0].append(r)
            c[1].append(x)
    if not id_rec and not cols:
        return None
    ident[id_rec] = id_val
    fields: dict[str, I64] = {}
    for k, (rs, xs) in cols.items():
        col = fields[k] = np.full(n, -1, dtype=np.int64)
        col[rs] = xs
    return OtherEnc(ident, many, fields, texts, np.array(texts, dtype=object))


def other_arrays(records: Sequence[Record], i: I64, j: I64) -> Other | None:
    """Identifier and extra-field levels of every pair, array-wise (None when
    no record has any); as ``compare.compare``."""
    oe = encode_other(records)
    return other_levels(oe, i, j) if oe is not None else None


def other_levels(oe: OtherEnc, i: I64, j: I64) -> Other:
    """``other_arrays`` from an ``OtherEnc``."""
    ident, many, fields, texts, text = oe.ident, oe.many, oe.fields, oe.texts, oe.text
    n = len(ident)
    out: Other = {}
    if (ident >= 0).any():
        a, b = ident[i], ident[j]
        lv = np.full(len(i), -1, dtype=np.int64)
        ok = np.flatnonzero((a >= 0) & (b >= 0))
        lv[ok] = _ids_levels(a[ok], b[ok], text)
        if many:  # several identifiers on a record: per pair
            multi = np.zeros(n, dtype=np.bool_)
            multi[list(many)] = True
            for k in ok[multi[i[ok]] | multi[j[ok]]].tolist():
                x, y = int(i[k]), int(j[k])
                lv[k] = ids_level(
                    many.get(x) or (texts[ident[x]],), many.get(y) or (texts[ident[y]],)
                )
        out["identifier"] = lv
    names = sorted(fields)
    for k in names:
        a, b = fields[k][i], fields[k][j]
        lv = np.full(len(i), -1, dtype=np.int64)
        ok = np.flatnonzero((a >= 0) & (b >= 0))
        lv[ok] = _value_levels(a[ok], b[ok], text)
        if k[-1].isdigit():  # a value entered in another line of the group
            g = _group(k)
            for k2 in names:
                if k2 == k or not k2[-1].isdigit() or _group(k2) != g:
                    continue
                for va, vb in ((a, fields[k2][j]), (fields[k2][i], b)):
                    m = np.flatnonzero((lv > 0) & (va >= 0) & (vb >= 0))
                    if len(m):
                        lv[m] = np.minimum(lv[m], _value_levels(va[m], vb[m], text))
        out[k] = lv
    return out


def _ids_levels(a: I64, b: I64, text: npt.NDArray[np.object_]) -> I64:
    """``compare.ids_level`` of single identifiers."""
    out = np.zeros(len(a), dtype=np.int64)
    d = np.flatnonzero(a != b)
    if len(d):
        n = np.int64(len(text))
        uniq, inv = np.unique(a[d] * n + b[d], return_inverse=True)
        s = cpdist(text[uniq // n], text[uniq % n], OSA.normalized_similarity)
        out[d] = np.where(s >= 0.8, 1, 2)[inv]
    return out

"""Records encoded once into integer features (``Encoded``)."""

from __future__ import annotations

import dataclasses
import datetime
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..compare import _SEX, Profile, Token, Tokens, _birth, _intern, make_token
from ..dates import is_sh_year
from ..normalise import (
    _ARTICLES,
    _HONORIFICS,
    _JOIN_NEXT,
    _JOIN_PREV,
    _PAIRS,
    _canonical_spelling,
    fold,
    is_title,
    phonetic,
    place_text,
    skeleton,
    words_tokens,
)
from ..records import Record
from .arrays import F64, I64, mix
from .tokens import TokenTable


@dataclass
class Encoded:
    """Integer features of a list of records (one row per record; name forms
    one row per form)."""

    n: int
    form_rec: I64  # record of each form
    form_g: I64  # interned given-name id (-1: none)
    form_f: I64  # family-name id (-1: none)
    form_gsk: I64  # skeleton ids of each form's given and family name (-1: none)
    form_fsk: I64
    form_start: I64  # first form of each record
    form_count: I64  # forms per record (0: no name)
    lo: I64  # birth year range (0: unknown)
    hi: I64
    ymd: I64  # YYYYMMDD (-1: no full date)
    has_birth: npt.NDArray[np.bool_]
    sex: I64  # 0 not compared, 1 female, 2 male
    place: I64  # place id (-1: none)
    names: list[Tokens]  # id -> tokens
    places: list[Token]  # id -> place token
    # blocking features
    g_sk: I64  # skeleton id of the first form's given name (joined), -1
    g1_sk: I64  # skeleton id of the first given token, -1
    f_sk: I64  # skeleton id of the first form's family name (joined), -1
    ph: I64  # phonetic (given, family) id, -1
    _table: TokenTable | None = None
    _digits: npt.NDArray[np.uint64] | None = None
    _small: Small | None = None
    # weights.spelling_bounds, computed once per list (each chunk of a dedupe asks)
    spelling: tuple[F64, F64] | None = None

    @property
    def small(self) -> Small:
        """The birth, sex and place features in the narrowest integer types:
        the comparisons of millions of pairs gather and compare them."""
        if self._small is None:
            self._small = Small(
                self.lo.astype(np.int16),
                self.hi.astype(np.int16),
                self.ymd.astype(np.int32),
                self.sex.astype(np.int8),
                self.place.astype(np.int32),
            )
        return self._small

    @property
    def digits(self) -> npt.NDArray[np.uint64]:
        """The eight digits of each record's YYYYMMDD (0 without a full date),
        one byte each, packed in a uint64."""
        if self._digits is None:
            p = np.int64(10) ** np.arange(7, -1, -1, dtype=np.int64)
            d8 = ((np.maximum(self.ymd, 0)[:, None] // p) % 10).astype(np.uint8)
            self._digits = np.ascontiguousarray(d8).view(np.uint64).reshape(-1)
        return self._digits

    @property
    def table(self) -> TokenTable:
        if self._table is None:
            self._table = TokenTable(self.names)
        return self._table

    def fork(self) -> Encoded:
        """The same features with similarity memos of their own, for another
        thread (the memos are the only state the comparisons change)."""
        return dataclasses.replace(self, _table=self.table.fork())


@dataclass
class Small:
    """``Encoded`` features in narrow types (years fit int16, YYYYMMDD int32)."""

    lo: npt.NDArray[np.int16]
    hi: npt.NDArray[np.int16]
    ymd: npt.NDArray[np.int32]
    sex: npt.NDArray[np.int8]
    place: npt.NDArray[np.int32]


_SEXES = {"f": 1, "m": 2}


_SPECIAL = _HONORIFICS | _JOIN_NEXT | _JOIN_PREV | _ARTICLES | {w for pair in _PAIRS for w in pair}


class Tokeniser:
    """``compare._tokens`` of many names, fast: folding works word by word
    (``fold(text).split()`` is the concatenation of ``fold(w).split()`` over
    the whitespace-separated words), so each distinct word is folded and made a
    ``Token`` once; names with a particle or honorific (which join or drop
    words) are joined as ``name_tokens`` does, from the folded words.  A test
    checks the tokens are identical to ``compare._tokens``."""

    def __init__(self) -> None:
        self.words: dict[str, tuple[Token, ...] | None] = {}
        self.folded: dict[str, list[str]] = {}

    def word(self, w: str) -> tuple[Token, ...] | None:
        pieces = [w.lower()] if w.isascii() and w.isalpha() else fold(w).split()
        self.folded[w] = pieces
        out: tuple[Token, ...] | None = None
        if not any(x in _SPECIAL or is_title(x) for x in pieces):
            out = tuple(make_token(_canonical_spelling(x)) for x in pieces)
        self.words[w] = out
        return out

    def _special(self, ws: list[str]) -> Tokens:
        raw = [x for w in ws for x in self.folded[w]]
        return _intern(tuple(make_token(t) for t in words_tokens(raw)))

    def __call__(self, text: str) -> Tokens:
        ws = text.split()
        words = self.words
        if len(ws) == 1:
            t = words.get(ws[0])
            if t is None and ws[0] not in words:
                t = self.word(ws[0])
            return _intern(t) if t is not None else self._special(ws)
        out: list[Token] = []
        special = False
        for w in ws:
            t = words.get(w)
            if t is None and w not in words:
                t = self.word(w)
            if t is None:
                special = True
            elif not special:
                out.extend(t)
        return self._special(ws) if special else _intern(tuple(out))


class _Builder:
    """Interns names and places while records are encoded."""

    def __init__(self) -> None:
        self.name_id: dict[Tokens, int] = {}
        self.names: list[Tokens] = []
        self.text_id: dict[str, int] = {}
        self.place_id: dict[str, int] = {}
        self.place_text: dict[str, int] = {}
        self.places: list[Token] = []
        self.tokens = Tokeniser()

    def nid(self, t: Tokens) -> int:
        if not t:
            return -1
        i = self.name_id.get(t)
        if i is None:
            i = self.name_id[t] = len(self.names)
            self.names.append(t)
        return i

    def text(self, s: str) -> int:
        i = self.text_id.get(s)
        if i is None:
            i = self.text_id[s] = self.nid(self.tokens(s)) if s else -1
        return i

    def place(self, t: Token) -> int:
        i = self.place_id.get(t.fold)
        if i is None:
            i = self.place_id[t.fold] = len(self.places)
            self.places.append(t)
        return i

    def place_of(self, s: str) -> int:
        i = self.place_text.get(s)
        if i is None:
            text = place_text(s) if s else ""
            i = self.place(make_token(text)) if text else -1
            self.place_text[s] = i
        return i


_EPOCH = datetime.date(1970, 1, 1).toordinal()


def _codes(values: list[str]) -> tuple[list[str], I64]:
    """Distinct values (in order of first occurrence) and each value's index."""
    pos: dict[str, int] = {}
    add = pos.setdefault
    codes = [add(v, len(pos)) for v in values]
    return list(pos), np.array(codes, dtype=np.int64)


def _column(records: Sequence[Record], field: str) -> list[Any]:
    """One field of every record (``attrgetter`` runs in C: faster than a
    comprehension)."""
    return list(map(operator.attrgetter(field), records))


def encode_records(records: Sequence[Record]) -> Encoded:
    """``encode`` straight from records (no ``Profile``), column by column:
    names and places are tokenised once per distinct text, names interned in
    the order ``encode`` meets them; the same features as
    ``encode([profile(r) for r in records])``."""
    n = len(records)
    bld = _Builder()
    tok = bld.tokens
    # names: given and family texts of every record, then the other names
    texts, tcode = _codes(_column(records, "given_name") + _column(records, "family_name"))
    tname = np.array([bld.nid(tok(x)) if x else -1 for x in texts], dtype=np.int64)
    gid, fid = tname[tcode[:n]], tname[tcode[n:]]
    has = (gid >= 0) | (fid >= 0)
    o_rec: list[int] = []
    o_txt: list[str] = []
    # a whole name typed into one field is also read as "given ... family"
    # (compare.one_field), as the first of the other names
    single = np.flatnonzero((gid >= 0) != (fid >= 0))
    whole = {
        r: records[r].given_name or records[r].family_name
        for r in single.tolist()
        if len(bld.names[max(int(gid[r]), int(fid[r]))]) > 1
    }
    for r, others in enumerate(_column(records, "other_names")):
        if r in whole:
            o_rec.append(r)
            o_txt.append(whole[r])
            toks = bld.names[max(int(gid[r]), int(fid[r]))]
            if len(toks) > 2:  # ... and as "family given ..." (compare.profile)
                o_rec.append(r)
                o_txt.append(" ".join(t.fold for t in (*toks[1:], toks[0])))
        for other in others:
            o_rec.append(r)
            o_txt.append(other)
    # each distinct other name split once into (given, family) ids (-2: no tokens)
    otexts, ocode = _codes(o_txt)
    o_gf: list[tuple[int, int]] = []
    for x in otexts:
        toks = tok(x)
        if len(toks) > 1:
            o_gf.append((bld.nid(_intern(toks[:-1])), bld.nid(_intern(toks[-1:]))))
        else:
            o_gf.append((bld.nid(toks), -1) if toks else (-2, -2))
    gf = np.array(o_gf, dtype=np.int64).reshape(-1, 2)[ocode]
    keep = gf[:, 0] != -2
    orec = np.array(o_rec, dtype=np.int64)[keep]
    # forms record by record: the given/family form first, then the others
    n_other = np.bincount(orec, minlength=n).astype(np.int64)
    form_count = has.astype(np.int64) + n_other
    start = np.cumsum(form_count) - form_count
    fg = np.empty(int(form_count.sum()), dtype=np.int64)
    ff = np.empty(len(fg), dtype=np.int64)
    prim = np.flatnonzero(has)
    fg[start[prim]], ff[start[prim]] = gid[prim], fid[prim]
    first_other = (np.cumsum(n_other) - n_other)[orec]
    at = start[orec] + has[orec] + np.arange(len(orec), dtype=np.int64) - first_other
    fg[at], ff[at] = gf[keep, 0], gf[keep, 1]
    # name ids in order of first occurrence (given, family, form by form)
    seq = np.stack([fg, ff], axis=1).ravel()
    ok = np.flatnonzero(seq >= 0)
    first = np.full(len(bld.names), len(seq), dtype=np.int64)
    np.minimum.at(first, seq[ok], ok)
    order = np.argsort(first)[: int((first < len(seq)).sum())]
    new_id = np.full(len(bld.names) + 1, -1, dtype=np.int64)
    new_id[order] = np.arange(len(order), dtype=np.int64)
    bld.names = [bld.names[k] for k in order.tolist()]
    # births
    lo = np.zeros(n, dtype=np.int64)
    hi = np.zeros(n, dtype=np.int64)
    ymd = np.full(n, -1, dtype=np.int64)
    has_birth = np.zeros(n, dtype=np.bool_)
    dates = _column(records, "birth_date")
    extras = _column(records, "extra")
    texts = _column(records, "birth_text")
    # Solar Hijri years and dates, and births given as text, are read by _birth
    special = {
        k
        for k, (d, y, t) in enumerate(
            zip(dates, _column(records, "birth_year"), texts, strict=True)
        )
        if (d is not None and is_sh_year(d.year))
        or (d is None and y is not None and is_sh_year(y))
        or (d is None and y is None and t)
    }
    no_date = [k for k, d in enumerate(dates) if d is None and k not in special]
    dk = [k for k, d in enumerate(dates) if d is not None and k not in special]
    if dk:
        ords = [dates[k].toordinal() for k in dk]
        day = (np.array(ords, dtype=np.int64) - _EPOCH).astype("datetime64[D]")
        month = day.astype("datetime64[M]")
        yy = day.astype("datetime64[Y]").astype(np.int64) + 1970
        mm = month.astype(np.int64) % 12 + 1
        dd = (day - month).astype(np.int64) + 1
        has_birth[dk] = True
        lo[dk] = hi[dk] = yy
        ymd[dk] = yy * 10000 + mm * 100 + dd
    # a year or range without extra fields: the range as _birth gives it
    years = [
        (k, y, records[k].birth_year_max)
        for k in no_date
        if (y := records[k].birth_year) is not None and not extras[k]
    ]
    if years:
        yk = [k for k, _, _ in years]
        has_birth[yk] = True
        lo[yk] = [y for _, y, _ in years]
        hi[yk] = [y if m is None else max(m, y) for _, y, m in years]
    no_date += sorted(special)
    rest = [
        (k, b_)
        for k in no_date
        if (extras[k] or k in special) and (b_ := _birth(records[k])) is not None
    ]
    if rest:
        bk = [k for k, _ in rest]
        has_birth[bk] = True
        lo[bk] = [b_.lo for _, b_ in rest]
        hi[bk] = [b_.hi for _, b_ in rest]
        full = [(k, int(b_.ymd)) for k, b_ in rest if b_.ymd and b_.ymd.isdigit()]
        if full:
            ymd[[k for k, _ in full]] = [x for _, x in full]
    # sex and place
    sexes = {k: _SEXES.get(v, 0) for k, v in _SEX.items()}
    svals, scode = _codes(_column(records, "sex"))
    smap = np.array([sexes.get(x, sexes.get(x.lower(), 0)) if x else 0 for x in svals] + [0])
    sex = smap[scode].astype(np.int64)
    pvals, pcode = _codes(_column(records, "place_of_origin"))
    pmap = np.array([bld.place_of(x) if x else -1 for x in pvals] + [-1], dtype=np.int64)
    place = pmap[pcode]
    return _finish(bld, n, new_id[fg], new_id[ff], form_count, lo, hi, ymd, has_birth, sex, place)


def encode(ps: Sequence[Profile]) -> Encoded:
    """Integer features of profiles (see ``encode_records``)."""
    n = len(ps)
    bld = _Builder()
    form_g: list[int] = []
    form_f: list[int] = []
    form_count = np.zeros(n, dtype=np.int64)
    lo = np.zeros(n, dtype=np.int64)
    hi = np.zeros(n, dtype=np.int64)
    ymd = np.full(n, -1, dtype=np.int64)
    has_birth = np.zeros(n, dtype=np.bool_)
    sex = np.zeros(n, dtype=np.int64)
    place = np.full(n, -1, dtype=np.int64)
    for r, p in enumerate(ps):
        form_count[r] = len(p.forms)
        for g, f in p.forms:
            form_g.append(bld.nid(g))
            form_f.append(bld.nid(f))
        b_ = p.birth
        if b_ is not None:
            has_birth[r] = True
            lo[r], hi[r] = b_.lo, b_.hi
            if b_.ymd and b_.ymd.isdigit():
                ymd[r] = int(b_.ymd)
        sex[r] = _SEXES.get(p.sex, 0)
        if p.place is not None:
            place[r] = bld.place(p.place)
    return _finish(bld, n, form_g, form_f, form_count, lo, hi, ymd, has_birth, sex, place)


def _finish(
    bld: _Builder,
    n: int,
    form_g_: list[int] | I64,
    form_f_: list[int] | I64,
    form_count: I64,
    lo: I64,
    hi: I64,
    ymd: I64,
    has_birth: npt.NDArray[np.bool_],
    sex: I64,
    place: I64,
) -> Encoded:
    sk_id: dict[str, int] = {}

    def skid(s: str) -> int:
        if not s:
            return -1
        i = sk_id.get(s)
        if i is None:
            i = sk_id[s] = len(sk_id)
        return i

    nn = len(bld.names)
    # skeleton and phonetic ids of each name's joined key and first token's key,
    # once per distinct key
    k0s = [t[0].key for t in bld.names]
    jks = ["".join([x.key for x in t]) if len(t) > 1 else t[0].key for t in bld.names]
    ukeys, codes = _codes(jks + k0s)
    sk_ids = np.array([skid(skeleton(x)) for x in ukeys], dtype=np.int64)
    ph_ids = np.array([skid("~" + phonetic(x)) for x in ukeys], dtype=np.int64)
    none = np.array([-1], dtype=np.int64)  # index -1: no name
    name_sk = np.concatenate([sk_ids[codes[:nn]], none])
    name_sk1 = np.concatenate([sk_ids[codes[nn:]], none])
    ph1 = np.concatenate([ph_ids[codes[nn:]], none])
    phj = np.concatenate([ph_ids[codes[:nn]], none])
    form_g = np.array(form_g_, dtype=np.int64)
    form_f = np.array(form_f_, dtype=np.int64)
    form_start = np.cumsum(form_count) - form_count
    form_rec = np.repeat(np.arange(n, dtype=np.int64), form_count)
    has = form_count > 0
    first = form_start[has]
    g0 = np.full(n, -1, dtype=np.int64)
    f0 = np.full(n, -1, dtype=np.int64)
    g0[has] = form_g[first]
    f0[has] = form_f[first]
    pa, pb = ph1[g0], phj[f0]
    ok = (g0 >= 0) & (f0 >= 0) & (pa >= 0) & (pb >= 0)
    ph = np.where(ok, mix(np.minimum(pa, pb), np.maximum(pa, pb)), -1)
    return Encoded(
        n,
        form_rec,
        form_g,
        form_f,
        name_sk[form_g],
        name_sk[form_f],
        form_start,
        form_count,
        lo,
        hi,
        ymd,
        has_birth,
        sex,
        place,
        bld.names,
        bld.places,
        name_sk[g0],
        name_sk1[g0],
        name_sk[f0],
        ph,
    )

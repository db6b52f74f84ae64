"""Explanations of many pairs at once, from levels already computed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from ..compare import levels_for
from ..records import FieldExplanation, Record
from .arrays import CORE, F64, I64, Other
from .encode import Encoded
from .names import name_details
from .other import OtherEnc

_SEX_TEXT = ("?", "female", "male")


_NAME_FIELDS = ("given_name", "family_name")


def explain_pairs(
    records: Sequence[Record],
    e: Encoded,
    i: I64,
    j: I64,
    core: dict[str, I64],
    weight: Callable[[str, int], float],
    tf: dict[str, F64],
    *,
    other: Other | None = None,
    oe: OtherEnc | None = None,
    swap_all: bool = False,
) -> list[tuple[FieldExplanation, ...]]:
    """``explain.explain`` of every pair, from the levels already computed
    (``core``, and ``other`` with their encoding ``oe``) and the best name
    forms found array-wise (no profiles, no per-pair comparison); the best
    reading is that the levels came from (``name_sims`` with ``swap_all``)."""
    g, f, fa, fb = name_details(e, i, j, swap_all=swap_all)
    # the text of every form and birth the pairs show, once each
    name_text: dict[int, str] = {-1: ""}
    for n_ in np.unique(np.concatenate([e.form_g[fa], e.form_f[fa], e.form_g[fb], e.form_f[fb]])):
        if n_ >= 0:
            name_text[int(n_)] = " ".join(x.fold for x in e.names[int(n_)])
    forms = np.unique(np.concatenate([fa, fb]))
    forms = forms[forms >= 0]
    form_text = {-1: ""}
    for k, gn, fn in zip(
        forms.tolist(), e.form_g[forms].tolist(), e.form_f[forms].tolist(), strict=True
    ):
        form_text[k] = " ".join(t for t in (name_text[gn], name_text[fn]) if t)
    recs = np.unique(np.concatenate([i, j]))
    btext: dict[int, str] = {}  # compare.birth_text of each record's birth
    for r, x, lo, hi in zip(
        recs.tolist(), e.ymd[recs].tolist(), e.lo[recs].tolist(), e.hi[recs].tolist(), strict=True
    ):
        if x >= 0:
            btext[r] = f"{x // 10000:04d}-{x // 100 % 100:02d}-{x % 100:02d}"
        else:
            btext[r] = str(lo) if lo == hi else f"{lo}–{hi}"

    tables = {f_: [(lv, weight(f_, x)) for x, lv in enumerate(levels_for(f_))] for f_ in CORE}
    zero = np.zeros(len(i))
    tg, tfam = tf.get("given_name", zero), tf.get("family_name", zero)
    tbirth = tf.get("birth", zero).tolist()
    tplace = tf.get("place", zero).tolist()
    cols = [core[f_].tolist() for f_ in CORE]
    out: list[tuple[FieldExplanation, ...]] = []
    rows = zip(
        i.tolist(), j.tolist(), g.tolist(), f.tolist(), fa.tolist(), fb.tolist(),
        tg.tolist(), tfam.tolist(), e.sex[i].tolist(), e.sex[j].tolist(),
        e.place[i].tolist(), e.place[j].tolist(), *cols, strict=True,
    )  # fmt: skip
    places = e.places
    # explanations that depend only on levels, sexes and places are shared
    # (they are frozen): pairs repeat them
    shared: dict[tuple[str, int, int, int], FieldExplanation] = {}

    def sex_ex(lvl: int, x: int, y: int) -> FieldExplanation:
        k = ("sex", lvl, x, y)
        fx = shared.get(k)
        if fx is None:
            outcome, w = tables["sex"][lvl]
            detail = f"{_SEX_TEXT[x]} / {_SEX_TEXT[y]}"
            fx = shared[k] = FieldExplanation("sex", outcome, round(w, 3), detail)
        return fx

    def place_ex(lvl: int, x: int, y: int, adj: float) -> FieldExplanation:
        k = ("place", lvl, x, y)  # the adjustment is the places' own
        fx = shared.get(k)
        if fx is None:
            outcome, w = tables["place"][lvl]
            detail = f"{places[x].fold} ~ {places[y].fold}"
            if adj >= 0.5:
                detail += "; a rare place"
            elif adj <= -0.5:
                detail += "; a common place"
            fx = shared[k] = FieldExplanation("place", outcome, round(w + adj, 3), detail)
        return fx

    missing = {
        c: FieldExplanation(c, "missing", 0.0, "not known on both sides")
        for c in ("given_name", "family_name", "birth")
    }
    name_tables = (("given_name", tables["given_name"]), ("family_name", tables["family_name"]))
    # identifiers and extra fields: (field, levels, weights by level, text of each record)
    others: list[tuple[str, list[int], list[tuple[str, float]], list[str], list[str]]] = []
    if other is not None and oe is not None:
        for field, lv in other.items():
            table = [(o, weight(field, x)) for x, o in enumerate(levels_for(field))]
            text = _value_text(oe, field)
            others.append((field, lv.tolist(), table, text[i].tolist(), text[j].tolist()))
    for k, (a, b, gs, fs, xa, xb, ag, af, sa, sb, pa, pb, lg, lf, lb, ls, lp) in enumerate(rows):
        ex: list[FieldExplanation] = []
        for (field, table), lvl, sim, adj in zip(
            name_tables, (lg, lf), (gs, fs), (ag, af), strict=True
        ):
            if lvl < 0:
                continue
            outcome, w = table[lvl]
            detail = f"{form_text[xa]} ≈ {form_text[xb]} ({sim:.2f})"
            if lvl == 0 and adj:
                w += adj
                if adj >= 0.5:
                    detail += "; a rare name"
                elif adj <= -0.5:
                    detail += "; a common name"
            ex.append(FieldExplanation(field, outcome, round(w, 3), detail))
        if lb >= 0:
            outcome, w = tables["birth"][lb]
            w += tbirth[k]
            ex.append(FieldExplanation("birth", outcome, round(w, 3), f"{btext[a]} ~ {btext[b]}"))
        if ls >= 0:
            ex.append(sex_ex(ls, sa, sb))
        if lp >= 0:
            ex.append(place_ex(lp, pa, pb, tplace[k]))
        for field, olv, table, ta, tb in others:
            lvl = olv[k]
            if lvl >= 0:
                outcome, w = table[lvl]
                ex.append(FieldExplanation(field, outcome, round(w, 3), f"{ta[k]} ~ {tb[k]}"))
        ex.sort(key=_by_weight)
        if lg < 0:
            ex.append(missing["given_name"])
        if lf < 0:
            ex.append(missing["family_name"])
        if lb < 0:
            ex.append(missing["birth"])
        out.append(tuple(ex))
    return out


def _by_weight(x: FieldExplanation) -> float:
    return -abs(x.weight)


def _value_text(oe: OtherEnc, field: str) -> npt.NDArray[np.object_]:
    """Each record's identifiers (``", "``-joined, as ``explain``) or value
    of one of its extra fields ("" where it has none)."""
    text = np.append(oe.text, "")  # id -1: the trailing ""
    if field != "identifier":
        out: npt.NDArray[np.object_] = text[oe.fields[field]]
        return out
    out = text[oe.ident]
    for r, ids in oe.many.items():
        out[r] = ", ".join(ids)
    return out

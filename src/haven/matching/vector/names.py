"""Name levels of record pairs array-wise (``compare.compare_names`` over many pairs)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..compare import EXACT_MIN, SAME_KEY
from .arrays import F64, I64, distinct
from .encode import Encoded
from .tokens import TokenTable


def pair_sims(ids_a: I64, ids_b: I64, table: TokenTable) -> F64:
    """tokens_similarity of name ids, once per distinct (symmetric) pair; -1
    where either is missing."""
    out = np.full(len(ids_a), -1.0)
    ok = (ids_a >= 0) & (ids_b >= 0)
    if not ok.any():
        return out
    same = ok & (ids_a == ids_b)  # the same name: 1.0, as tokens_similarity
    out[same] = 1.0
    d = np.flatnonzero(ok & ~same)
    # two one-token names with the same Latin key, or across scripts the same
    # other reading: SAME_KEY, as token_similarity
    x, y = ids_a[d], ids_b[d]
    kx, ax = table.name_key[x], table.name_alt[x]
    start = table.name_vstart[x] == table.name_vstart[y]
    key = start & (kx >= 0) & (kx == table.name_key[y])
    key &= table.name_ending[x] * table.name_ending[y] != 2  # perhaps Karim ~ Karima
    cross = table.name_latin[x] != table.name_latin[y]
    alt = start & (ax >= 0) & (ax == table.name_alt[y]) & cross
    out[d[key | alt]] = SAME_KEY
    d = d[~(key | alt)]
    if not len(d):
        return out
    x, y = ids_a[d], ids_b[d]
    lo_, hi_ = np.minimum(x, y), np.maximum(x, y)
    n = np.int64(len(table.names) + 1)
    uniq, inv = distinct(lo_ * n + hi_, int(n) * int(n))
    out[d] = table.name_memo.get(uniq, lambda c: table.name_sims(c // n, c % n))[inv]
    return out


def name_levels(s: F64) -> I64:
    lv = np.full(len(s), 4, dtype=np.int64)
    lv[s >= 0.65] = 3
    lv[s >= 0.8] = 2
    lv[s >= 0.9] = 1
    lv[s >= EXACT_MIN] = 0
    lv[s < 0] = -1
    return lv


def name_sims(e: Encoded, i: I64, j: I64, *, swap_all: bool = True) -> tuple[F64, F64]:
    """Best (given, family) similarity per pair over all name forms of both
    records and both name orders, as ``compare.compare_names`` (pairs of
    records with one name form each skip the per-pair reduction)."""
    single = (e.form_count[i] == 1) & (e.form_count[j] == 1)
    if single.all() or not single.any():
        return _name_sims(e, i, j, swap_all=swap_all, single=bool(single.all()))
    g = np.empty(len(i))
    f = np.empty(len(i))
    for sel, one in ((np.flatnonzero(single), True), (np.flatnonzero(~single), False)):
        g[sel], f[sel] = _name_sims(e, i[sel], j[sel], swap_all=swap_all, single=one)
    return g, f


def _name_sims(
    e: Encoded, i: I64, j: I64, *, swap_all: bool, single: bool, forms: list[I64] | None = None
) -> tuple[F64, F64]:
    """Best (given, family) similarity per pair over all name forms of both
    records and both name orders, as ``compare.compare_names``.  Without
    ``swap_all`` the other name order is only tried where a given name's
    skeleton equals the other record's family name skeleton (large batches).
    ``forms``: filled with the best form pair's two form indices per pair
    (the first of equally good ones, as ``compare_names``)."""
    ci, cj = e.form_count[i], e.form_count[j]
    reps = ci * cj
    g_out = np.full(len(i), -1.0)
    f_out = np.full(len(i), -1.0)
    if not reps.any():
        return g_out, f_out
    pair = np.repeat(np.arange(len(i), dtype=np.int64), reps)
    first = np.cumsum(reps) - reps
    t = np.arange(len(pair), dtype=np.int64) - first[pair]
    fa = e.form_start[i][pair] + t // cj[pair]
    fb = e.form_start[j][pair] + t % cj[pair]
    ga, sa, gb, sb = e.form_g[fa], e.form_f[fa], e.form_g[fb], e.form_f[fb]
    g = pair_sims(ga, gb, e.table)
    f = pair_sims(sa, sb, e.table)
    k1 = g + f
    # the other order, where the names may be swapped (as compare_names)
    swap = k1 < 1.8
    if not swap_all:
        xg, xf = e.form_gsk[fa], e.form_fsk[fa]
        yg, yf = e.form_gsk[fb], e.form_fsk[fb]
        swap &= ((xg >= 0) & (xg == yf)) | ((xf >= 0) & (xf == yg))
    sw = np.flatnonzero(swap)
    x = pair_sims(ga[sw], sb[sw], e.table)
    y = pair_sims(sa[sw], gb[sw], e.table)
    g2, f2 = np.minimum(x, y), np.maximum(x, y)
    k2 = g2 + f2 - 0.05
    # per form pair: the straight reading unless the swapped one is better by
    # the key (total, family, given) -- ties keep the straight reading
    better = (k2 > k1[sw]) | ((k2 == k1[sw]) & ((f2 > f[sw]) | ((f2 == f[sw]) & (g2 > g[sw]))))
    key_t = k1.copy()
    gg, ff = g.copy(), f.copy()
    sel = sw[better]
    key_t[sel] = k2[better]
    gg[sel] = g2[better]
    ff[sel] = f2[better]
    if single:  # one form pair per record pair
        g_out[pair] = gg
        f_out[pair] = ff
        if forms is not None:
            forms.extend((fa, fb))
        return g_out, f_out
    # best form pair per record pair, by (total, family, given), first on ties
    # (each record pair's form pairs are contiguous: maxima by reduceat)
    starts = first[reps > 0]
    cand = np.ones(len(pair), dtype=np.bool_)
    for v in (key_t, ff, gg):
        top = np.maximum.reduceat(np.where(cand, v, -np.inf), starts)
        cand &= v == np.repeat(top, reps[reps > 0])
    best = np.minimum.reduceat(np.where(cand, np.arange(len(pair)), len(pair)), starts)
    g_out[pair[best]] = gg[best]
    f_out[pair[best]] = ff[best]
    if forms is not None:
        bfa = np.full(len(i), -1, dtype=np.int64)
        bfb = np.full(len(i), -1, dtype=np.int64)
        bfa[pair[best]] = fa[best]
        bfb[pair[best]] = fb[best]
        forms.extend((bfa, bfb))
    return g_out, f_out


def single_reading(e: Encoded, i: I64, j: I64) -> npt.NDArray[np.bool_]:
    """Pairs compared on one reading only (one name form each and no swapped
    order tried, as ``name_sims`` without ``swap_all``): their given and
    family levels are those of the two forms' given and family names."""
    one = (e.form_count[i] == 1) & (e.form_count[j] == 1)
    fa, fb = e.form_start[i], e.form_start[j]
    xg, xf = e.form_gsk[fa], e.form_fsk[fa]
    yg, yf = e.form_gsk[fb], e.form_fsk[fb]
    cross = ((xg >= 0) & (xg == yf)) | ((xf >= 0) & (xf == yg))
    out: npt.NDArray[np.bool_] = one & ~cross
    return out


def family_levels(e: Encoded, i: I64, j: I64) -> I64:
    """Family-name levels of ``single_reading`` pairs."""
    fa, fb = e.form_start[i], e.form_start[j]
    return name_levels(pair_sims(e.form_f[fa], e.form_f[fb], e.table))


def family_best(e: Encoded, i: I64, j: I64) -> I64:
    """The best family-name level any reading of each pair can reach (for
    pairs with several name forms or a swapped order): the best level over
    all form pairs of the straight family names and, where ``name_sims``
    tries the other order, of the crossed names."""
    ci, cj = e.form_count[i], e.form_count[j]
    reps = ci * cj
    out = np.full(len(i), -1, dtype=np.int64)
    if not reps.any():
        return out
    pair = np.repeat(np.arange(len(i), dtype=np.int64), reps)
    first = np.cumsum(reps) - reps
    t = np.arange(len(pair), dtype=np.int64) - first[pair]
    fa = e.form_start[i][pair] + t // cj[pair]
    fb = e.form_start[j][pair] + t % cj[pair]
    f = pair_sims(e.form_f[fa], e.form_f[fb], e.table)
    xg, xf = e.form_gsk[fa], e.form_fsk[fa]
    yg, yf = e.form_gsk[fb], e.form_fsk[fb]
    sw = np.flatnonzero(((xg >= 0) & (xg == yf)) | ((xf >= 0) & (xf == yg)))
    if len(sw):
        x = pair_sims(e.form_g[fa[sw]], e.form_f[fb[sw]], e.table)
        y = pair_sims(e.form_f[fa[sw]], e.form_g[fb[sw]], e.table)
        f[sw] = np.maximum(f[sw], np.maximum(x, y))
    best = np.full(len(i), -1.0)
    np.maximum.at(best, pair, f)
    return name_levels(best)


def name_details(
    e: Encoded, i: I64, j: I64, *, swap_all: bool = False
) -> tuple[F64, F64, I64, I64]:
    """(given similarity, family similarity, form of i, form of j) of the best
    reading of every pair (-1: no name form), as ``compare.compare_names``
    (without ``swap_all``, the other order only where ``name_sims`` tries it)."""
    g = np.full(len(i), -1.0)
    f = np.full(len(i), -1.0)
    fa = np.full(len(i), -1, dtype=np.int64)
    fb = np.full(len(i), -1, dtype=np.int64)
    single = (e.form_count[i] == 1) & (e.form_count[j] == 1)
    for sel, one in ((np.flatnonzero(single), True), (np.flatnonzero(~single), False)):
        if not len(sel):
            continue
        forms: list[I64] = []
        g[sel], f[sel] = _name_sims(e, i[sel], j[sel], swap_all=swap_all, single=one, forms=forms)
        if forms:
            fa[sel], fb[sel] = forms
    return g, f, fa, fb

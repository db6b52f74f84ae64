"""Match weights of pairs array-wise: totals, term frequencies, upper bounds, patterns."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ..compare import BIRTH_LEVELS, Levels, levels_for
from ..normalise import skeleton
from .arrays import CORE, F64, I64, Other, mix
from .encode import Encoded

BIRTH_YEAR_LEVEL = BIRTH_LEVELS.index("year")
FEW_OTHERS = 4  # combinations held by this many other records are read record by record


def family_gain(
    e: Encoded,
    i: I64,
    j: I64,
    level: I64,
    weight: Callable[[str, int], float],
    adjust: Callable[[str, int, float], float],
    *,
    upper: bool = False,
) -> F64:
    """The family weight of ``level`` (with its term frequency) minus the
    best the family name could have reached in ``best_weights`` (<= 0).
    With ``upper``, ``level`` is only the best level reachable: the best
    weight of it or any worse level (or of a missing name) counts."""
    field = "family_name"
    table = np.array([weight(field, x) for x in range(len(levels_for(field)))] + [0.0])
    rest = max([*table[1:-1].tolist(), 0.0])
    rec = _record_adjustments(name_shares(e)[1], field, adjust)
    adj = np.minimum(rec[i], rec[j])
    adj[~np.isfinite(adj)] = 0.0
    sp = spelling_bounds(e)[1]
    adj += np.minimum(sp[i], sp[j])
    best = np.maximum(table[0] + adj, rest)
    if upper:  # this level or any worse one, or a missing name (0)
        suffix = np.maximum.accumulate(table[:-1][::-1])[::-1]
        reach = np.maximum(np.append(suffix, 0.0)[level], 0.0)
        worse = max(float(suffix[1]), 0.0)
        actual = np.where(level == 0, np.maximum(table[0] + adj, worse), reach)
    else:
        actual = table[level] + np.where(level == 0, adj, 0.0)
    out: F64 = actual - best
    return out


def best_weights(
    e: Encoded,
    i: I64,
    j: I64,
    cheap: dict[str, I64],
    other: Other | None,
    weight: Callable[[str, int], float],
    adjust: Callable[[str, int, float], float] | None = None,
) -> F64:
    """An upper bound of every pair's total weight before any name is
    compared: the non-name weights plus the best weight each name field could
    reach (exact agreement with the pair's term-frequency adjustment when
    ``adjust`` is given).  Pairs whose bound is below the threshold can be
    dropped without comparing names."""
    w = weights({**cheap}, other, weight)
    if adjust is not None and "place" in cheap:
        w += place_parts(e, i, j, cheap["place"], adjust)
    shares = name_shares(e) if adjust is not None else None
    spelt = spelling_bounds(e) if adjust is not None else None
    for k, field in enumerate(("given_name", "family_name")):
        nlev = len(levels_for(field))
        table = [weight(field, x) for x in range(nlev)]
        rest = max([*table[1:], 0.0])
        if shares is None or adjust is None:
            w += max(table[0], rest)
            continue
        adj = _record_adjustments(shares[k], field, adjust)
        if spelt is not None:  # as adj, +inf without a name: the pair's is the other's
            adj = adj + spelt[k]
        w += np.maximum(table[0] + np.minimum(adj[i], adj[j]), rest)
    return w


def _record_adjustments(share: F64, field: str, adjust: Callable[[str, int, float], float]) -> F64:
    """Each record's term-frequency adjustment of exact agreement (+inf
    without a name).  The adjustment falls as the share grows, so a pair's
    (that of the commoner name) is the smaller of its two records'."""
    uniq, inv = np.unique(share, return_inverse=True)
    vals = np.array([adjust(field, 0, float(t)) if t > 0 else np.inf for t in uniq])
    out: F64 = vals[inv.reshape(-1)]
    return out


def pair_levels(core: dict[str, I64], other: Other | None, k: int) -> list[tuple[str, int]]:
    """The levels of pair ``k`` in the order of ``compare.compare``."""
    lv = [(f, int(core[f][k])) for f in CORE if core[f][k] >= 0]
    if other is not None:
        lv.extend((f, int(x[k])) for f, x in other.items() if x[k] >= 0)
    return lv


def weights(
    core: dict[str, I64],
    other: Other | None,
    weight: Callable[[str, int], float],
    total: Callable[[Levels], float] | None = None,
) -> F64:
    """Total match weight of every pair from the model's tables (the sum of
    ``weight`` over compared fields, as ``MatchModel.total``)."""
    n = len(next(iter(core.values())))
    w = np.zeros(n)
    for f, lv in [*core.items(), *(other or {}).items()]:
        nlev = int(lv.max(initial=-1)) + 1
        if nlev == 0:
            continue
        table = np.array([weight(f, x) for x in range(nlev)] + [0.0])
        w += table[lv]  # -1 picks the trailing 0.0
    return w


def name_shares(e: Encoded) -> tuple[F64, F64]:
    """Share of the list with each record's given / family name skeleton."""
    out: list[F64] = []
    for sk in (e.g_sk, e.f_sk):
        ok = sk >= 0
        counts = np.bincount(sk[ok], minlength=1).astype(np.float64)
        share = np.zeros(e.n)
        share[ok] = counts[sk[ok]] / max(e.n, 1)
        out.append(share)
    return out[0], out[1]


def tf_parts(
    e: Encoded,
    i: I64,
    j: I64,
    core: dict[str, I64],
    adjust: Callable[[str, int, float], float],
) -> dict[str, F64]:
    """Term-frequency adjustments (bits) of exact given and family name
    agreement per pair (the commoner of the two records' names), as
    ``Index.search`` applies them."""
    out: dict[str, F64] = {}
    for field, share in zip(("given_name", "family_name"), name_shares(e), strict=True):
        w = np.zeros(len(i))
        hit = np.flatnonzero(core[field] == 0)
        if len(hit):
            tf = np.maximum(share[i[hit]], share[j[hit]])
            uniq, inv = np.unique(tf, return_inverse=True)
            vals = np.array([adjust(field, 0, float(t)) for t in uniq])
            w[hit] = vals[inv.reshape(-1)]
        out[field] = w
    return out


def tf_weights(
    e: Encoded,
    i: I64,
    j: I64,
    core: dict[str, I64],
    adjust: Callable[[str, int, float], float],
) -> F64:
    """The sum of ``tf_parts`` per pair."""
    parts = tf_parts(e, i, j, core, adjust)
    out: F64 = parts["given_name"] + parts["family_name"]
    return out


def patterns(
    core: dict[str, I64], other: Other | None
) -> tuple[list[tuple[tuple[str, int], ...]], list[int]]:
    """Distinct comparison vectors and their counts (for EM)."""
    cols = [core[f] for f in CORE] + list((other or {}).values())
    if len(cols) <= 15:
        code = np.zeros(len(cols[0]), dtype=np.int64)
        for c in cols:
            code = code * 16 + (c + 1)
        _, idx, counts = np.unique(code, return_index=True, return_counts=True)
    else:
        _, idx, counts = np.unique(
            np.stack(cols, axis=1), axis=0, return_index=True, return_counts=True
        )
    return [tuple(pair_levels(core, other, int(k))) for k in idx], counts.tolist()


def birth_spans(e: Encoded, i: I64, j: I64, birth: I64) -> F64:
    """Bits off an overlapping birth (level ``year``) per pair: -log2 of the wider
    of the two ranges in years.  A year or date inside a five-year range is five
    times likelier to be met by chance than the same single year (large registers,
    where namesakes share an approximate age)."""
    out = np.zeros(len(i))
    hit = np.flatnonzero(birth == BIRTH_YEAR_LEVEL)
    if len(hit):
        wide = np.maximum(e.hi[i[hit]] - e.lo[i[hit]], e.hi[j[hit]] - e.lo[j[hit]]) + 1
        out[hit] = -np.log2(np.maximum(wide, 1).astype(np.float64))
    return out


def whole_names(e: Encoded) -> I64:
    """Each record's given and family name skeletons as one key, order-free
    (-1 without both)."""
    gs, fs = e.g_sk, e.f_sk
    a = np.where((gs < 0) | (fs < 0), -1, np.minimum(gs, fs))
    b = np.where((gs < 0) | (fs < 0), -1, np.maximum(gs, fs))
    return mix(a, b)


def _fits(e: Encoded, m: I64, x: I64) -> npt.NDArray[np.bool_]:
    """Whether records ``m`` could be the same person as records ``x``: births
    unknown or within a year of each other, sex unknown or the same."""
    lo_m, hi_m, lo_x, hi_x = e.lo[m], e.hi[m], e.lo[x], e.hi[x]
    birth = (lo_m == 0) | (lo_x == 0) | ((lo_m <= hi_x + 1) & (lo_x <= hi_m + 1))
    sex = (e.sex[m] == 0) | (e.sex[x] == 0) | (e.sex[m] == e.sex[x])
    out: npt.NDArray[np.bool_] = birth & sex
    return out


def _shares_of(e: Encoded, key: I64, i: I64, j: I64) -> F64:
    """Per pair: the share of the list held by namesakes of the pair in
    ``key`` -- the other records with the commoner of the two records' values,
    not counting one of them that could be a further registration of the same
    person (birth within a year of both records', the same sex, or unknown).
    A record of another birth or sex is always a namesake.  0 where no
    namesake is left, or a record has no value."""
    n = e.n
    out = np.zeros(len(i))
    ok = key >= 0
    if not ok.any() or not len(i):
        return out
    _, inv, counts = np.unique(key[ok], return_inverse=True, return_counts=True)
    cnt = np.zeros(len(key), dtype=np.int64)
    cnt[ok] = counts[inv.reshape(-1)]
    ki, kj = key[i], key[j]
    top = np.where(cnt[i] >= cnt[j], i, j)  # the record of the commoner value
    others = cnt[top] - np.where(ki == kj, 2, 1)
    # one further registration is allowed for among the others, unless none of
    # them fits the pair: look at every other holder of small combinations
    # (larger ones are counted as they are, less one)
    spare = np.minimum(others, 1)
    few = np.flatnonzero((ki >= 0) & (kj >= 0) & (others >= 1) & (others <= FEW_OTHERS))
    if len(few):
        rec = np.flatnonzero(ok)
        order = rec[np.argsort(key[ok], kind="stable")]
        first = np.zeros(len(key), dtype=np.int64)
        sk = key[order]
        starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
        first[order] = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        t, a, b = top[few], i[few], j[few]
        fit = np.zeros(len(few), dtype=bool)
        for step in range(FEW_OTHERS + 2):
            inside = step < cnt[t]
            m = order[np.minimum(first[t] + step, len(order) - 1)]
            cand = inside & (m != a) & (m != b)
            fit |= cand & _fits(e, m, a) & _fits(e, m, b)
        spare[few] = fit
    others = others - spare
    hit = (ki >= 0) & (kj >= 0) & (others > 0)
    out[hit] = others[hit] / max(n, 1)
    return out


def joint_parts(
    e: Encoded,
    i: I64,
    j: I64,
    core: dict[str, I64],
    tf: dict[str, F64],
    model_mu: Callable[[str], tuple[tuple[float, float], ...]],
    weight: Callable[[str, int], float],
) -> F64:
    """Bits off (<= 0) pairs that agree exactly on both names, on both names and
    the place, or on the family name and the place, when that combination of
    values is commoner among the other records than the fields' separate weights
    say.  Names and places are not independent (Albanian given names go with
    Albanian family names and Albanian towns, a family with its town), so the sum
    of their weights overstates how rarely two different people share all of
    them; the combination's own frequency (as a term frequency of the whole
    name, or of name and place) is the better u.  Never raises a weight, and
    counts nothing where no namesake holds the combination (``_shares_of``)."""
    fs = e.f_sk
    gf = whole_names(e)
    m0 = {f: model_mu(f)[0][0] for f in ("given_name", "family_name", "place")}
    w0 = {f: weight(f, 0) for f in ("given_name", "family_name", "place")}
    zero = np.zeros(len(i))
    wg = w0["given_name"] + tf.get("given_name", zero)
    wf = w0["family_name"] + tf.get("family_name", zero)
    wp = w0["place"] + tf.get("place", zero)
    g_ok, f_ok, p_ok = core["given_name"] == 0, core["family_name"] == 0, core["place"] == 0
    out = np.zeros(len(i))

    def lower(sel: npt.NDArray[np.bool_], key: I64, fields: tuple[str, ...], now: F64) -> None:
        idx = np.flatnonzero(sel)
        if not len(idx):
            return
        share = _shares_of(e, key, i[idx], j[idx])
        hit = share > 0
        m = float(np.prod([max(m0[f], 1e-6) for f in fields]))
        joint = np.log2(m) - np.log2(np.where(hit, share, 1.0))
        cut = np.where(hit, np.minimum(joint - now[idx], 0.0), 0.0)
        out[idx] = np.minimum(out[idx], cut)

    both = g_ok & f_ok
    lower(both, gf, ("given_name", "family_name"), wg + wf)
    dense = np.unique(gf, return_inverse=True)[1].reshape(-1).astype(np.int64)
    gfp = mix(np.where(gf >= 0, dense, -1), e.place)
    lower(both & p_ok, gfp, ("given_name", "family_name", "place"), wg + wf + wp)
    lower(~g_ok & f_ok & p_ok, mix(fs, e.place), ("family_name", "place"), wf + wp)
    return out


SPELLING_MAX_BITS = 3.0  # the most a shared spelling adds to exact agreement on a name
SURE_PAIRS = 50  # sure pairs needed to measure how often matches share a spelling


def first_names(e: Encoded) -> tuple[I64, I64]:
    """Each record's first form's given and family name ids (interned spellings;
    -1: none)."""
    has = e.form_count > 0
    first = e.form_start[has]
    g = np.full(e.n, -1, dtype=np.int64)
    f = np.full(e.n, -1, dtype=np.int64)
    g[has], f[has] = e.form_g[first], e.form_f[first]
    return g, f


def _spelling_shares(e: Encoded) -> list[tuple[I64, npt.NDArray[np.bool_], F64]]:
    """Per name field: each record's name id, whether it has one and a key, and
    its spelling's share ``r`` among the records of its key."""
    out = []
    for ids, sk in zip(first_names(e), (e.g_sk, e.f_sk), strict=True):
        ok = (ids >= 0) & (sk >= 0)
        spell = np.bincount(ids[ok]).astype(np.float64)
        keyed = np.bincount(sk[ok]).astype(np.float64)
        r = np.ones(e.n)
        r[ok] = spell[ids[ok]] / keyed[sk[ok]]
        out.append((ids, ok, r))
    return out


def spelling_bounds(e: Encoded) -> tuple[F64, F64]:
    """Per record and name field, the most ``spelling_parts`` can add to exact
    agreement with it (whatever share of matches copies spellings):
    log2(1 / r) within ``SPELLING_MAX_BITS``; computed once per list."""
    if e.spelling is None:
        g, f = (np.minimum(-np.log2(r), SPELLING_MAX_BITS) for _, _, r in _spelling_shares(e))
        e.spelling = (g, f)
    return e.spelling


def spelling_parts(
    e: Encoded, i: I64, j: I64, core: dict[str, I64], sure: npt.NDArray[np.bool_]
) -> dict[str, F64]:
    """Bits for exact given and family name agreement in the same spelling, or in
    two spellings of one key.  A name has many spellings; a namesake has the
    pair's spelling with that spelling's share ``r`` among the records of its
    key, and a further registration of the same person either copies the
    spelling (from one document: a share ``c`` of matches) or is written anew
    (then it agrees with the share ``r`` too).  So the same spelling is worth
    log2((c + (1 - c) r) / r), another spelling log2(1 - c); ``c`` is measured
    on the ``sure`` pairs (almost surely matches): the share whose spelling
    agrees beyond what ``r`` explains.  Where spellings are not copied (c = 0)
    nothing changes.  Within ``SPELLING_MAX_BITS``."""
    out: dict[str, F64] = {}
    for field, (ids, ok, share) in zip(
        ("given_name", "family_name"), _spelling_shares(e), strict=True
    ):
        w = np.zeros(len(i))
        out[field] = w
        exact = np.flatnonzero((core[field] == 0) & ok[i] & ok[j])
        s = sure[exact]
        if s.sum() < SURE_PAIRS:
            continue
        a, b = i[exact], j[exact]
        same = ids[a] == ids[b]
        r = np.clip(np.where(same, share[a], np.maximum(share[a], share[b])), 1e-6, 1.0)
        agree, chance = float(same[s].mean()), float(r[s].mean())
        c = min(max((agree - chance) / max(1.0 - chance, 1e-6), 0.0), 0.95)
        if c <= 0.0:
            continue
        bits = np.where(same, np.log2((c + (1.0 - c) * r) / r), math.log2(1.0 - c))
        w[exact] = np.clip(bits, -SPELLING_MAX_BITS, SPELLING_MAX_BITS)
    return out


def place_parts(
    e: Encoded, i: I64, j: I64, place: I64, adjust: Callable[[str, int, float], float]
) -> F64:
    """Term-frequency adjustments (bits) of exact place agreement per pair: the
    share of the records with a place that have the commoner of the two
    records' places (all its spellings, by Latin key) replaces u, as for names
    -- two people of Tehran are likelier to be namesakes than two of Sanandaj."""
    out = np.zeros(len(i))
    hit = np.flatnonzero(place == 0)
    if not len(hit):
        return out
    share = place_shares(e)
    tf = np.maximum(share[i[hit]], share[j[hit]])
    uniq, inv = np.unique(tf, return_inverse=True)
    vals = np.array([adjust("place", 0, float(t)) for t in uniq])
    out[hit] = vals[inv.reshape(-1)]
    return out


def place_shares(e: Encoded) -> F64:
    """Share of the records with a place that have each record's place (by the
    consonant skeleton of its Latin key, as ``compare.place_level`` reads the same
    place in two spellings: Bagdad = Baghdad; 0 without a place)."""
    keys: dict[str, int] = {}
    kid = np.array(
        [keys.setdefault(skeleton(t.key) if t.key else t.fold, len(keys)) for t in e.places] + [-1]
    )
    k = kid[e.place]  # place -1: the trailing -1
    ok = k >= 0
    out = np.zeros(e.n)
    if ok.any():
        counts = np.bincount(k[ok]).astype(np.float64)
        out[ok] = counts[k[ok]] / ok.sum()
    return out

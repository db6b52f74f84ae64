"""Vectorised batch comparison (numpy): every record is encoded once into
integer features, candidate pairs come from sorting on blocking keys, and the
comparison levels of all pairs are computed array-wise.  String similarity
(rapidfuzz, through ``compare.tokens_similarity``) is computed once per
*distinct* pair of names, never per record pair.

The levels are those of ``compare.compare`` (a test checks they are equal);
identifiers and ``extra`` fields, rare in large registers, are compared per
pair in Python."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .compare import (
    Levels,
    Profile,
    Token,
    Tokens,
    _extra_levels,
    ids_level,
    joined_key,
    place_level,
    tokens_similarity,
)
from .normalise import phonetic, skeleton

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

WINDOW = 6  # sorted-neighbourhood window within a blocking key (sorted by birth)
CORE = ("given_name", "family_name", "birth", "sex", "place")


@dataclass
class Encoded:
    """Integer features of a list of profiles (one row per record; name forms
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
    places: list[Profile]  # id -> a profile holding that place
    # blocking features
    g_sk: I64  # skeleton id of the first form's given name (joined), -1
    g1_sk: I64  # skeleton id of the first given token, -1
    f_sk: I64  # skeleton id of the first form's family name (joined), -1
    ph: I64  # phonetic (given, family) id, -1


def encode(ps: Sequence[Profile]) -> Encoded:
    n = len(ps)
    name_id: dict[int, int] = {}
    names: list[Tokens] = []
    sk_id: dict[str, int] = {}
    place_id: dict[str, int] = {}
    places: list[Profile] = []
    feat_cache: dict[int, tuple[int, int]] = {}

    def nid(t: Tokens) -> int:
        if not t:
            return -1
        i = name_id.get(id(t))
        if i is None:
            i = name_id[id(t)] = len(names)
            names.append(t)
        return i

    def skid(s: str) -> int:
        if not s:
            return -1
        i = sk_id.get(s)
        if i is None:
            i = sk_id[s] = len(sk_id)
        return i

    def sk_of(t: Tokens) -> tuple[int, int]:
        """(skeleton id of the joined name, skeleton id of its first token)."""
        if not t:
            return (-1, -1)
        r = feat_cache.get(id(t))
        if r is None:
            r = feat_cache[id(t)] = (
                skid(skeleton(joined_key(t))),
                skid(skeleton(t[0].key)),
            )
        return r

    form_rec: list[int] = []
    form_g: list[int] = []
    form_f: list[int] = []
    form_gsk: list[int] = []
    form_fsk: list[int] = []
    form_start = np.zeros(n, dtype=np.int64)
    form_count = np.zeros(n, dtype=np.int64)
    lo = np.zeros(n, dtype=np.int64)
    hi = np.zeros(n, dtype=np.int64)
    ymd = np.full(n, -1, dtype=np.int64)
    has_birth = np.zeros(n, dtype=np.bool_)
    sex = np.zeros(n, dtype=np.int64)
    place = np.full(n, -1, dtype=np.int64)
    g_sk = np.full(n, -1, dtype=np.int64)
    g1_sk = np.full(n, -1, dtype=np.int64)
    f_sk = np.full(n, -1, dtype=np.int64)
    ph = np.full(n, -1, dtype=np.int64)
    sexes = {"f": 1, "m": 2}
    for r, p in enumerate(ps):
        form_start[r] = len(form_rec)
        form_count[r] = len(p.forms)
        for g, f in p.forms:
            form_rec.append(r)
            form_g.append(nid(g))
            form_f.append(nid(f))
            form_gsk.append(sk_of(g)[0])
            form_fsk.append(sk_of(f)[0])
        if p.forms:
            g, f = p.forms[0]
            g_sk[r], g1_sk[r] = sk_of(g)
            f_sk[r] = sk_of(f)[0]
            if g and f:
                a, b = sorted((phonetic(g[0].key), phonetic(joined_key(f))))
                ph[r] = skid(a + "|" + b)
        b_ = p.birth
        if b_ is not None:
            has_birth[r] = True
            lo[r], hi[r] = b_.lo, b_.hi
            if b_.ymd and b_.ymd.isdigit():
                ymd[r] = int(b_.ymd)
        sex[r] = sexes.get(p.sex, 0)
        if p.place is not None:
            k = p.place.fold
            i = place_id.get(k)
            if i is None:
                i = place_id[k] = len(places)
                places.append(p)
            place[r] = i
    return Encoded(
        n,
        np.array(form_rec, dtype=np.int64),
        np.array(form_g, dtype=np.int64),
        np.array(form_f, dtype=np.int64),
        np.array(form_gsk, dtype=np.int64),
        np.array(form_fsk, dtype=np.int64),
        form_start,
        form_count,
        lo,
        hi,
        ymd,
        has_birth,
        sex,
        place,
        names,
        places,
        g_sk,
        g1_sk,
        f_sk,
        ph,
    )


# --- candidate pairs -------------------------------------------------------


def _mix(a: I64, b: I64) -> I64:
    """One int64 key from two small non-negative ids (-1 stays invalid)."""
    out = (a << np.int64(31)) ^ b
    out[(a < 0) | (b < 0)] = -1
    return out


def sorted_pairs(key: I64, order_by: I64, window: int = WINDOW) -> tuple[I64, I64]:
    """Pairs of records with the same key (>= 0) within ``window`` places of
    each other when sorted by key then ``order_by`` (sorted neighbourhood:
    every pair of a small block, near neighbours by birth in a large one)."""
    valid = np.flatnonzero(key >= 0)
    o = valid[np.lexsort((order_by[valid], key[valid]))]
    k = key[o]
    left: list[I64] = []
    right: list[I64] = []
    for d in range(1, window + 1):
        if d >= len(o):
            break
        m = k[:-d] == k[d:]
        left.append(o[:-d][m])
        right.append(o[d:][m])
    if not left:
        e = np.zeros(0, dtype=np.int64)
        return e, e
    return np.concatenate(left), np.concatenate(right)


def blocked_pairs(e: Encoded, window: int = WINDOW) -> tuple[I64, I64]:
    """Distinct pairs (i < j) from the blocking rules: given + family name
    (order-free), family + birth year, given + birth year, first given name +
    family, full date of birth, and a phonetic given + family key."""
    mid = (e.lo + e.hi) // 2
    year = np.where(e.lo > 0, mid, -1)
    gs, fs = e.g_sk, e.f_sk
    a, b = np.minimum(gs, fs), np.maximum(gs, fs)
    a = np.where(gs < 0, -1, a)
    b = np.where(fs < 0, -1, b)
    rules = [
        (_mix(a, b), mid),
        (_mix(fs, year), e.ymd),
        (_mix(gs, year), e.ymd),
        (_mix(e.g1_sk, fs), mid),
        (e.ymd, gs),
        (e.ph, mid),
    ]
    ls: list[I64] = []
    rs: list[I64] = []
    for key, order in rules:
        left, right = sorted_pairs(key, order, window)
        ls.append(left)
        rs.append(right)
    left = np.concatenate(ls)
    right = np.concatenate(rs)
    i, j = np.minimum(left, right), np.maximum(left, right)
    code = np.unique(i[i != j] * np.int64(e.n) + j[i != j])
    return code // e.n, code % e.n


# --- comparisons -------------------------------------------------------------


def _pair_sims(ids_a: I64, ids_b: I64, names: list[Tokens]) -> F64:
    """tokens_similarity of name ids, once per distinct (symmetric) pair; -1
    where either is missing."""
    out = np.full(len(ids_a), -1.0)
    ok = (ids_a >= 0) & (ids_b >= 0)
    if not ok.any():
        return out
    x, y = ids_a[ok], ids_b[ok]
    lo_, hi_ = np.minimum(x, y), np.maximum(x, y)
    n = np.int64(len(names) + 1)
    uniq, inv = np.unique(lo_ * n + hi_, return_inverse=True)
    sims = np.fromiter(
        (tokens_similarity(names[int(c // n)], names[int(c % n)]) for c in uniq),
        dtype=np.float64,
        count=len(uniq),
    )
    out[ok] = sims[inv]
    return out


def _name_level(s: F64) -> I64:
    from .compare import EXACT_MIN

    lv = np.full(len(s), 4, dtype=np.int64)
    lv[s >= 0.65] = 3
    lv[s >= 0.8] = 2
    lv[s >= 0.9] = 1
    lv[s >= EXACT_MIN] = 0
    lv[s < 0] = -1
    return lv


def name_sims(e: Encoded, i: I64, j: I64, *, swap_all: bool = True) -> tuple[F64, F64]:
    """Best (given, family) similarity per pair over all name forms of both
    records and both name orders, as ``compare.compare_names``.  Without
    ``swap_all`` the other name order is only tried where a given name's
    skeleton equals the other record's family name skeleton (large batches)."""
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
    g = _pair_sims(ga, gb, e.names)
    f = _pair_sims(sa, sb, e.names)
    k1 = g + f
    # the other order, where the names may be swapped (as compare_names)
    swap = k1 < 1.8
    if not swap_all:
        xg, xf = e.form_gsk[fa], e.form_fsk[fa]
        yg, yf = e.form_gsk[fb], e.form_fsk[fb]
        swap &= ((xg >= 0) & (xg == yf)) | ((xf >= 0) & (xf == yg))
    sw = np.flatnonzero(swap)
    x = _pair_sims(ga[sw], sb[sw], e.names)
    y = _pair_sims(sa[sw], gb[sw], e.names)
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
    # best form pair per record pair, by (total, family, given)
    o = np.lexsort((gg, ff, key_t, pair))
    last = np.flatnonzero(np.r_[pair[o][1:] != pair[o][:-1], True])
    best = o[last]
    g_out[pair[best]] = gg[best]
    f_out[pair[best]] = ff[best]
    return g_out, f_out


def _digits(ymd: I64) -> npt.NDArray[np.int64]:
    p = np.array([10**k for k in range(7, -1, -1)], dtype=np.int64)
    out: npt.NDArray[np.int64] = (np.maximum(ymd, 0)[:, None] // p[None, :]) % 10
    return out


def birth_levels(e: Encoded, i: I64, j: I64) -> I64:
    """``compare.birth_level`` for all pairs (-1: missing on one side)."""
    lv = np.full(len(i), -1, dtype=np.int64)
    both = e.has_birth[i] & e.has_birth[j]
    alo, ahi, blo, bhi = e.lo[i], e.hi[i], e.lo[j], e.hi[j]
    gap = np.maximum(np.maximum(alo - bhi, blo - ahi), 0)
    dates = (e.ymd[i] >= 0) & (e.ymd[j] >= 0)
    lv[both] = 8
    known = both & (alo > 0) & (blo > 0)
    lv[known & (gap <= 5)] = 7
    lv[known & (gap <= 2)] = 6
    lv[known & (gap <= 1)] = 5
    lv[known & (gap == 0)] = 4
    lv[known & (gap == 0) & dates] = 3
    d = np.flatnonzero(both & dates)
    if len(d):
        ya, yb = e.ymd[i][d], e.ymd[j][d]
        dl = lv[d]
        dl[(alo[d] > 0) & (alo[d] == blo[d])] = 3
        da, db = _digits(ya), _digits(yb)
        diff = da != db
        nd = diff.sum(axis=1)
        adj = diff[:, :-1] & diff[:, 1:]
        swap = (da[:, :-1] == db[:, 1:]) & (da[:, 1:] == db[:, :-1])
        trans = (nd == 2) & (adj & swap).any(axis=1)
        dl[(nd == 1) | trans] = 2
        dm = (
            (ya // 10000 == yb // 10000)
            & ((ya // 100) % 100 == yb % 100)
            & (ya % 100 == (yb // 100) % 100)
        )
        dl[dm] = 1
        dl[ya == yb] = 0
        lv[d] = dl
    return lv


def place_levels(e: Encoded, i: I64, j: I64) -> I64:
    lv = np.full(len(i), -1, dtype=np.int64)
    a, b = e.place[i], e.place[j]
    ok = (a >= 0) & (b >= 0)
    if not ok.any():
        return lv
    n = np.int64(len(e.places) + 1)
    uniq, inv = np.unique(a[ok] * n + b[ok], return_inverse=True)
    vals = np.fromiter(
        (place_level(pp, pq) for pp, pq in _place_pairs(e, uniq, n)),
        dtype=np.int64,
        count=len(uniq),
    )
    lv[ok] = vals[inv]
    return lv


def _place_pairs(e: Encoded, uniq: I64, n: np.int64) -> list[tuple[Token, Token]]:
    out: list[tuple[Token, Token]] = []
    for c in uniq:
        pa = e.places[int(c // n)].place
        pb = e.places[int(c % n)].place
        assert pa is not None and pb is not None
        out.append((pa, pb))
    return out


def core_levels(e: Encoded, i: I64, j: I64, *, swap_all: bool = True) -> dict[str, I64]:
    """Levels of the core fields for every pair (-1: not compared)."""
    g, f = name_sims(e, i, j, swap_all=swap_all)
    sa, sb = e.sex[i], e.sex[j]
    sex = np.where((sa > 0) & (sb > 0), (sa != sb).astype(np.int64), -1)
    return {
        "given_name": _name_level(g),
        "family_name": _name_level(f),
        "birth": birth_levels(e, i, j),
        "sex": sex,
        "place": place_levels(e, i, j),
    }


def other_levels(ps: Sequence[Profile], i: I64, j: I64) -> list[list[tuple[str, int]]] | None:
    """Identifier and extra-field levels per pair (Python; None when no record
    has any)."""
    if not any(p.ids or p.extra for p in ps):
        return None
    out: list[list[tuple[str, int]]] = []
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        pa, pb = ps[a], ps[b]
        lv: list[tuple[str, int]] = []
        if pa.ids and pb.ids:
            lv.append(("identifier", ids_level(pa.ids, pb.ids)))
        if pa.extra and pb.extra:
            lv.extend(_extra_levels(pa.extra, pb.extra))
        out.append(lv)
    return out


def pair_levels(
    core: dict[str, I64], other: list[list[tuple[str, int]]] | None, k: int
) -> list[tuple[str, int]]:
    """The levels of pair ``k`` in the order of ``compare.compare``."""
    lv = [(f, int(core[f][k])) for f in CORE if core[f][k] >= 0]
    if other is not None:
        lv.extend(other[k])
    return lv


def weights(
    core: dict[str, I64],
    other: list[list[tuple[str, int]]] | None,
    weight: Callable[[str, int], float],
    total: Callable[[Levels], float],
) -> F64:
    """Total match weight of every pair from the model's tables."""
    n = len(core["given_name"])
    w = np.zeros(n)
    for f in CORE:
        lv = core[f]
        nlev = int(lv.max(initial=-1)) + 1
        if nlev == 0:
            continue
        table = np.array([weight(f, x) for x in range(nlev)] + [0.0])
        w += table[lv]  # -1 picks the trailing 0.0
    if other is not None:
        cache: dict[tuple[tuple[str, int], ...], float] = {}
        extra = np.zeros(n)
        for k, lv2 in enumerate(other):
            t = tuple(lv2)
            x = cache.get(t)
            if x is None:
                x = cache[t] = total(t)
            extra[k] = x
        w += extra
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


def tf_weights(
    e: Encoded,
    i: I64,
    j: I64,
    core: dict[str, I64],
    adjust: Callable[[str, int, float], float],
) -> F64:
    """Term-frequency adjustments of exact name agreement (the commoner of the
    two records' names), as ``Index.search`` applies them."""
    w = np.zeros(len(i))
    for field, share in zip(("given_name", "family_name"), name_shares(e), strict=True):
        hit = np.flatnonzero(core[field] == 0)
        if not len(hit):
            continue
        tf = np.maximum(share[i[hit]], share[j[hit]])
        uniq, inv = np.unique(tf, return_inverse=True)
        vals = np.array([adjust(field, 0, float(t)) for t in uniq])
        w[hit] = vals[inv]
    return w


def patterns(
    core: dict[str, I64], other: list[list[tuple[str, int]]] | None
) -> tuple[list[tuple[tuple[str, int], ...]], list[int]]:
    """Distinct comparison vectors and their counts (for EM)."""
    n = len(core["given_name"])
    code = np.zeros(n, dtype=np.int64)
    for f in CORE:
        code = code * 16 + (core[f] + 1)
    if other is None:
        _, idx, counts = np.unique(code, return_index=True, return_counts=True)
        return [tuple(pair_levels(core, None, int(k))) for k in idx], counts.tolist()
    seen: dict[tuple[int, tuple[tuple[str, int], ...]], int] = {}
    pats: list[tuple[tuple[str, int], ...]] = []
    cnt: list[int] = []
    for k in range(n):
        key = (int(code[k]), tuple(other[k]))
        x = seen.get(key)
        if x is None:
            seen[key] = len(pats)
            pats.append(tuple(pair_levels(core, other, k)))
            cnt.append(1)
        else:
            cnt[x] += 1
    return pats, cnt

"""Birth, sex and place levels array-wise, and all core levels of pairs."""

from __future__ import annotations

import numpy as np

from ..compare import Token, place_level
from .arrays import I64, distinct
from .encode import Encoded
from .names import name_levels, name_sims, pair_sims

# birth level of a gap of 0..6 years between two ranges (same, within 1, 2,
# 5, further)
_GAP_LEVEL = np.array([4, 5, 6, 7, 7, 7, 8], dtype=np.int8)


def birth_levels(e: Encoded, i: I64, j: I64) -> I64:
    """``compare.birth_level`` for all pairs (-1: missing on one side)."""
    sm = e.small
    alo, blo = sm.lo[i], sm.lo[j]
    gap = np.maximum(alo - sm.hi[j], blo - sm.hi[i])
    lv = _GAP_LEVEL[np.clip(gap, 0, 6)]
    known = (alo > 0) & (blo > 0)
    lv[~known] = 8
    ya, yb = sm.ymd[i], sm.ymd[j]
    dates = (ya >= 0) & (yb >= 0)
    both = e.has_birth[i] & e.has_birth[j]
    # full dates: the same year, then one typo, day/month swap, the same date
    lv[dates & ((known & (gap <= 0)) | ((alo > 0) & (alo == blo)))] = 3
    lv[~both] = -1
    both &= dates
    r = np.flatnonzero(both & (ya != yb))
    if len(r):
        # one digit changed, or two adjacent digits transposed (on the digits
        # of each record's YYYYMMDD); the day/month swap changes at most four
        dig = e.digits
        ia, ib = i[r], j[r]
        x = dig[ia] ^ dig[ib]  # one byte per digit: non-zero where they differ
        x |= x >> np.uint64(1)
        x |= x >> np.uint64(2)
        x &= np.uint64(0x0101010101010101)
        nd = (x * np.uint64(0x0101010101010101)) >> np.uint64(56)  # differing digits
        typo = nd == 1
        few = np.flatnonzero((nd >= 2) & (nd <= 4))
        swapped = few
        if len(few):
            da = dig[ia[few]].view(np.uint8).reshape(-1, 8)
            db = dig[ib[few]].view(np.uint8).reshape(-1, 8)
            ne = da != db
            trans = np.zeros(len(few), dtype=np.bool_)
            for k in range(7):
                trans |= (
                    ne[:, k]
                    & ne[:, k + 1]
                    & (da[:, k] == db[:, k + 1])
                    & (da[:, k + 1] == db[:, k])
                )
            typo[few[trans & (nd[few] == 2)]] = True
            dm = (
                (da[:, :4] == db[:, :4]).all(axis=1)
                & (da[:, 4:6] == db[:, 6:8]).all(axis=1)
                & (da[:, 6:8] == db[:, 4:6]).all(axis=1)
            )
            swapped = few[dm]
        lv[r[typo]] = 2
        lv[r[swapped]] = 1
    lv[both & (ya == yb)] = 0
    out: I64 = lv.astype(np.int64)
    return out


def place_levels(e: Encoded, i: I64, j: I64) -> I64:
    lv = np.full(len(i), -1, dtype=np.int64)
    a, b = e.small.place[i], e.small.place[j]
    ok = (a >= 0) & (b >= 0)
    if not ok.any():
        return lv
    n = np.int64(len(e.places) + 1)
    uniq, inv = distinct(a[ok] * n + b[ok], int(n * n))
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
        out.append((e.places[int(c // n)], e.places[int(c % n)]))
    return out


def cheap_levels(e: Encoded, i: I64, j: I64) -> dict[str, I64]:
    """Levels of the fields other than names (integer arithmetic only)."""
    sm = e.small
    sa, sb = sm.sex[i], sm.sex[j]
    sex = np.where((sa > 0) & (sb > 0), (sa != sb).astype(np.int64), -1)
    return {"birth": birth_levels(e, i, j), "sex": sex, "place": place_levels(e, i, j)}


def core_levels(
    e: Encoded,
    i: I64,
    j: I64,
    *,
    swap_all: bool = True,
    cheap: dict[str, I64] | None = None,
    family: I64 | None = None,
) -> dict[str, I64]:
    """Levels of the core fields for every pair (-1: not compared); ``cheap``:
    the non-name levels when already computed; ``family``: family-name levels
    already known (of ``single_reading`` pairs; -2 where not known)."""
    c = cheap if cheap is not None else cheap_levels(e, i, j)
    if family is None or not (family >= -1).any():
        g, f = name_sims(e, i, j, swap_all=swap_all)
        return {"given_name": name_levels(g), "family_name": name_levels(f), **c}
    # pairs whose family level is known (one reading): only the given names
    known = family >= -1
    gl = np.empty(len(i), dtype=np.int64)
    fl = family.copy()
    kn, un = np.flatnonzero(known), np.flatnonzero(~known)
    fa, fb = e.form_start[i[kn]], e.form_start[j[kn]]
    gl[kn] = name_levels(pair_sims(e.form_g[fa], e.form_g[fb], e.table))
    if len(un):
        g, f = name_sims(e, i[un], j[un], swap_all=swap_all)
        gl[un], fl[un] = name_levels(g), name_levels(f)
    return {"given_name": gl, "family_name": fl, **c}

"""Candidate pairs by sorted-neighbourhood blocking on integer keys."""

from __future__ import annotations

import numpy as np

from .arrays import I64, bit_width, compact, mix
from .encode import Encoded
from .other import OtherEnc

WINDOW = 6  # sorted-neighbourhood window within a blocking key (sorted by birth)


def sorted_pairs(key: I64, order_by: I64, window: int = WINDOW) -> tuple[I64, I64]:
    """Pairs of records with the same key (>= 0) within ``window`` places of
    each other when sorted by key then ``order_by`` (sorted neighbourhood:
    every pair of a small block, near neighbours by birth in a large one)."""
    valid = np.flatnonzero(key >= 0)
    kv, ov = key[valid], order_by[valid]
    nb = bit_width(len(valid))
    kr, ks = kv, int(kv.max(initial=0)) + 1
    orr, os_ = compact(ov)
    if bit_width(ks) + bit_width(os_) + nb > 63:
        kr, ks = compact(kv)
    if bit_width(ks) + bit_width(os_) + nb <= 63:
        # one sort of (key, order, position) packed in an int64: the order
        # of the stable lexsort below, faster
        packed = ((kr * np.int64(os_) + orr) << np.int64(nb)) | np.arange(len(valid))
        packed.sort()
        pos = packed & np.int64((1 << nb) - 1)
        o = valid[pos]
        k = kv[pos]
    else:
        o = valid[np.lexsort((ov, kv))]
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


def _distinct_pairs(pairs: list[tuple[I64, I64]], n: int) -> tuple[I64, I64]:
    """The distinct pairs (i < j) among pairs of distinct records, sorted."""
    if not pairs:
        e = np.zeros(0, dtype=np.int64)
        return e, e
    bits = bit_width(n)
    code = np.concatenate(
        [(np.minimum(a, b) << np.int64(bits)) | np.maximum(a, b) for a, b in pairs]
    )
    code.sort()
    keep = np.empty(len(code), dtype=np.bool_)
    keep[:1] = True
    np.not_equal(code[1:], code[:-1], out=keep[1:])
    code = code[keep]
    return code >> np.int64(bits), code & np.int64((1 << bits) - 1)


def blocked_pairs(
    e: Encoded, window: int = WINDOW, year_window: int | None = None
) -> tuple[I64, I64]:
    """Distinct pairs (i < j) from the blocking rules: given + family name
    (order-free), family + birth year, given + birth year, first given name +
    family, full date of birth, and a phonetic given + family key
    (``year_window``: a narrower window for the two name + year rules)."""
    mid = (e.lo + e.hi) // 2
    year = np.where(e.lo > 0, mid, -1)
    gs, fs = e.g_sk, e.f_sk
    a, b = np.minimum(gs, fs), np.maximum(gs, fs)
    a = np.where(gs < 0, -1, a)
    b = np.where(fs < 0, -1, b)
    yw = window if year_window is None else year_window
    rules = [
        (mix(a, b), mid, window),
        (mix(fs, year), e.ymd, yw),
        (mix(gs, year), e.ymd, yw),
        (mix(e.g1_sk, fs), mid, window),
        (e.ymd, gs, window),
        (e.ph, mid, window),
    ]
    return _distinct_pairs([sorted_pairs(key, order, w) for key, order, w in rules], e.n)


def _other_keys(oe: OtherEnc | None) -> list[I64]:
    """Integer blocking keys of identifiers and ``extra`` fields: each
    identifier, and each pair of extra values (street number + street,
    suburb + postcode, ...), -1 where missing."""
    if oe is None:
        return []
    out = [oe.ident] if (oe.ident >= 0).any() else []
    names = sorted(oe.fields)
    for a, k1 in enumerate(names):
        for k2 in names[a + 1 :]:
            out.append(mix(oe.fields[k1], oe.fields[k2]))
    return out


def link_pairs(e: Encoded, oe: OtherEnc | None, nl: int, window: int = WINDOW) -> tuple[I64, I64]:
    """Distinct pairs (i < nl <= j) of a left list (records 0..nl-1 of ``e``)
    and a right list (the rest): the rules of ``blocked_pairs`` plus each
    identifier and each pair of ``extra`` values, sorted neighbourhood within
    each key (every cross pair of a small block)."""
    mid = (e.lo + e.hi) // 2
    year = np.where(e.lo > 0, mid, -1)
    gs, fs = e.g_sk, e.f_sk
    a, b = np.minimum(gs, fs), np.maximum(gs, fs)
    a = np.where(gs < 0, -1, a)
    b = np.where(fs < 0, -1, b)
    side = (np.arange(e.n) >= nl).astype(np.int64)
    rules = [
        (mix(a, b), mid),
        (mix(fs, year), e.ymd),
        (mix(gs, year), e.ymd),
        (mix(e.g1_sk, fs), mid),
        (e.ymd, gs),
        (e.ph, mid),
    ]
    rules.extend((k, side) for k in _other_keys(oe))
    pairs: list[tuple[I64, I64]] = []
    for key, order in rules:
        left, right = sorted_pairs(key, order, window)
        x, y = np.minimum(left, right), np.maximum(left, right)
        cross = (x < nl) & (y >= nl)
        pairs.append((x[cross], y[cross]))
    return _distinct_pairs(pairs, e.n)

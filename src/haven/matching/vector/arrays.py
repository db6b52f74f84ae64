"""Array helpers shared by the batch modules: types, distinct codes, rapidfuzz calls."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from rapidfuzz import process

I64 = npt.NDArray[np.int64]


F64 = npt.NDArray[np.float64]


CORE = ("given_name", "family_name", "birth", "sex", "place")


Other = dict[str, I64]  # field -> level per pair (-1: not compared), in compare's order


PARALLEL_MIN = 200_000  # below this many pairs rapidfuzz's threads cost more than they save


def thread_count(n: int) -> int:
    return -1 if n >= PARALLEL_MIN else 1


def cpdist(
    a: npt.NDArray[np.object_], b: npt.NDArray[np.object_], scorer: Callable[..., float]
) -> F64:
    out: F64 = process.cpdist(a, b, scorer=scorer, dtype=np.float64, workers=thread_count(len(a)))
    return out


def distinct(code: I64, size: int) -> tuple[I64, I64]:
    """Sorted distinct values of ``code`` (0 <= code < size) and the index of
    each value among them: a dense table when ``size`` is small, else one
    sort of the codes packed with their positions (faster than
    ``np.unique``'s argsort) when they fit in 63 bits."""
    if size <= max(4 * len(code), 1 << 20):
        mark = np.zeros(size, dtype=np.bool_)
        mark[code] = True
        uniq = np.flatnonzero(mark)
        pos = np.zeros(size, dtype=np.int64)
        pos[uniq] = np.arange(len(uniq), dtype=np.int64)
        return uniq.astype(np.int64), pos[code]
    bits = max(len(code) - 1, 1).bit_length()
    if (size - 1).bit_length() + bits > 63:
        u, inv = np.unique(code, return_inverse=True)
        return u, inv.reshape(-1)
    packed = (code << np.int64(bits)) | np.arange(len(code), dtype=np.int64)
    packed.sort()
    c = packed >> np.int64(bits)
    new = np.empty(len(c), dtype=np.bool_)
    new[:1] = True
    np.not_equal(c[1:], c[:-1], out=new[1:])
    inv = np.empty(len(c), dtype=np.int64)
    inv[packed & np.int64((1 << bits) - 1)] = np.cumsum(new) - 1
    return c[new], inv


def mix(a: I64, b: I64) -> I64:
    """One int64 key from two small non-negative ids (-1 stays invalid), as
    dense as the ids are (so that a sort key built on it stays short)."""
    valid = (a >= 0) & (b >= 0)
    out = a * np.int64(max(int(b.max(initial=0)), 0) + 1) + b
    out[~valid] = -1
    return out


def compact(v: I64) -> tuple[I64, int]:
    """Non-negative values in the same order, and their range: ranks when
    the values are spread over a range a table can cover, else ``v - min``."""
    if not len(v):
        return v, 1
    lo = int(v.min())
    span = int(v.max()) - lo + 1
    if len(v) < span <= 1 << 25:
        mark = np.zeros(span, dtype=np.bool_)
        mark[v - lo] = True
        rank = np.cumsum(mark, dtype=np.int32)
        return rank[v - lo].astype(np.int64) - 1, int(rank[-1])
    return v - lo, span


def bit_width(span: int) -> int:
    return max(span - 1, 1).bit_length()

"""Batch modes: link two lists, or de-duplicate one."""

from __future__ import annotations

import functools
import gc
import math
import random
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from . import vector
from .compare import Levels, Profile, compare, profile
from .explain import explain
from .keys import query_keys, record_keys
from .model import MatchModel, probability
from .records import MatchPair, Record

BLOCK_CAP = 40  # a key shared by more records than this is not a useful block
LINK_BUDGET = 4  # candidates per record before only singleton blocks are added
DEDUPE_BUDGET = 16
SMALL_BLOCK = 1
RANDOM_PAIRS = 10_000  # random pairs measuring u when the model is estimated
KEEP_M = ("given_name", "family_name", "birth", "sex", "place")  # m from the defaults
EM_ITERATIONS = 25
F = TypeVar("F", bound=Callable[..., Any])


def candidate_pairs(
    left: Sequence[Profile],
    right: Sequence[Profile],
    *,
    same: bool = False,
    budget: int | None = None,
) -> list[tuple[int, int]]:
    """Pairs (i, j) sharing a blocking key (i < j when ``same``).

    Keys are tried rarest first; once ``budget`` candidates are found for a
    record only singleton blocks are added, and blocks above ``BLOCK_CAP``
    are never used."""
    if budget is None:
        # small lists afford wide clusters (Febrl3); large ones keep work linear
        budget = (
            max(LINK_BUDGET, min(DEDUPE_BUDGET, 80_000 // max(len(left), 1)))
            if same
            else LINK_BUDGET
        )
    blocks: dict[int, list[int]] = {}
    for j, p in enumerate(right):
        for k in record_keys(p):
            b = blocks.get(k)
            if b is None:
                blocks[k] = [j]
            else:
                b.append(j)
    pairs: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for i, p in enumerate(left):
        found: set[int] = set()
        hits = sorted(
            (b for b in map(blocks.get, query_keys(p)) if b is not None and len(b) <= BLOCK_CAP),
            key=len,
        )
        for b in hits:
            if len(found) >= budget and len(b) > SMALL_BLOCK + same:
                break
            found.update(b)
        if same:
            found.discard(i)
            for j in found:
                pair = (i, j) if i < j else (j, i)
                if pair not in seen:
                    seen.add(pair)
                    pairs.append(pair)
        else:
            pairs.extend((i, j) for j in found)
    return pairs


def _fit(
    lp: Sequence[Profile],
    rp: Sequence[Profile],
    vectors: Sequence[Levels],
    n_total: int,
    counts: Sequence[int] | None = None,
) -> MatchModel:
    rng = random.Random(len(lp) * 7919 + len(rp))
    randoms = [
        compare(lp[rng.randrange(len(lp))], rp[rng.randrange(len(rp))])
        for _ in range(min(RANDOM_PAIRS, n_total))
    ]
    return MatchModel.fit(
        vectors,
        n_pairs_total=max(n_total, 1),
        random_pairs=randoms,
        iterations=EM_ITERATIONS,
        keep_m=KEEP_M,
        pattern_counts=counts,
    )


def estimate_model(
    lp: Sequence[Profile], rp: Sequence[Profile], *, same: bool, max_pairs: int = 300_000
) -> MatchModel:
    """The model ``link``/``dedupe`` estimate when none is given."""
    pairs = candidate_pairs(lp, rp, same=same)
    if len(pairs) > max_pairs:
        pairs = random.Random(7).sample(pairs, max_pairs)
    vectors = [tuple(compare(lp[i], rp[j])) for i, j in pairs]
    n = len(lp)
    return _fit(lp, rp, vectors, n * (n - 1) // 2 if same else n * len(rp))


def _score(
    lp: Sequence[Profile],
    rp: Sequence[Profile],
    pairs: list[tuple[int, int]],
    model: MatchModel | None,
    n_total: int,
) -> tuple[MatchModel, float, list[tuple[float, int, int, Levels]]]:
    vectors = [tuple(compare(lp[i], rp[j])) for i, j in pairs]
    if model is None:
        model = _fit(lp, rp, vectors, n_total)
    prior_bits = math.log2(model.prior / (1.0 - model.prior))
    cache: dict[Levels, float] = {}
    total = model.total
    scored: list[tuple[float, int, int, Levels]] = []
    for (i, j), v in zip(pairs, vectors, strict=True):
        w = cache.get(v)
        if w is None:
            w = cache[v] = total(v)
        scored.append((w, i, j, v))
    return model, prior_bits, scored


def _no_gc(fn: F) -> F:
    """Batch modes allocate millions of small tuples and no cycles: pause the
    cyclic garbage collector while they run."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper  # type: ignore[return-value]


def score(a: Record, b: Record, *, model: MatchModel | None = None) -> MatchPair:
    """Compare two records directly (no blocking); symmetric in a and b.  The
    probability uses the model's prior for a candidate pair."""
    model = model or MatchModel.default()
    pa, pb = profile(a), profile(b)
    levels = compare(pa, pb)
    w = model.total(levels)
    prior_bits = math.log2(model.prior / (1.0 - model.prior))
    return MatchPair(a.id, b.id, probability(w + prior_bits), w, explain(model, pa, pb, levels))


@_no_gc
def link(
    left: Sequence[Record],
    right: Sequence[Record],
    *,
    top: int = 5,
    threshold: float = 0.0,
    model: MatchModel | None = None,
    one_to_one: bool = False,
) -> list[MatchPair]:
    """Candidate matches of every left record among the right records.

    Without a model, m/u and the prior are estimated by EM on the data.  At
    most ``top`` pairs per left record (one when ``one_to_one``, which also
    uses every right record at most once, best weight first)."""
    lp = [profile(r) for r in left]
    rp = [profile(r) for r in right]
    pairs = candidate_pairs(lp, rp)
    model, prior_bits, scored = _score(lp, rp, pairs, model, len(lp) * len(rp))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    chosen: list[tuple[float, int, int, Levels]] = []
    if one_to_one:
        used_l: set[int] = set()
        used_r: set[int] = set()
        for t in scored:
            if probability(t[0] + prior_bits) < threshold:
                break
            if t[1] in used_l or t[2] in used_r:
                continue
            used_l.add(t[1])
            used_r.add(t[2])
            chosen.append(t)
    else:
        per_left: dict[int, int] = {}
        for t in scored:
            if probability(t[0] + prior_bits) < threshold:
                break
            n = per_left.get(t[1], 0)
            if n < top:
                per_left[t[1]] = n + 1
                chosen.append(t)
    return [
        MatchPair(
            left[i].id,
            right[j].id,
            probability(w + prior_bits),
            w,
            explain(model, lp[i], rp[j], v),
        )
        for w, i, j, v in chosen
    ]


SMALL_DEDUPE = 50_000  # up to this size dedupe blocks with the per-record key budget
LARGE_WINDOW = 4  # sorted-neighbourhood window above it


@_no_gc
def dedupe(
    records: Sequence[Record], *, threshold: float = 0.9, model: MatchModel | None = None
) -> list[MatchPair]:
    """Likely duplicate pairs within one list, most probable first.

    Records are encoded once into integer features and all candidate pairs are
    compared array-wise (``vector``); up to ``SMALL_DEDUPE`` records the
    candidates come from every blocking key with a per-record budget, above it
    from sorted-neighbourhood blocking on name, birth and phonetic keys."""
    ps = [profile(r) for r in records]
    n = len(ps)
    enc = vector.encode(ps)
    if n <= SMALL_DEDUPE:
        cp = candidate_pairs(ps, ps, same=True)
        i = np.fromiter((a for a, _ in cp), dtype=np.int64, count=len(cp))
        j = np.fromiter((b for _, b in cp), dtype=np.int64, count=len(cp))
    else:
        i, j = vector.blocked_pairs(enc, LARGE_WINDOW)
    core = vector.core_levels(enc, i, j, swap_all=n <= SMALL_DEDUPE)
    other = vector.other_levels(ps, i, j)
    if model is None:
        pats, counts = vector.patterns(core, other)
        model = _fit(ps, ps, pats, n * (n - 1) // 2, counts)
    prior_bits = math.log2(model.prior / (1.0 - model.prior))
    w = vector.weights(core, other, model.weight, model.total)
    if n > SMALL_DEDUPE:  # common names in a large register: term frequencies
        w += vector.tf_weights(enc, i, j, core, model.tf_adjustment)
    z = np.clip(w + prior_bits, -60.0, 60.0)
    prob = 1.0 / (1.0 + np.exp2(-z))
    sel = np.flatnonzero(prob >= threshold)
    sel = sel[np.lexsort((j[sel], i[sel], -w[sel]))]
    out: list[MatchPair] = []
    for k in sel.tolist():
        a, b = int(i[k]), int(j[k])
        levels = vector.pair_levels(core, other, k)
        wk = float(w[k])
        out.append(
            MatchPair(
                records[a].id,
                records[b].id,
                probability(wk + prior_bits),
                wk,
                explain(model, ps[a], ps[b], levels),
            )
        )
    return out

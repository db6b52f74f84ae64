"""Batch modes: link two lists, or de-duplicate one."""

from __future__ import annotations

import functools
import gc
import itertools
import math
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np

from . import vector
from .blocking import candidate_pairs
from .compare import compare, profile
from .explain import explain
from .model import RANDOM_PAIRS, MatchModel, fit_model, probability, random_pairs_rng
from .records import MatchPair, Record

F = TypeVar("F", bound=Callable[..., Any])


def _fit_arrays(
    enc: vector.Encoded,
    oe: vector.OtherEnc | None,
    core: dict[str, vector.I64],
    other: vector.Other | None,
    nl: int,
    nr: int,
    offset: int,
    n_total: int,
    scale: float = 1.0,
) -> MatchModel:
    """``_fit`` from array-wise levels: the candidate pairs' distinct patterns
    and the same random pairs as ``_fit`` draws (right records at ``offset``).
    ``scale``: how many candidate pairs each given one stands for (when the
    levels are those of a sample)."""
    pats, counts = vector.patterns(core, other)
    if scale != 1.0:
        counts = [max(1, round(c * scale)) for c in counts]
    rng = random_pairs_rng(nl, nr)
    k = min(RANDOM_PAIRS, n_total)
    draws = [(rng.randrange(nl), rng.randrange(nr)) for _ in range(k)]
    ri = np.array([a for a, _ in draws], dtype=np.int64)
    rj = np.array([b for _, b in draws], dtype=np.int64) + offset
    rcore, rother = _levels(enc, oe if other is not None else None, ri, rj)
    rpats, rcounts = vector.patterns(rcore, rother)
    randoms = [pat for pat, c in zip(rpats, rcounts, strict=True) for _ in range(c)]
    return fit_model(pats, counts, randoms, n_total)


def _levels(
    enc: vector.Encoded, oe: vector.OtherEnc | None, i: vector.I64, j: vector.I64
) -> tuple[dict[str, vector.I64], vector.Other | None]:
    """Core and other levels of pairs; the other fields (mostly rapidfuzz,
    which releases the GIL) in a second thread while the names are compared."""
    if oe is None:
        return vector.core_levels(enc, i, j), None
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(vector.other_levels, oe, i, j)
        return vector.core_levels(enc, i, j), other.result()


def _arrays(pairs: list[tuple[int, int]]) -> tuple[vector.I64, vector.I64]:
    i = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
    j = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
    return i, j


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
    nl, nr = len(left), len(right)
    both = [*left, *right]  # right records follow the left ones in the encoding
    enc = vector.encode_records(both)
    oe = vector.encode_other(both)
    i, j = vector.link_pairs(enc, oe, nl)
    core, other = _levels(enc, oe, i, j)
    if model is None:
        model = _fit_arrays(enc, oe, core, other, nl, nr, nl, nl * nr)
    prior_bits = math.log2(model.prior / (1.0 - model.prior))
    w = vector.weights(core, other, model.weight)
    z = np.clip(w + prior_bits, -60.0, 60.0)
    sel = np.flatnonzero(1.0 / (1.0 + np.exp2(-z)) >= threshold - 1e-9)
    sel = sel[np.lexsort((j[sel], i[sel], -w[sel]))]
    chosen: list[tuple[float, int, int, int]] = []
    used_l: set[int] = set()
    used_r: set[int] = set()
    per_left: dict[int, int] = {}
    for k, wk, a_, b_ in zip(
        sel.tolist(), w[sel].tolist(), i[sel].tolist(), j[sel].tolist(), strict=True
    ):
        if probability(wk + prior_bits) < threshold:
            break
        if one_to_one:
            if a_ in used_l or b_ in used_r:
                continue
            used_l.add(a_)
            used_r.add(b_)
        else:
            c = per_left.get(a_, 0)
            if c >= top:
                continue
            per_left[a_] = c + 1
        chosen.append((wk, a_, b_ - nl, k))
    ks = np.array([k for *_, k in chosen], dtype=np.int64)
    exps = vector.explain_pairs(
        both,
        enc,
        i[ks],
        j[ks],
        {f: v[ks] for f, v in core.items()},
        model.weight,
        {},
        other={f: v[ks] for f, v in other.items()} if other is not None else None,
        oe=oe,
        swap_all=True,
    )
    return [
        MatchPair(left[a_].id, right[b_].id, probability(wk + prior_bits), wk, x)
        for (wk, a_, b_, _), x in zip(chosen, exps, strict=True)
    ]


SMALL_DEDUPE = 50_000  # up to this size dedupe blocks with the per-record key budget
# sorted-neighbourhood window above it.  On a Latin register of 100,000
# (``gen_eval.latin``, its tuning seed; precision / recall at p >= 0.9): windows
# 1 / 1 give 0.985 / 0.372, 2 / 1 0.980 / 0.406, 3 / 2 0.978 / 0.416, 6 / 3
# 0.978 / 0.420; pairs further apart are mostly namesakes of common names, and
# each step costs time.  (On ``gen_register`` at 1M, before the dated prior:
# window 1 F1 0.837, 2 0.839, 4 0.822.)
LARGE_WINDOW = 2
YEAR_WINDOW = 1  # ... and for the given + year and family + year rules (precision)


SURE_BITS = math.log2(999.0)  # pairs at p >= 0.999: almost surely matches
FIT_SAMPLE = 100_000  # candidate pairs whose names are compared for the EM
# m in a large register (estimated models of a large ``dedupe`` only): namesakes
# -- the same common given and family name from the same place -- are many there,
# so known birth years that disagree (year_within_1, year_within_2,
# year_within_5, different) weigh more against a match than the defaults say (an
# approximate age is a year range and agrees as ``year``), and so does a given
# name that is only ``strong`` (a similar, not the same, name).
LARGE_M: dict[str, dict[int, float]] = {
    "birth": {5: 0.02, 6: 0.002, 7: 0.001, 8: 0.001},
    "given_name": {1: 0.06},
}


def _large_register(model: MatchModel) -> MatchModel:
    """``model`` with the m of ``LARGE_M`` (the other levels' m of each field
    scaled so they still sum to one)."""
    params = dict(model.params)
    for field, fixed_m in LARGE_M.items():
        mu = list(model.mu(field))
        fixed = sum(fixed_m.values())
        rest = sum(m for k, (m, _) in enumerate(mu) if k not in fixed_m)
        scale = (1.0 - fixed) / rest if rest > 0 else 1.0
        params[field] = tuple(
            (fixed_m[k], u) if k in fixed_m else (m * scale, u) for k, (m, u) in enumerate(mu)
        )
    # a partial agreement whose u was measured far rarer than its m was guessed
    # (two spellings of one place: random pairs almost never meet them) would
    # outweigh full agreement, and the model would then raise full agreement to
    # it: cap the partial level at full agreement's own weight instead
    for field, levels in list(params.items()):
        if len(levels) < 2 or field in ("given_name", "family_name"):
            continue
        m0, u0 = levels[0]
        top = m0 / max(u0, 1e-12)
        params[field] = (levels[0], *((min(m, u * top), u) for m, u in levels[1:]))
    return MatchModel(params, prior=model.prior)


def _dated_prior(
    enc: vector.Encoded,
    i: vector.I64,
    j: vector.I64,
    core: dict[str, vector.I64],
    other: vector.Other | None,
    model: MatchModel,
    scale: float,
) -> float:
    """The prior share of matches among pairs, measured where namesakes can be
    told apart: among pairs of records that both have a full date of birth.  EM
    over all candidate pairs of a large register counts pairs of namesakes (the
    same common names, no birth or only a year) as matches, and overstated the
    prior about fourfold on a Latin register of 100,000 (so p >= 0.9 was right
    only ~80% of the time near 0.9).  A record's date being known or not says
    nothing about whether it has a duplicate, so the share among dated pairs is
    the share among all.  ``scale``: candidate pairs each given one stands for."""
    full = (enc.ymd[i] >= 0) & (enc.ymd[j] >= 0)
    n_dated = int((enc.ymd >= 0).sum())
    total = n_dated * (n_dated - 1) / 2
    if not full.any() or total < 1:
        return model.prior
    w = vector.weights({f: v[full] for f, v in core.items()}, None, model.weight)
    if other is not None:
        w += vector.weights({}, {f: v[full] for f, v in other.items()}, model.weight)
    prior = model.prior
    for _ in range(30):
        bits = math.log2(prior / (1.0 - prior))
        z = np.clip(w + bits, -60.0, 60.0)
        new = float((1.0 / (1.0 + np.exp2(-z))).sum()) * scale / total
        new = min(max(new, 1e-12), 0.5)
        if abs(new - prior) <= 1e-3 * prior:
            return new
        prior = new
    return prior


def _prefiltered(
    enc: vector.Encoded,
    oe: vector.OtherEnc | None,
    i: vector.I64,
    j: vector.I64,
    model: MatchModel | None,
    threshold: float,
) -> tuple[MatchModel, vector.I64, vector.I64, dict[str, vector.I64], vector.Other | None]:
    """Levels of the candidate pairs of a large ``dedupe``, comparing names
    only where they can matter: the model is estimated on a sample of the
    pairs (``FIT_SAMPLE``), then pairs whose best possible weight (the
    non-name levels plus the best each name could reach, with its term
    frequency) stays below ``threshold`` are dropped before any name is
    compared; then, once family names are compared (exactly for pairs with
    one reading, as an upper bound for the others), again before the given
    names.  The bounds are exact: no pair that reaches ``threshold`` is lost.
    After the model, each half of the pairs is compared in a thread of its
    own (``_parts``)."""
    n = enc.n
    _ = enc.small, enc.digits  # cached features the threads share: built once, here
    parts = _parts(len(i))
    if model is None:
        k = len(i)
        s = np.arange(k)
        if k > FIT_SAMPLE:
            s = np.sort(np.random.default_rng(7).choice(k, FIT_SAMPLE, replace=False))
        si, sj = i[s], j[s]
        sc = vector.cheap_levels(enc, si, sj)
        so = vector.other_levels(oe, si, sj) if oe is not None else None
        core_s = vector.core_levels(enc, si, sj, swap_all=False, cheap=sc)
        model = _fit_arrays(enc, oe, core_s, so, n, n, 0, n * (n - 1) // 2, k / len(s))
        model = _large_register(model)
        model = MatchModel(
            model.params, prior=_dated_prior(enc, si, sj, core_s, so, model, k / len(s))
        )
    prior_bits = math.log2(model.prior / (1.0 - model.prior))
    need = math.log2(threshold / (1.0 - threshold)) if 0.0 < threshold < 1.0 else -math.inf
    if threshold >= 1.0:
        need = math.inf
    wt, adj = model.weight, model.tf_adjustment

    def names(
        a: int, b: int
    ) -> tuple[vector.I64, vector.I64, dict[str, vector.I64], vector.Other | None]:
        e = enc.fork() if len(parts) > 1 else enc
        i_, j_ = i[a:b], j[a:b]
        cheap_ = vector.cheap_levels(e, i_, j_)
        other_ = vector.other_levels(oe, i_, j_) if oe is not None else None
        bound = vector.best_weights(e, i_, j_, cheap_, other_, wt, adj)
        keep = np.flatnonzero(bound + prior_bits >= need - 1e-6)
        # then family names alone, where they are the pair's only reading
        i_, j_, bound = i_[keep], j_[keep], bound[keep]
        cheap_ = {f: v[keep] for f, v in cheap_.items()}
        if other_ is not None:
            other_ = {f: v[keep] for f, v in other_.items()}
        simple = vector.single_reading(e, i_, j_)
        fam = vector.family_levels(e, i_[simple], j_[simple])
        bound[simple] += vector.family_gain(e, i_[simple], j_[simple], fam, wt, adj)
        many = np.flatnonzero(~simple)
        if len(many):
            top = vector.family_best(e, i_[many], j_[many])
            bound[many] += vector.family_gain(e, i_[many], j_[many], top, wt, adj, upper=True)
        keep = np.flatnonzero(bound + prior_bits >= need - 1e-6)
        fam_full = np.full(len(i_), -2, dtype=np.int64)
        fam_full[simple] = fam
        i_, j_, fam_full = i_[keep], j_[keep], fam_full[keep]
        cheap_ = {f: v[keep] for f, v in cheap_.items()}
        if other_ is not None:
            other_ = {f: v[keep] for f, v in other_.items()}
        core = vector.core_levels(e, i_, j_, swap_all=False, cheap=cheap_, family=fam_full)
        return i_, j_, core, other_

    done = _in_threads(names, parts)
    i = np.concatenate([x[0] for x in done])
    j = np.concatenate([x[1] for x in done])
    other = _cat([x[3] for x in done if x[3] is not None]) if oe is not None else None
    return model, i, j, _cat([x[2] for x in done]), other


PARALLEL_PAIRS = 500_000  # below this many candidate pairs one thread does it all
T = TypeVar("T")


def _parts(n: int) -> list[tuple[int, int]]:
    """Two halves of ``n`` pairs when there are many pairs and two cores
    (numpy and rapidfuzz release the GIL), else one part."""
    k = 2 if n >= PARALLEL_PAIRS and (os.cpu_count() or 1) > 1 else 1
    cut = [n * x // k for x in range(k + 1)]
    return list(itertools.pairwise(cut))


def _in_threads(fn: Callable[[int, int], T], parts: list[tuple[int, int]]) -> list[T]:
    """``fn`` of each part, the parts in threads of their own."""
    if len(parts) == 1:
        return [fn(*parts[0])]
    with ThreadPoolExecutor(len(parts)) as pool:
        return list(pool.map(lambda p: fn(*p), parts))


def _cat(parts: list[dict[str, vector.I64]]) -> dict[str, vector.I64]:
    """Level arrays of consecutive parts, joined field by field."""
    return {f: np.concatenate([p[f] for p in parts]) for f in parts[0]}


@_no_gc
def dedupe(
    records: Sequence[Record], *, threshold: float = 0.9, model: MatchModel | None = None
) -> list[MatchPair]:
    """Likely duplicate pairs within one list, most probable first.

    Records are encoded once into integer features and all candidate pairs are
    compared array-wise (``vector``); up to ``SMALL_DEDUPE`` records the
    candidates come from every blocking key with a per-record budget, above it
    from sorted-neighbourhood blocking on name, birth and phonetic keys."""
    n = len(records)
    enc = vector.encode_records(records)
    oe = vector.encode_other(records)
    if n <= SMALL_DEDUPE:
        ps = [profile(r) for r in records]
        i, j = _arrays(candidate_pairs(ps, ps, same=True))
        core, other = _levels(enc, oe, i, j)
        if model is None:
            model = _fit_arrays(enc, oe, core, other, n, n, 0, n * (n - 1) // 2)
    else:
        # the token table (pure Python) is built while numpy sorts the blocks
        table = threading.Thread(target=lambda: enc.table)
        table.start()
        i, j = vector.blocked_pairs(enc, LARGE_WINDOW, YEAR_WINDOW)
        table.join()
        model, i, j, core, other = _prefiltered(enc, oe, i, j, model, threshold)
    prior_bits = math.log2(model.prior / (1.0 - model.prior))
    w = vector.weights(core, other, model.weight)
    tf: dict[str, vector.F64] = {}
    if n > SMALL_DEDUPE:  # common names in a large register: term frequencies
        tf = vector.tf_parts(enc, i, j, core, model.tf_adjustment)
        tf["birth"] = vector.birth_spans(enc, i, j, core["birth"])
        tf["place"] = vector.place_parts(enc, i, j, core["place"], model.tf_adjustment)
        # names and place are not independent: the combination's own frequency
        # (shown with the family name's term frequency)
        tf["family_name"] = tf["family_name"] + vector.joint_parts(
            enc, i, j, core, tf, model.mu, model.weight
        )
        w += tf["given_name"] + tf["family_name"] + tf["birth"] + tf["place"]
        # names in the same spelling, where matches copy spellings (shown with
        # the names' term frequencies)
        spelt = vector.spelling_parts(enc, i, j, core, w + prior_bits >= SURE_BITS)
        for f in ("given_name", "family_name"):
            tf[f] = tf[f] + spelt[f]
            w += spelt[f]
    z = np.clip(w + prior_bits, -60.0, 60.0)
    prob = 1.0 / (1.0 + np.exp2(-z))
    sel = np.flatnonzero(prob >= threshold)
    sel = sel[np.lexsort((j[sel], i[sel], -w[sel]))]
    # explanations array-wise (no profiles), from the reading the levels came from
    si, sj = i[sel], j[sel]
    exps = vector.explain_pairs(
        records,
        enc,
        si,
        sj,
        {f: v[sel] for f, v in core.items()},
        model.weight,
        {f: v[sel] for f, v in tf.items()},
        other={f: v[sel] for f, v in other.items()} if other is not None else None,
        oe=oe,
        swap_all=n <= SMALL_DEDUPE,
    )
    ws = w[sel].tolist()
    return [
        MatchPair(records[a].id, records[b].id, probability(wk + prior_bits), wk, x)
        for a, b, wk, x in zip(si.tolist(), sj.tolist(), ws, exps, strict=True)
    ]

"""The Fellegi–Sunter model: for every field and outcome level, m = P(level |
same person) and u = P(level | different people); a level contributes
log2(m/u) bits of evidence.  Parameters come from sensible defaults or from
EM on the records themselves."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from .blocking import candidate_pairs
from .compare import Levels, Profile, compare, levels_for, profile
from .records import Record

# (m, u) per level, in the order of compare.levels_for(field).
_DEFAULTS: dict[str, tuple[tuple[float, float], ...]] = {
    "given_name": ((0.70, 0.015), (0.17, 0.008), (0.07, 0.03), (0.04, 0.10), (0.02, 0.847)),
    "family_name": ((0.70, 0.006), (0.17, 0.004), (0.07, 0.02), (0.04, 0.08), (0.02, 0.89)),
    "birth": (
        (0.55, 0.00005),
        (0.02, 0.00001),
        (0.05, 0.0003),
        (0.02, 0.012),
        (0.24, 0.016),
        (0.07, 0.032),
        (0.03, 0.032),
        (0.01, 0.10),
        (0.01, 0.80764),
    ),
    "sex": ((0.97, 0.5), (0.03, 0.5)),
    "place": ((0.75, 0.06), (0.10, 0.04), (0.15, 0.90)),
    "identifier": ((0.80, 0.00001), (0.05, 0.0001), (0.15, 0.99989)),
}
RANDOM_PAIRS = 10_000  # random pairs measuring u when the model is estimated
KEEP_M = ("given_name", "family_name", "birth", "sex", "place")  # m from the defaults
EM_ITERATIONS = 25
_DEFAULT_VALUE = ((0.85, 0.02), (0.08, 0.05), (0.07, 0.93))
_FLOOR = 1e-6
TF_FIELDS = ("given_name", "family_name")  # and place, in large dedupe runs
TF_LEVELS = 1  # exact name agreement is adjusted by the name's frequency
TF_MAX_BITS = 4.0


def _weights(mu: Sequence[tuple[float, float]], *, monotone: bool = True) -> tuple[float, ...]:
    """log2(m/u) per level; with ``monotone`` the first (full agreement) level
    is never weaker than any other level, nor negative."""
    w = [math.log2(max(m, _FLOOR) / max(u, _FLOOR)) for m, u in mu]
    if monotone and w:
        w[0] = max(max(w), 0.0)
    return tuple(w)


class MatchModel:
    """m/u probabilities per field outcome, and the prior match probability of a
    candidate pair (``prior``) used by the batch modes."""

    def __init__(
        self, params: Mapping[str, Sequence[tuple[float, float]]], *, prior: float = 1e-4
    ) -> None:
        self.params: dict[str, tuple[tuple[float, float], ...]] = {
            k: tuple((float(m), float(u)) for m, u in v) for k, v in params.items()
        }
        self.prior = prior
        self._w: dict[str, tuple[float, ...]] = {k: _weights(v) for k, v in self.params.items()}
        self._default_value_w = _weights(_DEFAULT_VALUE)

    # --- construction ------------------------------------------------------

    @classmethod
    def default(cls) -> MatchModel:
        """Priors suited to Haven's register; no training needed."""
        return cls(_DEFAULTS)

    @classmethod
    def estimate(
        cls,
        records: Sequence[Record],
        *,
        other: Sequence[Record] | None = None,
        max_pairs: int = 200_000,
        iterations: int = 25,
    ) -> MatchModel:
        """Fit the model to the data: u measured on random pairs, the prior and
        the m of other fields by EM on blocked candidate pairs (``other`` given:
        pairs across the two lists; otherwise within ``records``)."""
        left = [profile(r) for r in records]
        right = [profile(r) for r in other] if other is not None else left
        return _estimate(left, right, same=other is None, max_pairs=max_pairs)

    @classmethod
    def fit(
        cls,
        vectors: Sequence[Levels],
        *,
        n_pairs_total: int | None = None,
        iterations: int = 25,
        start: MatchModel | None = None,
        random_pairs: Sequence[Levels] = (),
        keep_m: Collection[str] = (),
        pattern_counts: Sequence[int] | None = None,
    ) -> MatchModel:
        """EM over comparison vectors (conditional independence between fields).

        With ``random_pairs`` (comparisons of records drawn at random, nearly all
        different people) u is measured from them and held fixed, and EM only
        learns m and the prior -- the robust recipe when blocking makes the
        candidate pairs unrepresentative of non-matches.  ``pattern_counts``: how many
        pairs each vector stands for (default one each)."""
        model = start or cls.default()
        patterns: Counter[tuple[tuple[str, int], ...]] = Counter()
        if pattern_counts is None:
            patterns.update(tuple(v) for v in vectors)
        else:
            for v, cnt in zip(vectors, pattern_counts, strict=True):
                patterns[tuple(v)] += cnt
        n_pairs = sum(patterns.values())
        fields = sorted({f for pat in patterns for f, _ in pat})
        params = {f: list(model.mu(f)) for f in fields}
        fixed_u: dict[str, list[float]] = {}
        if random_pairs:
            counts = {f: [0.5] * len(params[f]) for f in fields}
            for v in random_pairs:
                for f, lvl in v:
                    if f in counts:
                        counts[f][lvl] += 1.0
            for f, c in counts.items():
                total = sum(c)
                fixed_u[f] = [x / total for x in c]
                params[f] = [(m, u) for (m, _), u in zip(params[f], fixed_u[f], strict=True)]
        n_vec = max(n_pairs, 1)
        lam = 0.1
        for _ in range(iterations):
            before = {f: list(params[f]) for f in fields}
            w = {f: _weights(params[f], monotone=False) for f in fields}
            logit0 = math.log2(lam / (1 - lam))
            m_acc = {f: [1e-3] * len(params[f]) for f in fields}
            u_acc = {f: [1e-3] * len(params[f]) for f in fields}
            total_g = 0.0
            for pat, count in patterns.items():
                s = logit0 + sum(w[f][lvl] for f, lvl in pat)
                g = 1.0 / (1.0 + math.exp2(-s)) if s > -60 else 0.0
                gm, gu = g * count, (1.0 - g) * count
                total_g += gm
                for f, lvl in pat:
                    m_acc[f][lvl] += gm
                    u_acc[f][lvl] += gu
            lam = min(max(total_g / n_vec, 1e-6), 0.999)
            for f in fields:
                ms, us = sum(m_acc[f]), sum(u_acc[f])
                us_ = fixed_u.get(f) or [u / us for u in u_acc[f]]
                if f in keep_m:
                    params[f] = [(m, u) for (m, _), u in zip(params[f], us_, strict=True)]
                else:
                    params[f] = [(m / ms, u) for m, u in zip(m_acc[f], us_, strict=True)]
            change = max(
                (
                    abs(a[0] - b[0]) + abs(a[1] - b[1])
                    for f in fields
                    for a, b in zip(params[f], before[f], strict=True)
                ),
                default=0.0,  # no candidate pair at all (a register of a few people)
            )
            if change < 1e-4:
                break
        prior = lam
        if n_pairs_total:
            prior = min(lam * n_pairs / n_pairs_total, 0.5)
        merged: dict[str, Sequence[tuple[float, float]]] = {**model.params}
        merged.update({f: [(m, u) for m, u in params[f]] for f in fields})
        return cls(merged, prior=max(prior, 1e-12))

    # --- use ------------------------------------------------------------------

    def mu(self, field: str) -> tuple[tuple[float, float], ...]:
        p = self.params.get(field)
        if p is None:
            n = len(levels_for(field))
            p = _DEFAULT_VALUE if n == 3 else tuple([(0.5, 0.5)] * n)
        return p

    def weight(self, field: str, level: int) -> float:
        w = self._w.get(field)
        if w is None:
            w = self._default_value_w if len(levels_for(field)) == 3 else (0.0,) * 9
        return w[level]

    def total(self, levels: Levels) -> float:
        ws = self._w
        t = 0.0
        for f, lvl in levels:
            w = ws.get(f)
            t += w[lvl] if w is not None else self.weight(f, lvl)
        return t

    def tf_adjustment(self, field: str, level: int, tf: float) -> float:
        """Term-frequency adjustment (bits) of an agreeing name: a rare name
        agreeing is stronger evidence than a common one.  For the ``exact``
        level u is replaced by the name's share ``tf`` of the
        register (as Splink's term-frequency adjustments do), within
        ±``TF_MAX_BITS``."""
        if level >= TF_LEVELS or tf <= 0.0:
            return 0.0
        p = self.params.get(field)
        if not p:
            return 0.0
        adj = math.log2(max(p[0][1], _FLOOR) / tf)
        return TF_MAX_BITS if adj > TF_MAX_BITS else -TF_MAX_BITS if adj < -TF_MAX_BITS else adj

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "prior": self.prior,
            "fields": {
                f: {
                    "levels": list(levels_for(f)),
                    "m": [m for m, _ in mu],
                    "u": [u for _, u in mu],
                }
                for f, mu in self.params.items()
            },
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> MatchModel:
        fields = d.get("fields", {})
        params = {
            str(f): tuple(zip(map(float, v["m"]), map(float, v["u"]), strict=True))
            for f, v in fields.items()
        }
        return cls(params, prior=float(d.get("prior", 1e-4)))

    def __repr__(self) -> str:
        return f"MatchModel(fields={sorted(self.params)}, prior={self.prior:.3g})"


def _fit_profiles(
    lp: Sequence[Profile],
    rp: Sequence[Profile],
    vectors: Sequence[Levels],
    n_total: int,
    counts: Sequence[int] | None = None,
) -> MatchModel:
    rng = random_pairs_rng(len(lp), len(rp))
    randoms = [
        compare(lp[rng.randrange(len(lp))], rp[rng.randrange(len(rp))])
        for _ in range(min(RANDOM_PAIRS, n_total))
    ]
    return fit_model(vectors, counts, randoms, n_total)


def random_pairs_rng(nl: int, nr: int) -> random.Random:
    """The generator of the random pairs u is measured on: both fits draw the same."""
    return random.Random(nl * 7919 + nr)


def fit_model(
    vectors: Sequence[Levels],
    counts: Sequence[int] | None,
    randoms: Sequence[Levels],
    n_total: int,
) -> MatchModel:
    return MatchModel.fit(
        vectors,
        n_pairs_total=max(n_total, 1),
        random_pairs=randoms,
        iterations=EM_ITERATIONS,
        keep_m=KEEP_M,
        pattern_counts=counts,
    )


def _estimate(
    lp: Sequence[Profile], rp: Sequence[Profile], *, same: bool, max_pairs: int = 300_000
) -> MatchModel:
    """``MatchModel.estimate`` of profiles."""
    pairs = candidate_pairs(lp, rp, same=same)
    if len(pairs) > max_pairs:
        pairs = random.Random(7).sample(pairs, max_pairs)
    vectors = [tuple(compare(lp[i], rp[j])) for i, j in pairs]
    n = len(lp)
    return _fit_profiles(lp, rp, vectors, n * (n - 1) // 2 if same else n * len(rp))


def probability(weight_bits: float) -> float:
    """Logistic in base 2, safe for large magnitudes."""
    if weight_bits > 60:
        return 1.0
    if weight_bits < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp2(-weight_bits))

"""What one search ranks with: the query's share of names, the letter-pair
signatures that bring close names near, and the rivals that share a posterior."""

from __future__ import annotations

import dataclasses
import math
from array import array
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from ..compare import Form, Profile, compare_scored
from ..model import MatchModel, probability
from ..scope import ScopeView

Block = int | array  # type: ignore[type-arg]
_NAME_FIELDS = ("given_name", "family_name")
PARTIAL_TF_LEVEL = 2  # strong and similar name agreement are capped by a common name's weight
WEAK = 3
_Scored = tuple[float, float, str, int, list[tuple[str, int]]]  # weight, name sim, id, slot, levels


@dataclass(frozen=True, slots=True)
class _Search:
    """What one search scores with: the model, the query's name shares, and
    the part of the register it sees (``view`` None: all of it, ``size``
    records); ``q_names``, the ``frequency_key`` of the query's given and
    family names (when it has both)."""

    model: MatchModel
    q_share: dict[str, float]
    view: ScopeView | None
    size: int
    q_names: dict[str, str] = dataclasses.field(default_factory=dict)


def _signature(key: str) -> int:
    """A Latin key's letter pairs (with its ends marked) as bits of a 64-bit
    set; 0 for an empty key."""
    if not key:
        return 0
    k = f"^{key}$"
    bits = 0
    for a, b in pairwise(k):
        bits |= 1 << ((ord(a) * 131 + ord(b)) % 64)
    return bits


def _dice(q: np.uint64, s: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
    """Dice coefficient of the bit set ``q`` with each of ``s`` (0 when both are empty)."""
    both = np.bitwise_count(s & q).astype(np.float64)
    size = np.bitwise_count(s).astype(np.float64) + float(int(q).bit_count())
    out: npt.NDArray[np.float64] = np.divide(2.0 * both, size, out=np.zeros(len(s)), where=size > 0)
    return out


RIVAL_BITS = 8.0  # rivals this far below a candidate (or below even odds) hardly matter
MAX_RIVALS = 3  # ... and beyond the strongest few they add little


def _rivals(
    model: MatchModel, profiles: list[Profile | None], scored: list[_Scored], prior_bits: float
) -> list[float]:
    """Per candidate j, log2(1 + the sum of 2^z over the *other* candidates k,
    each times the chance that k is someone else than j): a candidate of
    log-odds z then has the posterior 2^z / (1 + that sum) = logistic(z - this).
    Two namesakes who fit an enquiry equally well are each about one in two;
    two records of one person (a duplicate registration) do not compete.  Only
    rivals within ``RIVAL_BITS`` of max(z, 0) are weighed (the rest add little)."""
    z = [t[0] + prior_bits for t in scored]
    # the strongest rivals first (scored is sorted by weight): at most MAX_RIVALS each
    same: dict[tuple[int, int], float] = {}
    out: list[float] = []
    for j, zj in enumerate(z):
        others = 0.0
        floor = max(zj, 0.0) - RIVAL_BITS
        weighed = 0
        for k, zk in enumerate(z):
            if zk <= floor or weighed >= MAX_RIVALS:
                break
            if k == j:
                continue
            weighed += 1
            key = (j, k) if j < k else (k, j)
            s = same.get(key)
            if s is None:
                pj, pk = profiles[scored[j][3]], profiles[scored[k][3]]
                s = 0.0
                if pj is not None and pk is not None:
                    s = probability(model.total(compare_scored(pj, pk)[0]) + prior_bits)
                same[key] = s
            others += math.exp2(min(zk, 60.0)) * (1.0 - s)
        out.append(math.log2(1.0 + others))
    return out


def _settled(qp: Profile, scored: list[_Scored]) -> bool:
    """Whether the best candidate scored agrees at least strongly on every
    name part the query has: then the records sharing only a name part with
    the query are not looked through (``Index.by_part``)."""
    if not scored or not qp.forms:
        return False
    g, f = qp.forms[0]
    best = dict(max(scored, key=lambda t: t[0])[4])
    return all(best.get(field, WEAK) <= 1 for field, toks in _NAME_PARTS if (g, f)[toks])


_NAME_PARTS = (("given_name", 0), ("family_name", 1))


def _closeness_forms(qp: Profile) -> list[Form]:
    """The query's name forms that candidates' names are brought close to: its
    first, or for a whole name typed into one field its "given ... family"
    reading and, of three names or more, its "family given ..." one (else the
    whole name would be held against a given name alone)."""
    g, f = qp.forms[0]
    whole = g or f
    if (not g or not f) and len(qp.forms) > 1 and len(whole) > 1:
        return list(qp.forms[1:3]) if len(whole) > 2 else [qp.forms[1]]
    return [qp.forms[0]]

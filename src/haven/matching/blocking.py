"""Candidate pairs of profiles by blocking keys with a per-record budget (small
``dedupe`` runs and ``MatchModel.estimate``; large runs and ``link`` block
array-wise in ``vector.blocking``)."""

from __future__ import annotations

from collections.abc import Sequence

from .compare import Profile
from .keys import query_keys, record_keys

BLOCK_CAP = 40  # a key shared by more records than this is not a useful block
LINK_BUDGET = 4  # candidates per record before only singleton blocks are added
DEDUPE_BUDGET = 16
SMALL_BLOCK = 1


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

"""An incremental in-memory index answering one enquiry against a register.

Each record is stored once as a compact ``Profile`` (token tuples shared
between records) and under a few hashed blocking keys; a block is a single
int or an ``array('i')`` of internal slots.  A search looks up its keys,
ranks the slots by how many keys they share, scores the best few hundred with
the match model and explains the top results."""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Collection, Iterable
from operator import itemgetter

from .compare import Profile, compare, profile
from .explain import explain
from .keys import query_keys, record_keys
from .model import MatchModel, probability
from .records import Candidate, Record

Block = int | array  # type: ignore[type-arg]


class Index:
    """In-memory, incremental; ``add`` replaces a record with the same id."""

    block_cap = 1500  # blocks larger than this are only used when nothing else hits
    max_scored = 250  # candidates scored per search

    def __init__(self, model: MatchModel | None = None) -> None:
        self.model = model or MatchModel.default()
        self._records: list[Record | None] = []
        self._profiles: list[Profile | None] = []
        self._slot: dict[str, int] = {}
        self._free: list[int] = []
        self._blocks: dict[int, Block] = {}

    # --- maintenance ---------------------------------------------------------

    def add(self, record: Record) -> None:
        if record.id in self._slot:
            self.remove(record.id)
        p = profile(record)
        if self._free:
            slot = self._free.pop()
            self._records[slot] = record
            self._profiles[slot] = p
        else:
            slot = len(self._records)
            self._records.append(record)
            self._profiles.append(p)
        self._slot[record.id] = slot
        blocks = self._blocks
        for k in record_keys(p):
            v = blocks.get(k)
            if v is None:
                blocks[k] = slot
            elif isinstance(v, int):
                blocks[k] = array("i", (v, slot))
            else:
                v.append(slot)

    def extend(self, records: Iterable[Record]) -> None:
        for r in records:
            self.add(r)

    def remove(self, record_id: str) -> None:
        slot = self._slot.pop(record_id, None)
        if slot is None:
            return
        p = self._profiles[slot]
        assert p is not None
        blocks = self._blocks
        for k in record_keys(p):
            v = blocks.get(k)
            if v is None:
                continue
            if isinstance(v, int):
                if v == slot:
                    del blocks[k]
            else:
                try:
                    v.remove(slot)
                except ValueError:
                    continue
                if len(v) == 1:
                    blocks[k] = v[0]
        self._records[slot] = None
        self._profiles[slot] = None
        self._free.append(slot)

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._slot

    def get(self, record_id: str) -> Record | None:
        slot = self._slot.get(record_id)
        return None if slot is None else self._records[slot]

    # --- search ----------------------------------------------------------------

    def _candidate_slots(self, qp: Profile) -> list[int]:
        hits: dict[int, int] = {}
        big: list[array] = []  # type: ignore[type-arg]
        blocks, cap = self._blocks, self.block_cap
        for k in query_keys(qp):
            v = blocks.get(k)
            if v is None:
                continue
            if isinstance(v, int):
                hits[v] = hits.get(v, 0) + 1
            elif len(v) > cap:
                big.append(v)
            else:
                for s in v:
                    hits[s] = hits.get(s, 0) + 1
        if not hits and big:
            smallest = min(big, key=len)
            return list(smallest[: self.max_scored])
        if len(hits) <= self.max_scored:
            return list(hits)
        return [s for s, _ in heapq.nlargest(self.max_scored, hits.items(), key=itemgetter(1))]

    def search(
        self,
        query: Record,
        *,
        top: int = 5,
        min_probability: float = 0.0,
        exclude: Collection[str] = (),
    ) -> list[Candidate]:
        """Ranked candidates, best first, with calibrated probabilities.

        The prior is one expected match in the register, so the probability of
        a candidate is the posterior that it is *the* person sought."""
        if not self._slot:
            return []
        qp = profile(query)
        model = self.model
        prior_bits = -math.log2(max(len(self._slot), 1))
        scored: list[tuple[float, str, int, list[tuple[str, int]]]] = []
        for s in self._candidate_slots(qp):
            rec = self._records[s]
            p = self._profiles[s]
            if rec is None or p is None or rec.id in exclude:
                continue
            levels = compare(qp, p)
            scored.append((model.total(levels), rec.id, s, levels))
        scored.sort(key=lambda t: (-t[0], t[1]))
        out: list[Candidate] = []
        for w, rid, s, levels in scored:
            prob = probability(w + prior_bits)
            if prob < min_probability:
                break
            p = self._profiles[s]
            assert p is not None
            out.append(Candidate(rid, prob, w, explain(model, qp, p, levels)))
            if len(out) >= top:
                break
        return out

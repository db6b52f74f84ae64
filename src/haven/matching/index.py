"""An incremental in-memory index answering one enquiry against a register.

Each record is stored once as a compact ``Profile`` (token tuples shared
between records) and under a few hashed blocking keys; a block is a single
int or an ``array('i')`` of internal slots.  A search looks up its keys,
ranks the slots by how many keys they share, scores the best few hundred with
the match model and explains the top results."""

from __future__ import annotations

import math
from array import array
from collections.abc import Collection, Iterable
from itertools import pairwise
from operator import itemgetter

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .compare import (
    Levels,
    Profile,
    Tokens,
    compare_scored,
    joined_key,
    profile,
    search_tokens_similarity,
    tokens_similarity,
)
from .explain import explain
from .keys import index_query_keys, index_record_keys
from .model import TF_FIELDS, TF_LEVELS, MatchModel, probability
from .records import Candidate, Record

Block = int | array  # type: ignore[type-arg]
_NAME_FIELDS = ("given_name", "family_name")
_Scored = tuple[float, float, str, int, list[tuple[str, int]]]  # weight, name sim, id, slot, levels


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


class Index:
    """In-memory, incremental; ``add`` replaces a record with the same id."""

    block_cap = 1500  # blocks larger than this are only used when nothing else hits
    # candidates scored per search: half by the rarity of the keys they share,
    # half by how close their names are (Levenshtein of the Latin keys, among
    # the ``name_pool`` closest by letter pairs).  At 1M: top-1 0.953, p95
    # 4.4 ms; 120 scored, 20 of them by name: 0.954 at 9 ms.
    max_scored = 50
    by_name = 25
    name_pool = 200
    # the best so many scored again with the search-only name readings
    rerank = 10

    def __init__(self, model: MatchModel | None = None) -> None:
        self.model = model or MatchModel.default()
        self._records: list[Record | None] = []
        self._profiles: list[Profile | None] = []
        self._slot: dict[str, int] = {}
        self._free: list[int] = []
        self._blocks: dict[int, Block] = {}
        # per slot, ids of the first name form's given and family Latin keys
        # (joined, so all spellings are one; 0 when missing): to rank
        # candidates by name closeness, and to count name frequencies
        self._given_key = array("i")
        self._family_key = array("i")
        self._key_ids: dict[str, int] = {"": 0}
        self._key_text: list[str] = [""]
        self._key_sig = array("Q", [0])  # per key id: its letter pairs (``_signature``)
        self._given_count = array("i", [0])  # records per given-name key id
        self._family_count = array("i", [0])

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
            self._given_key.append(0)
            self._family_key.append(0)
        g, f = p.forms[0] if p.forms else ((), ())
        gid, fid = self._key_id(g), self._key_id(f)
        self._given_key[slot], self._family_key[slot] = gid, fid
        self._given_count[gid] += 1
        self._family_count[fid] += 1
        self._slot[record.id] = slot
        blocks = self._blocks
        for k in index_record_keys(p):
            v = blocks.get(k)
            if v is None:
                blocks[k] = slot
            elif isinstance(v, int):
                blocks[k] = array("i", (v, slot))
            else:
                v.append(slot)

    def _key_id(self, toks: Tokens) -> int:
        key = joined_key(toks) if toks else ""
        i = self._key_ids.get(key)
        if i is None:
            i = self._key_ids[key] = len(self._key_text)
            self._key_text.append(key)
            self._key_sig.append(_signature(key))
            self._given_count.append(0)
            self._family_count.append(0)
        return i

    def extend(self, records: Iterable[Record]) -> None:
        for r in records:
            self.add(r)

    def remove(self, record_id: str) -> None:
        slot = self._slot.pop(record_id, None)
        if slot is None:
            return
        p = self._profiles[slot]
        assert p is not None
        self._given_count[self._given_key[slot]] -= 1
        self._family_count[self._family_key[slot]] -= 1
        blocks = self._blocks
        for k in index_record_keys(p):
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

    def name_share(self, field: str, p: Profile) -> float:
        """Share of the register with this profile's given or family name
        (all spellings and scripts counted as one)."""
        if not p.forms:
            return 0.0
        toks = p.forms[0][0 if field == "given_name" else 1]
        if not toks:
            return 0.0
        counts = self._given_count if field == "given_name" else self._family_count
        i = self._key_ids.get(joined_key(toks))
        return max(counts[i] if i is not None else 0, 1) / max(len(self._slot), 1)

    def _slot_share(self, field: str, slot: int) -> float:
        """``name_share`` of a stored record, by its key ids."""
        if field == "given_name":
            i, counts = self._given_key[slot], self._given_count
        else:
            i, counts = self._family_key[slot], self._family_count
        return counts[i] / max(len(self._slot), 1) if i else 0.0

    def _tf(
        self, model: MatchModel, field: str, level: int, q_share: dict[str, float], slot: int
    ) -> float:
        """The name agrees: the commoner of the two spellings' frequencies."""
        tf = max(q_share[field], self._slot_share(field, slot))
        return model.tf_adjustment(field, level, tf)

    def _weight(
        self, model: MatchModel, q_share: dict[str, float], slot: int, levels: Levels
    ) -> float:
        w = model.total(levels)
        for f, lvl in levels:
            if lvl < TF_LEVELS and f in TF_FIELDS:
                w += self._tf(model, f, lvl, q_share, slot)
        return w

    def _candidate_slots(self, qp: Profile) -> list[int]:
        """Slots sharing keys with the query, ranked by the rarity (IDF) of the
        keys they share: a shared key of a block of b records out of n is
        worth log2(n / b), times ``FAR_YEAR`` when its birth year is outside
        the query's own range; the best ``max_scored`` are scored."""
        blocks, cap = self._blocks, self.block_cap
        singles: list[int] = []
        single_w: list[float] = []
        parts: list[array] = []  # type: ignore[type-arg]
        part_w: list[float] = []
        big: list[array] = []  # type: ignore[type-arg]
        for k, factor in index_query_keys(qp).items():
            v = blocks.get(k)
            if v is None:
                continue
            if isinstance(v, int):
                singles.append(v)
                single_w.append(factor)
            elif len(v) > cap:
                big.append(v)
            else:
                parts.append(v)
                part_w.append(factor)
        if not parts and not singles:
            if not big:
                return []
            smallest = min(big, key=len)
            return list(smallest[: self.max_scored])
        if not parts and len(singles) <= self.max_scored:
            return list(dict.fromkeys(singles))
        n = max(len(self._slot), 2)
        lens = np.array([len(v) for v in parts] + [1] * len(singles), dtype=np.float64)
        factors = np.array(part_w + single_w, dtype=np.float64)
        slots = np.concatenate(
            [np.frombuffer(v, dtype=np.int32) for v in parts] + [np.array(singles, dtype=np.int32)]
        )
        weights = np.repeat(np.log2(n / lens) * factors, lens.astype(np.int64))
        uniq, inv = np.unique(slots, return_inverse=True)
        total = np.bincount(inv, weights=weights)
        k = self.max_scored
        if len(uniq) <= k:
            return [int(x) for x in uniq]
        by_keys = k - self.by_name
        best = np.argpartition(-total, by_keys - 1)[:by_keys]
        if self.by_name and qp.forms:
            rest = np.ones(len(uniq), dtype=np.bool_)
            rest[best] = False
            pool = np.flatnonzero(rest)
            others = uniq[pool]
            if len(pool) > self.name_pool:  # the closest by letter pairs (cheap) ...
                near = np.argpartition(-self._name_closeness(qp, others), self.name_pool - 1)
                pool, others = pool[near[: self.name_pool]], others[near[: self.name_pool]]
            close = self._name_similarity(qp, others)  # ... then by Levenshtein
            # the closest names, the rarer shared keys first among equals
            order = np.lexsort((-total[pool], -close))[: self.by_name]
            return [int(x) for x in uniq[best]] + [int(x) for x in others[order]]
        return [int(x) for x in uniq[best]]

    def _name_closeness(self, qp: Profile, slots: npt.NDArray[np.int32]) -> npt.NDArray[np.float64]:
        """How close each slot's given and family names (first name form,
        either order) are to the query's: the Dice coefficients of their Latin
        keys' letter-pair sets (``_signature``), summed; array-wise, so a few
        thousand candidates cost a few microseconds."""
        g, f = qp.forms[0]
        qg = np.uint64(_signature(joined_key(g) if g else ""))
        qf = np.uint64(_signature(joined_key(f) if f else ""))
        sig = np.frombuffer(self._key_sig, dtype=np.uint64)
        sg = sig[np.frombuffer(self._given_key, dtype=np.int32)[slots]]
        sf = sig[np.frombuffer(self._family_key, dtype=np.int32)[slots]]
        out: npt.NDArray[np.float64] = np.maximum(
            _dice(qg, sg) + _dice(qf, sf), _dice(qg, sf) + _dice(qf, sg)
        )
        return out

    def _name_similarity(
        self, qp: Profile, slots: npt.NDArray[np.int32]
    ) -> npt.NDArray[np.float64]:
        """Levenshtein similarity of the query's given and family Latin keys
        to each slot's (first name form, either order), summed."""
        g, f = qp.forms[0]
        gq, fq = (joined_key(g) if g else ""), (joined_key(f) if f else "")
        gid = np.frombuffer(self._given_key, dtype=np.int32)[slots]
        fid = np.frombuffer(self._family_key, dtype=np.int32)[slots]
        ids, inv = np.unique(np.concatenate([gid, fid]), return_inverse=True)
        texts = itemgetter(*ids.tolist())(self._key_text)
        sims = process.cdist(
            [gq, fq],
            [texts] if len(ids) == 1 else texts,
            scorer=Levenshtein.normalized_similarity,
            dtype=np.float64,
        )
        sims[:, ids == 0] = 0.0  # a name part missing
        n = len(slots)
        gi, fi = inv[:n], inv[n:]
        out: npt.NDArray[np.float64] = np.maximum(
            sims[0, gi] + sims[1, fi], sims[0, fi] + sims[1, gi]
        )
        return out

    def _rerank(
        self, model: MatchModel, qp: Profile, q_share: dict[str, float], scored: list[_Scored]
    ) -> None:
        """Score again, with the search-only name readings (which can only
        raise a name's similarity: ``compare.search_tokens_similarity``), the
        best ``rerank`` candidates among those whose names could still lift
        them to the top; then sort again."""
        floor = scored[0][0]
        # the most a name can gain: "exact" with the query's own name
        # frequency (the frequency used is the commoner of the two names)
        best = {f: model.weight(f, 0) + model.tf_adjustment(f, 0, q_share[f]) for f in _NAME_FIELDS}
        hopeful: list[int] = []
        for i, (w, _, _, _, levels) in enumerate(scored):
            gain = sum(best[f] - model.weight(f, lvl) for f, lvl in levels if f in best and lvl)
            if gain > 0 and w + gain >= floor:
                hopeful.append(i)
        for i in hopeful[: self.rerank]:
            _, _, rid, s, _ = scored[i]
            p = self._profiles[s]
            assert p is not None
            levels, name_sim = compare_scored(qp, p, search_tokens_similarity)
            scored[i] = (self._weight(model, q_share, s, levels), name_sim, rid, s, levels)
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))

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
        q_share = {f: self.name_share(f, qp) for f in TF_FIELDS}
        scored: list[_Scored] = []
        for s in self._candidate_slots(qp):
            rec = self._records[s]
            p = self._profiles[s]
            if rec is None or p is None or rec.id in exclude:
                continue
            levels, name_sim = compare_scored(qp, p)
            scored.append((self._weight(model, q_share, s, levels), name_sim, rec.id, s, levels))
        # equal weights: the closer names first, then by id (deterministic)
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
        sim = tokens_similarity
        if self.rerank and scored:
            sim = search_tokens_similarity
            self._rerank(model, qp, q_share, scored)
        out: list[Candidate] = []
        for w, _, rid, s, levels in scored:
            prob = probability(w + prior_bits)
            if prob < min_probability:
                break
            p = self._profiles[s]
            assert p is not None
            adjust = {
                f: self._tf(model, f, lvl, q_share, s)
                for f, lvl in levels
                if lvl < TF_LEVELS and f in TF_FIELDS
            }
            out.append(Candidate(rid, prob, w, explain(model, qp, p, levels, adjust, sim)))
            if len(out) >= top:
                break
        return out

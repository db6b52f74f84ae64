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


def _key(toks: Tokens) -> str:
    return joined_key(toks) if toks else ""


def _name_keys(p: Profile) -> tuple[str, ...]:
    """The keys under which a record's name frequencies are counted: its given
    and family names (first form) as Latin keys, so all spellings count as one."""
    if not p.forms:
        return ()
    g, f = p.forms[0]
    return tuple(k for k in ("g" + _key(g) if g else "", "f" + _key(f) if f else "") if k)


class Index:
    """In-memory, incremental; ``add`` replaces a record with the same id."""

    block_cap = 1500  # blocks larger than this are only used when nothing else hits
    max_scored = 120  # candidates scored per search (ranked by key rarity first)
    by_name = 20  # ... of which so many picked instead by name closeness
    # the best so many scored again with the search-only name readings
    rerank = 20

    def __init__(self, model: MatchModel | None = None) -> None:
        self.model = model or MatchModel.default()
        self._records: list[Record | None] = []
        self._profiles: list[Profile | None] = []
        self._slot: dict[str, int] = {}
        self._free: list[int] = []
        self._blocks: dict[int, Block] = {}
        self._names: dict[str, int] = {}  # name frequencies ("g"/"f" + Latin key)
        # per slot, ids of the first name form's given and family Latin keys
        # (joined; -1 when missing), to rank candidates by name closeness
        self._given_key = array("i")
        self._family_key = array("i")
        self._key_ids: dict[str, int] = {}
        self._key_text: list[str] = []

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
            self._given_key.append(-1)
            self._family_key.append(-1)
        g, f = p.forms[0] if p.forms else ((), ())
        self._given_key[slot] = self._key_id(g)
        self._family_key[slot] = self._key_id(f)
        self._slot[record.id] = slot
        names = self._names
        for nk in _name_keys(p):
            names[nk] = names.get(nk, 0) + 1
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
        if not toks:
            return -1
        key = joined_key(toks)
        i = self._key_ids.get(key)
        if i is None:
            i = self._key_ids[key] = len(self._key_text)
            self._key_text.append(key)
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
        names = self._names
        for nk in _name_keys(p):
            c = names.get(nk, 0) - 1
            if c > 0:
                names[nk] = c
            else:
                names.pop(nk, None)
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
        """Share of the register with this profile's given or family name."""
        if not p.forms:
            return 0.0
        toks = p.forms[0][0 if field == "given_name" else 1]
        if not toks:
            return 0.0
        c = self._names.get(("g" if field == "given_name" else "f") + _key(toks), 1)
        return c / max(len(self._slot), 1)

    def _tf(self, model: MatchModel, field: str, level: int, q: Profile, p: Profile) -> float:
        """The name agrees: the commoner of the two spellings' frequencies."""
        tf = max(self.name_share(field, q), self.name_share(field, p))
        return model.tf_adjustment(field, level, tf)

    def _weight(self, model: MatchModel, q: Profile, p: Profile, levels: Levels) -> float:
        w = model.total(levels)
        for f, lvl in levels:
            if lvl < TF_LEVELS and f in TF_FIELDS:
                w += self._tf(model, f, lvl, q, p)
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
            [np.array(v, dtype=np.int32) for v in parts] + [np.array(singles, dtype=np.int32)]
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
            others = uniq[rest]
            close = self._name_closeness(qp, others)
            # the closest names, the rarer shared keys first among equals
            order = np.lexsort((-total[rest], -close))[: self.by_name]
            return [int(x) for x in uniq[best]] + [int(x) for x in others[order]]
        return [int(x) for x in uniq[best]]

    def _name_closeness(self, qp: Profile, slots: npt.NDArray[np.int32]) -> npt.NDArray[np.float64]:
        """Levenshtein similarity of the query's given and family Latin keys
        to each slot's (first name form, either order), summed."""
        g, f = qp.forms[0]
        gq, fq = (joined_key(g) if g else ""), (joined_key(f) if f else "")
        gid = np.frombuffer(self._given_key, dtype=np.int32)[slots]
        fid = np.frombuffer(self._family_key, dtype=np.int32)[slots]
        ids, inv = np.unique(np.concatenate([gid, fid]), return_inverse=True)
        texts = self._key_text
        sims = process.cdist(
            [gq, fq],
            ["" if i < 0 else texts[i] for i in ids.tolist()],
            scorer=Levenshtein.normalized_similarity,
            dtype=np.float64,
        )
        sims[:, ids < 0] = 0.0
        n = len(slots)
        gi, fi = inv[:n], inv[n:]
        out: npt.NDArray[np.float64] = np.maximum(
            sims[0, gi] + sims[1, fi], sims[0, fi] + sims[1, gi]
        )
        return out

    def _rerank(self, model: MatchModel, qp: Profile, scored: list[_Scored]) -> None:
        """Score again, with the search-only name readings (which can only
        raise a name's similarity: ``compare.search_tokens_similarity``), the
        best ``rerank`` candidates among those whose names could still lift
        them to the top; then sort again."""
        floor = scored[0][0]
        # the most a name can gain: "exact" with the query's own name
        # frequency (the frequency used is the commoner of the two names)
        best = {f: model.weight(f, 0) + self._tf(model, f, 0, qp, qp) for f in _NAME_FIELDS}
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
            scored[i] = (self._weight(model, qp, p, levels), name_sim, rid, s, levels)
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
        scored: list[_Scored] = []
        for s in self._candidate_slots(qp):
            rec = self._records[s]
            p = self._profiles[s]
            if rec is None or p is None or rec.id in exclude:
                continue
            levels, name_sim = compare_scored(qp, p)
            scored.append((self._weight(model, qp, p, levels), name_sim, rec.id, s, levels))
        # equal weights: the closer names first, then by id (deterministic)
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
        sim = tokens_similarity
        if self.rerank and scored:
            sim = search_tokens_similarity
            self._rerank(model, qp, scored)
        out: list[Candidate] = []
        for w, _, rid, s, levels in scored:
            prob = probability(w + prior_bits)
            if prob < min_probability:
                break
            p = self._profiles[s]
            assert p is not None
            adjust = {
                f: self._tf(model, f, lvl, qp, p)
                for f, lvl in levels
                if lvl < TF_LEVELS and f in TF_FIELDS
            }
            out.append(Candidate(rid, prob, w, explain(model, qp, p, levels, adjust, sim)))
            if len(out) >= top:
                break
        return out

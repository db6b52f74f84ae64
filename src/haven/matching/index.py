"""An incremental in-memory index answering one enquiry against a register.

Each record is stored once as a compact ``Profile`` (token tuples shared
between records) and under a few hashed blocking keys; a block is a single
int or an ``array('i')`` of internal slots.  A search looks up its keys,
ranks the slots by how many keys they share, scores the best few hundred with
the match model and explains the top results."""

from __future__ import annotations

import math
import zlib
from array import array
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .compare import (
    Form,
    Levels,
    Profile,
    Tokens,
    compare_scored,
    joined_key,
    profile,
    rescored_names,
    search_tokens_similarity,
    tokens_similarity,
)
from .explain import explain
from .keys import PART, index_query_keys, index_record_keys
from .model import TF_FIELDS, TF_LEVELS, MatchModel, probability
from .records import Candidate, Record
from .scope import Scope, ScopeView

Block = int | array  # type: ignore[type-arg]
_NAME_FIELDS = ("given_name", "family_name")
PARTIAL_TF_LEVEL = 2  # strong and similar name agreement are capped by a common name's weight
WEAK = 3
_Scored = tuple[float, float, str, int, list[tuple[str, int]]]  # weight, name sim, id, slot, levels


@dataclass(frozen=True, slots=True)
class _Search:
    """What one search scores with: the model, the query's name shares, and
    the part of the register it sees (``view`` None: all of it, ``size``
    records)."""

    model: MatchModel
    q_share: dict[str, float]
    view: ScopeView | None
    size: int


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


def _closeness_form(qp: Profile) -> Form:
    """The query's name form that candidates' names are brought close to: its
    first, or for a whole name typed into one field its "given ... family"
    reading (else the whole name would be held against a given name alone)."""
    g, f = qp.forms[0]
    if (not g or not f) and len(qp.forms) > 1 and len(g or f) > 1:
        return qp.forms[1]
    return qp.forms[0]


class Index:
    """In-memory, incremental; ``add`` replaces a record with the same id.

    A record may carry a partition (in Haven: its agency); a search given a
    ``Scope`` then sees only the scope's records, as if the index held nothing
    else (``scope.py``)."""

    block_cap = 1500  # blocks larger than this are only used when nothing else hits
    # candidates scored per search: half by the rarity of the keys they share,
    # half by how close their names are (Levenshtein of the Latin keys, among
    # the ``name_pool`` closest by letter pairs).  At 1M: top-1 0.953, p95
    # 4.4 ms; 120 scored, 20 of them by name: 0.954 at 9 ms.
    max_scored = 50
    by_name = 25
    # records sharing only a name part with the query, the closest names first,
    # scored when no candidate agrees strongly on every name part
    by_part = 10
    name_pool = 200
    # the best so many scored again with the search-only name readings
    rerank = 20

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
        # per slot, a hash of the record id: candidates that tie are picked in
        # this order, so a search does not depend on which slot a record got
        self._tiebreak = array("I")
        # partitions: per slot its code (0: none), and per code its size and
        # its records per given and family name key id
        self._part = array("i")
        self._part_code: dict[Hashable, int] = {}
        self._part_size: list[int] = [0]
        self._part_given: list[dict[int, int]] = [{}]
        self._part_family: list[dict[int, int]] = [{}]

    # --- maintenance ---------------------------------------------------------

    def add(self, record: Record, *, partition: Hashable | None = None) -> None:
        """Add a record (or replace the one with its id), in ``partition``
        when given (a search with a ``Scope`` sees it when the scope names the
        partition or the record)."""
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
            self._tiebreak.append(0)
            self._part.append(0)
        g, f = p.forms[0] if p.forms else ((), ())
        gid, fid = self._key_id(g), self._key_id(f)
        self._given_key[slot], self._family_key[slot] = gid, fid
        self._given_count[gid] += 1
        self._family_count[fid] += 1
        self._tiebreak[slot] = zlib.crc32(record.id.encode())
        code = self._code(partition)
        self._part[slot] = code
        self._part_size[code] += 1
        if code:
            given, family = self._part_given[code], self._part_family[code]
            given[gid] = given.get(gid, 0) + 1
            family[fid] = family.get(fid, 0) + 1
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

    def _code(self, partition: Hashable | None) -> int:
        if partition is None:
            return 0
        code = self._part_code.get(partition)
        if code is None:
            code = self._part_code[partition] = len(self._part_size)
            self._part_size.append(0)
            self._part_given.append({})
            self._part_family.append({})
        return code

    def extend(self, records: Iterable[Record], *, partition: Hashable | None = None) -> None:
        for r in records:
            self.add(r, partition=partition)

    def remove(self, record_id: str) -> None:
        slot = self._slot.pop(record_id, None)
        if slot is None:
            return
        p = self._profiles[slot]
        assert p is not None
        gid, fid = self._given_key[slot], self._family_key[slot]
        self._given_count[gid] -= 1
        self._family_count[fid] -= 1
        code = self._part[slot]
        self._part_size[code] -= 1
        if code:
            for counts, i in ((self._part_given[code], gid), (self._part_family[code], fid)):
                if counts[i] > 1:
                    counts[i] -= 1
                else:
                    del counts[i]
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

    def partition(self, record_id: str) -> Hashable | None:
        """The partition a record was added in (None: none, or not held)."""
        slot = self._slot.get(record_id)
        if slot is None or not self._part[slot]:
            return None
        code = self._part[slot]
        return next(p for p, c in self._part_code.items() if c == code)

    # --- search ----------------------------------------------------------------

    def view(self, scope: Scope) -> ScopeView:
        """What a search through ``scope`` sees (built in O(partitions + extra))."""
        codes = [c for c in map(self._part_code.get, scope.partitions) if c]
        slot = self._slot
        return ScopeView(
            codes=codes,
            n_codes=len(self._part_size),
            part_of_slot=np.frombuffer(self._part, dtype=np.int32),
            part_sizes=self._part_size,
            extra_slots=[slot[i] for i in scope.extra if i in slot],
            given_key=self._given_key,
            family_key=self._family_key,
            part_given=self._part_given,
            part_family=self._part_family,
        )

    def _count(self, field: str, key_id: int, view: ScopeView | None) -> int:
        """Records in view whose given (or family) name has this key id."""
        if view is not None:
            return view.count(field, key_id)
        return (self._given_count if field == "given_name" else self._family_count)[key_id]

    def name_share(self, field: str, p: Profile, view: ScopeView | None = None) -> float:
        """Share of the register (or of the records in ``view``) with this
        profile's given or family name (all spellings and scripts counted as one)."""
        if not p.forms:
            return 0.0
        toks = p.forms[0][0 if field == "given_name" else 1]
        if not toks:
            return 0.0
        size = view.size if view is not None else len(self._slot)
        i = self._key_ids.get(joined_key(toks))
        count = self._count(field, i, view) if i is not None else 0
        return max(count, 1) / max(size, 1)

    def _slot_share(self, search: _Search, field: str, slot: int) -> float:
        """``name_share`` of a stored record, by its key ids."""
        i = (self._given_key if field == "given_name" else self._family_key)[slot]
        return self._count(field, i, search.view) / max(search.size, 1) if i else 0.0

    def _tf(self, search: _Search, field: str, level: int, slot: int) -> float:
        """Term-frequency bits of a name outcome, by the commoner of the two
        spellings' frequencies: ``exact`` agreement is adjusted by it, and
        ``strong`` or ``similar`` agreement on a common name is lowered as much
        (never below ``weak``): Mohammadi ~ al-Muhammadi is no better evidence than
        Mohammadi = Mohammadi, which a common name makes weak."""
        if field not in TF_FIELDS or level > PARTIAL_TF_LEVEL:
            return 0.0
        tf = max(search.q_share[field], self._slot_share(search, field, slot))
        model = search.model
        exact = model.tf_adjustment(field, 0, tf)
        if level < TF_LEVELS or exact >= 0.0:
            return exact if level < TF_LEVELS else 0.0
        # lowered as much as exact agreement, never below ``weak``: the levels keep
        # their order
        w = model.weight(field, level)
        return max(w + exact, model.weight(field, WEAK)) - w

    def _weight(self, search: _Search, slot: int, levels: Levels) -> float:
        w = search.model.total(levels)
        for f, lvl in levels:
            w += self._tf(search, f, lvl, slot)
        return w

    def _candidate_slots(
        self, qp: Profile, view: ScopeView | None, size: int
    ) -> tuple[list[int], list[npt.NDArray[np.int32]]]:
        """Slots sharing keys with the query, ranked by the rarity (IDF) of the
        keys they share: a shared key of a block of b records out of n is
        worth log2(n / b), times ``FAR_YEAR`` when its birth year is outside
        the query's own range; the best ``max_scored`` are scored.  Also the
        blocks of the query's name parts alone (``PART`` keys, at most
        ``block_cap`` each), a pool for ``_closest``.  With a ``view``, blocks,
        b and n count only the records in view."""
        if view is not None:
            return self._scoped_candidate_slots(qp, view, size)
        blocks, cap = self._blocks, self.block_cap
        singles: list[int] = []
        single_w: list[float] = []
        parts: list[array] = []  # type: ignore[type-arg]
        part_w: list[float] = []
        big: list[array] = []  # type: ignore[type-arg]
        pool: list[npt.NDArray[np.int32]] = []
        for k, factor in index_query_keys(qp).items():
            v = blocks.get(k)
            if v is None:
                continue
            if factor == PART:
                if isinstance(v, int):
                    pool.append(np.array([v], dtype=np.int32))
                elif len(v) <= cap:
                    pool.append(np.frombuffer(v, dtype=np.int32))
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
                return [], pool
            return self._first_by_tiebreak(np.frombuffer(min(big, key=len), dtype=np.int32)), pool
        if not parts and len(singles) <= self.max_scored:
            return list(dict.fromkeys(singles)), pool
        n = max(size, 2)
        lens = np.array([len(v) for v in parts] + [1] * len(singles), dtype=np.float64)
        factors = np.array(part_w + single_w, dtype=np.float64)
        slots = np.concatenate(
            [np.frombuffer(v, dtype=np.int32) for v in parts] + [np.array(singles, dtype=np.int32)]
        )
        weights = np.repeat(np.log2(n / lens) * factors, lens.astype(np.int64))
        return self._pick(qp, slots, weights), pool

    def _scoped_candidate_slots(
        self, qp: Profile, view: ScopeView, size: int
    ) -> tuple[list[int], list[npt.NDArray[np.int32]]]:
        """``_candidate_slots`` through a view: every block the query hits is
        cut down to the records in view first (numpy masks over the slots), so
        block sizes, the cap and the ranking are those of the view alone."""
        blocks = self._blocks
        arrays: list[npt.NDArray[np.int32]] = []
        singles: list[int] = []
        factors: list[float] = []
        single_f: list[float] = []
        pool: list[npt.NDArray[np.int32]] = []
        for k, factor in index_query_keys(qp).items():
            v = blocks.get(k)
            if v is None:
                continue
            if factor == PART:
                a = np.array([v], np.int32) if isinstance(v, int) else np.frombuffer(v, np.int32)
                a = a[view.allowed(a)]
                if len(a) <= self.block_cap:
                    pool.append(a)
                continue
            if isinstance(v, int):
                singles.append(v)
                single_f.append(factor)
            else:
                arrays.append(np.frombuffer(v, dtype=np.int32))
                factors.append(factor)
        if not arrays and not singles:
            return [], pool
        lens = np.array([len(a) for a in arrays] + [1] * len(singles), dtype=np.int64)
        every = np.concatenate([*arrays, np.array(singles, dtype=np.int32)])
        block = np.repeat(np.arange(len(lens)), lens)
        ok = view.allowed(every)
        seen = np.bincount(block[ok], minlength=len(lens))  # block sizes in view
        usable = (seen > 0) & (seen <= self.block_cap)
        take = ok & usable[block]
        if not take.any():
            big = np.flatnonzero(seen > self.block_cap)
            if not len(big):
                return [], pool
            smallest = big[np.argmin(seen[big])]
            return self._first_by_tiebreak(every[ok & (block == smallest)]), pool
        if not usable[seen > 1].any() and usable.sum() <= self.max_scored:
            return list(dict.fromkeys(every[take].tolist())), pool
        n = max(size, 2)
        w = np.log2(n / np.maximum(seen, 1)) * np.array(factors + single_f, dtype=np.float64)
        return self._pick(qp, every[take], w[block[take]]), pool

    def _score(
        self, search: _Search, qp: Profile, slots: list[int], exclude: Collection[str]
    ) -> list[_Scored]:
        out: list[_Scored] = []
        for s in slots:
            rec = self._records[s]
            p = self._profiles[s]
            if rec is None or p is None or rec.id in exclude:
                continue
            levels, name_sim = compare_scored(qp, p)
            out.append((self._weight(search, s, levels), name_sim, rec.id, s, levels))
        return out

    def _closest(
        self, qp: Profile, chosen: list[int], pool: list[npt.NDArray[np.int32]]
    ) -> list[int]:
        """The ``by_part`` records of ``pool`` (those sharing a name part
        alone) whose names are closest to the query's, among those not
        ``chosen`` already."""
        if not qp.forms:
            return []
        slots = np.unique(np.concatenate(pool))
        if chosen:
            slots = slots[~np.isin(slots, np.array(chosen, dtype=np.int32))]
        if not len(slots):
            return []
        if len(slots) > self.name_pool:
            near = np.argpartition(-self._name_closeness(qp, slots), self.name_pool - 1)
            slots = slots[near[: self.name_pool]]
        close = self._name_similarity(qp, slots)
        tb = np.frombuffer(self._tiebreak, dtype=np.uint32)[slots]
        order = np.lexsort((tb, -close))[: self.by_part]
        return [int(x) for x in slots[order]]

    def _first_by_tiebreak(self, slots: npt.NDArray[np.int32]) -> list[int]:
        """``max_scored`` of a large block, chosen by the records' id hashes
        (the same records whatever order they were added in)."""
        k = self.max_scored
        if len(slots) <= k:
            return [int(x) for x in slots]
        tb = np.frombuffer(self._tiebreak, dtype=np.uint32)[slots]
        return [int(x) for x in slots[np.argpartition(tb, k - 1)[:k]]]

    def _pick(
        self, qp: Profile, slots: npt.NDArray[np.int32], weights: npt.NDArray[np.float64]
    ) -> list[int]:
        """The ``max_scored`` slots to score among ``slots`` (repeated once per
        shared key, with that key's weight): ``max_scored - by_name`` by their
        summed key weights, the rest by name closeness.  Candidates are taken
        in the order of their id hashes, so ties fall the same way whichever
        slots the records hold."""
        tb = np.frombuffer(self._tiebreak, dtype=np.uint32)[slots].astype(np.int64)
        order, inv = np.unique((tb << 32) | slots, return_inverse=True)
        uniq = (order & 0xFFFFFFFF).astype(np.int32)
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
        g, f = _closeness_form(qp)
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
        g, f = _closeness_form(qp)
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

    def _rerank(self, search: _Search, qp: Profile, scored: list[_Scored]) -> None:
        """Score again, with the search-only name readings (which can only
        raise a name's similarity: ``compare.search_tokens_similarity``), the
        best ``rerank`` candidates among those whose names could still lift
        them to the top; then sort again."""
        model, q_share = search.model, search.q_share
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
            _, _, rid, s, levels = scored[i]
            p = self._profiles[s]
            assert p is not None
            levels, name_sim = rescored_names(qp, p, search_tokens_similarity, levels)
            scored[i] = (self._weight(search, s, levels), name_sim, rid, s, levels)
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))

    def search(
        self,
        query: Record,
        *,
        top: int = 5,
        min_probability: float = 0.0,
        exclude: Collection[str] = (),
        scope: Scope | None = None,
    ) -> list[Candidate]:
        """Ranked candidates, best first, with calibrated probabilities.

        The prior is one expected match in the register (or, with ``scope``,
        in the records in scope), so the probability of a candidate is the
        posterior that it is *the* person sought.  With ``scope`` the search
        sees only the records in scope, exactly as if the index held nothing
        else: its candidates, probabilities, weights and explanations do not
        depend on any record outside it."""
        view = self.view(scope) if scope is not None else None
        size = view.size if view is not None else len(self._slot)
        if not size:
            return []
        qp = profile(query)
        model = self.model
        prior_bits = -math.log2(max(size, 1))
        q_share = {f: self.name_share(f, qp, view) for f in TF_FIELDS}
        search = _Search(model, q_share, view, size)
        chosen, pool = self._candidate_slots(qp, view, size)
        scored = self._score(search, qp, chosen, exclude)
        if pool and self.by_part and not _settled(qp, scored):
            more = self._closest(qp, chosen, pool)
            scored.extend(self._score(search, qp, more, exclude))
        # equal weights: the closer names first, then by id (deterministic)
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
        sim = tokens_similarity
        if self.rerank and scored:
            sim = search_tokens_similarity
            self._rerank(search, qp, scored)
        out: list[Candidate] = []
        # The posterior that a candidate is *the* person sought, among every
        # candidate scored: two namesakes who fit the enquiry equally well are
        # each at most one in two, however well they fit.
        rivals = _rivals(model, self._profiles, scored[: max(top, 1)], prior_bits)
        for (w, _, rid, s, levels), others in zip(scored, rivals, strict=False):
            prob = probability(w + prior_bits - others)
            if prob < min_probability:
                continue
            p = self._profiles[s]
            assert p is not None
            adjust = {f: self._tf(search, f, lvl, s) for f, lvl in levels}
            adjust = {f: a for f, a in adjust.items() if a}
            out.append(Candidate(rid, prob, w, explain(model, qp, p, levels, adjust, sim)))
            if len(out) >= top:
                break
        return out

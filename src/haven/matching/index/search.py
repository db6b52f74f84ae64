"""One enquiry against the stored register: candidates by shared keys and by
name closeness, scored with the match model, re-ranked with the search-only
readings, and given calibrated probabilities."""

from __future__ import annotations

import math
from array import array
from collections.abc import Collection
from operator import itemgetter

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..compare import (
    Levels,
    Profile,
    compare_scored,
    joined_key,
    profile,
    rescored_names,
    search_tokens_similarity,
    tokens_similarity,
)
from ..explain import explain
from ..keys import PART, index_query_keys
from ..model import TF_FIELDS, TF_LEVELS, probability
from ..records import Candidate, Record
from ..scope import Scope, ScopeView
from .rank import (
    _NAME_FIELDS,
    PARTIAL_TF_LEVEL,
    WEAK,
    _closeness_forms,
    _dice,
    _rivals,
    _Scored,
    _Search,
    _settled,
    _signature,
)
from .store import Store, frequency_key


def _query_names(qp: Profile) -> dict[str, str]:
    """The ``frequency_key`` of the query's given and family names; of a name
    in one field only when it is one word, as a given name (a whole name in
    one field is counted by its commonest part)."""
    if not qp.forms:
        return {}
    g, f = qp.forms[0]
    if g and f:
        return {"given_name": frequency_key(g), "family_name": frequency_key(f)}
    one = g or f
    return {"given_name": frequency_key(one)} if len(one) == 1 else {}


class Index(Store):
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

    def _slot_share(self, search: _Search, field: str, slot: int) -> float:
        """``name_share`` of a stored record: by its key id, or of a whole
        name in one field by its commonest part."""
        p = self._profiles[slot]
        if p is None or not p.forms:
            return 0.0
        g, f = p.forms[0]
        if g and f:
            i = (self._given_freq if field == "given_name" else self._family_freq)[slot]
            return self._count(field, i, search.view) / max(search.size, 1)
        agreed = search.q_names.get(field, "")
        return self._part_count(field, g or f, search.view, whole=True, agreed=agreed) / max(
            search.size, 1
        )

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
        either order) are to the query's (the closest of its
        ``_closeness_forms``): the Dice coefficients of their Latin keys'
        letter-pair sets (``_signature``), summed; array-wise, so a few
        thousand candidates cost a few microseconds."""
        sig = np.frombuffer(self._key_sig, dtype=np.uint64)
        sg = sig[np.frombuffer(self._given_key, dtype=np.int32)[slots]]
        sf = sig[np.frombuffer(self._family_key, dtype=np.int32)[slots]]
        out: npt.NDArray[np.float64] = np.zeros(len(slots))
        for g, f in _closeness_forms(qp):
            qg = np.uint64(_signature(joined_key(g) if g else ""))
            qf = np.uint64(_signature(joined_key(f) if f else ""))
            out = np.maximum(out, _dice(qg, sg) + _dice(qf, sf))
            out = np.maximum(out, _dice(qg, sf) + _dice(qf, sg))
        return out

    def _name_similarity(
        self, qp: Profile, slots: npt.NDArray[np.int32]
    ) -> npt.NDArray[np.float64]:
        """Levenshtein similarity of the query's given and family Latin keys
        to each slot's (first name form, either order), summed; the best over
        the query's ``_closeness_forms``."""
        gid = np.frombuffer(self._given_key, dtype=np.int32)[slots]
        fid = np.frombuffer(self._family_key, dtype=np.int32)[slots]
        ids, inv = np.unique(np.concatenate([gid, fid]), return_inverse=True)
        texts = itemgetter(*ids.tolist())(self._key_text)
        forms = _closeness_forms(qp)
        queries = [joined_key(part) if part else "" for g, f in forms for part in (g, f)]
        sims = process.cdist(
            queries,
            [texts] if len(ids) == 1 else texts,
            scorer=Levenshtein.normalized_similarity,
            dtype=np.float64,
        )
        sims[:, ids == 0] = 0.0  # a name part missing
        n = len(slots)
        gi, fi = inv[:n], inv[n:]
        out: npt.NDArray[np.float64] = np.zeros(n)
        for k in range(0, len(queries), 2):
            out = np.maximum(out, sims[k, gi] + sims[k + 1, fi])
            out = np.maximum(out, sims[k, fi] + sims[k + 1, gi])
        return out

    def _rerank(self, search: _Search, qp: Profile, scored: list[_Scored], top: int) -> None:
        """Score again, with the search-only name readings (which can only
        raise a name's similarity: ``compare.search_tokens_similarity``), the
        best ``rerank`` candidates among those whose names could still lift
        them into the ``top`` shown; then sort again."""
        model, q_share = search.model, search.q_share
        floor = scored[min(len(scored), max(top, 1)) - 1][0]
        # the most a name can gain: "exact" with the query's own name
        # frequency (the frequency used is the commoner of the two names)
        best = {f: model.weight(f, 0) + model.tf_adjustment(f, 0, q_share[f]) for f in _NAME_FIELDS}
        hopeful: list[int] = []
        for i, (w, _, _, s, levels) in enumerate(scored):
            # what each name adds now, with its frequency's adjustment
            gain = sum(
                best[f] - model.weight(f, lvl) - self._tf(search, f, lvl, s)
                for f, lvl in levels
                if f in best and lvl
            )
            if gain > 0 and w + gain >= floor - 1e-9:  # a tie with the top counts
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
        search = _Search(model, q_share, view, size, _query_names(qp))
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
            self._rerank(search, qp, scored, top)
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

"""The index's storage: each record once as a compact ``Profile`` under its
blocking keys, its name keys' ids and counts (overall and per partition), and
the views a scoped search reads through."""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Hashable, Iterable

import numpy as np

from ..compare import Profile, Tokens, _joined, article_free, joined_key, profile
from ..compare.ahead import read_ahead
from ..keys import index_record_keys
from ..model import MatchModel
from ..records import Record
from ..scope import Scope, ScopeView
from .rank import Block, _signature

_VY = str.maketrans({"v": "", "y": ""})
_DOUBLES = re.compile(r"(.)\1+")


def frequency_key(toks: Tokens) -> str:
    """What a name's frequency is counted by: its joined Latin key without an
    Arabic article and without inner v/y, so that all its spellings count as
    one name (al-Jubouri, Jobouri, الجبوري; Hosseini, Husayni) -- else a rare
    spelling of a common name would weigh as a rare name."""
    t = _joined(toks)
    k = article_free(t) or t.key
    if len(k) <= 2:
        return k
    return _DOUBLES.sub(r"\1", k[0] + k[1:-1].translate(_VY) + k[-1])


class Store:
    """Records by slot, their blocks and their name-key counts; ``Index``
    searches them."""

    def __init__(self, model: MatchModel | None = None) -> None:
        self.model = model or MatchModel.default()
        self._records: list[Record | None] = []
        self._profiles: list[Profile | None] = []
        self._slot: dict[str, int] = {}
        self._free: list[int] = []
        self._blocks: dict[int, Block] = {}
        # per slot, ids of the first name form's given and family Latin keys
        # (joined; 0 when missing): to rank candidates by name closeness
        self._given_key = array("i")
        self._family_key = array("i")
        self._key_ids: dict[str, int] = {"": 0}
        self._key_text: list[str] = [""]
        self._key_sig = array("Q", [0])  # per key id: its letter pairs (``_signature``)
        # per slot, ids of the same names' ``frequency_key``: to count name
        # frequencies (all spellings of a name one)
        self._given_freq = array("i")
        self._family_freq = array("i")
        self._freq_ids: dict[str, int] = {"": 0}
        self._given_count = array("i", [0])  # records per given-name frequency id
        self._family_count = array("i", [0])
        # per slot, a hash of the record id: candidates that tie are picked in
        # this order, so a search does not depend on which slot a record got
        self._tiebreak = array("I")
        # partitions: per slot its code (0: none), and per code its size and
        # its records per given and family name frequency id
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
            self._given_freq.append(0)
            self._family_freq.append(0)
            self._tiebreak.append(0)
            self._part.append(0)
        for form in p.forms:
            for toks in form:
                read_ahead(toks)
        g, f = p.forms[0] if p.forms else ((), ())
        self._given_key[slot], self._family_key[slot] = self._key_id(g), self._key_id(f)
        gid, fid = self._freq_id(g), self._freq_id(f)
        self._given_freq[slot], self._family_freq[slot] = gid, fid
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
        return i

    def _freq_id(self, toks: Tokens) -> int:
        key = frequency_key(toks) if toks else ""
        i = self._freq_ids.get(key)
        if i is None:
            i = self._freq_ids[key] = len(self._given_count)
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
        gid, fid = self._given_freq[slot], self._family_freq[slot]
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
            given_key=self._given_freq,
            family_key=self._family_freq,
            part_given=self._part_given,
            part_family=self._part_family,
        )

    def _count(self, field: str, freq_id: int, view: ScopeView | None) -> int:
        """Records in view whose given (or family) name has this frequency id."""
        if view is not None:
            return view.count(field, freq_id)
        return (self._given_count if field == "given_name" else self._family_count)[freq_id]

    def name_share(self, field: str, p: Profile, view: ScopeView | None = None) -> float:
        """Share of the register (or of the records in ``view``) with this
        profile's given or family name (all spellings and scripts counted as
        one); of a whole name typed into one field, the share of its commonest
        part, for that part may be all that agrees: "Yusuf Mohammad" in one
        field agreeing with Mohammad is no rare agreement."""
        if not p.forms:
            return 0.0
        g, f = p.forms[0]
        toks = g if field == "given_name" else f
        if not g or not f:  # a whole name in one field: any of its parts
            toks = g or f
        if not toks:
            return 0.0
        size = view.size if view is not None else len(self._slot)
        return max(self._part_count(field, toks, view, not g or not f), 1) / max(size, 1)

    def _part_count(
        self,
        field: str,
        toks: Tokens,
        view: ScopeView | None,
        whole: bool = False,
        agreed: str = "",
    ) -> int:
        """Records in view with this name; of a ``whole`` name typed into one
        field, with its commonest part as this field's name -- or, when one of
        its parts or two neighbouring parts are the name ``agreed`` with (a
        ``frequency_key``), with that one: "Muhamad Nabi" in one field agreeing
        with the given name Mohammadnabi is as rare as Mohammadnabi."""
        ids = self._freq_ids
        keys = [frequency_key(toks)]
        if whole and len(toks) > 1:
            keys.extend(frequency_key((t,)) for t in toks)
            pairs = (frequency_key(toks[i : i + 2]) for i in range(len(toks) - 1))
            if agreed and (agreed in keys or agreed in pairs):
                keys = [agreed]
        count = 0
        for key in keys:
            i = ids.get(key)
            if i is not None:
                count = max(count, self._count(field, i, view))
        return count

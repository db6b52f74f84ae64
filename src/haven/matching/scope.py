"""Searching one caller's part of the register.

A record may be added to the ``Index`` in a partition (in Haven: the agency
that owns it).  A search given a ``Scope`` sees only the records of the
scope's partitions and the records the scope names one by one (in Haven:
assigned to the caller or shared with their agency), and sees them as if the
index held nothing else: its candidates are picked among them only, and the
name frequencies and the prior are counted among them only.  Records outside
the scope can neither move a caller's scores nor crowd the caller's own
records out of the candidates that get scored."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class Scope:
    """The records a search may see: every record of ``partitions``, and the
    records whose ids are in ``extra`` whatever their partition.  Records
    added without a partition are seen only through ``extra``."""

    partitions: frozenset[Hashable] = frozenset()
    extra: frozenset[str] = frozenset()


class ScopeView:
    """One search's view of the index through a ``Scope``: which slots it may
    see, how many, and how many of them carry a name key.  Built per search
    in O(partitions + extra records), never O(register)."""

    __slots__ = (
        "_extra",
        "_extra_family",
        "_extra_given",
        "_family",
        "_given",
        "_ok",
        "_part",
        "size",
    )

    def __init__(
        self,
        *,
        codes: Sequence[int],
        n_codes: int,
        part_of_slot: npt.NDArray[np.int32],
        part_sizes: Sequence[int],
        extra_slots: Sequence[int],
        given_key: Sequence[int],
        family_key: Sequence[int],
        part_given: Sequence[dict[int, int]],
        part_family: Sequence[dict[int, int]],
    ) -> None:
        self._ok = np.zeros(n_codes, dtype=np.bool_)
        self._ok[list(codes)] = True
        self._part = part_of_slot
        # an extra record already in view through its partition counts once
        extra = sorted({s for s in extra_slots if not self._ok[part_of_slot[s]]})
        self._extra = np.array(extra, dtype=np.int32)
        self._extra_given = Counter(given_key[s] for s in extra)
        self._extra_family = Counter(family_key[s] for s in extra)
        self._given = [part_given[c] for c in codes]
        self._family = [part_family[c] for c in codes]
        self.size: int = sum(part_sizes[c] for c in codes) + len(extra)

    def allowed(self, slots: npt.NDArray[np.int32]) -> npt.NDArray[np.bool_]:
        """Which of ``slots`` are in view."""
        ok: npt.NDArray[np.bool_] = self._ok[self._part[slots]]
        if len(self._extra):
            ok |= np.isin(slots, self._extra)
        return ok

    def count(self, field: str, key_id: int) -> int:
        """Records in view whose given (or family) name has this key id."""
        if field == "given_name":
            parts, extra = self._given, self._extra_given
        else:
            parts, extra = self._family, self._extra_family
        return sum(p.get(key_id, 0) for p in parts) + extra.get(key_id, 0)

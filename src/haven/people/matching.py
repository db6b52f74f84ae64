"""The register's matching index, kept true in every server process.

Each process holds one in-memory ``haven.matching.Index``. Before each query it reads
the audit entries about people written since its last look: the audit chain is
serialised by its head row's lock, so its sequence is a gap-free, commit-ordered log of
every change to the register, shared by all processes without another moving part.

Every record is indexed in its agency's partition, and a user's search runs within their
scope (``accounts.policy.person_scope_parts``): the engine picks candidates, counts name
frequencies and sets the prior among the people the user may see only, so a score never
reveals, and is never moved by, a record outside the user's scope.
"""

from __future__ import annotations

import gc
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from haven.accounts import policy
from haven.accounts.roles import Capability, DataClass
from haven.audit.models import AuditEntry, AuditHead
from haven.matching import Candidate, Index, Record, Scope
from haven.people.models import Person

# Audit actions about a person that can change what the index should hold.
INDEX_ACTIONS = ("create", "change", "close", "reopen", "merge", "unmerge", "anonymise", "erase")
RECORD_FIELDS = (
    "id",
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_precision",
    "birth_date",
    "birth_year",
    "birth_year_max",
    "birth_as_written",
    "place_of_origin",
    "merged_into_id",
    "agency_id",
)


def record_from_values(values: Mapping[str, Any]) -> Record:
    """An engine record from a person's identity fields (a row or a request body)."""
    others = values.get("other_names") or []
    names = tuple(str(n.get("name", "")) if isinstance(n, Mapping) else str(n) for n in others)
    precision = values.get("birth_precision") or ""
    birth_year = values.get("birth_year")
    birth_year_max = values.get("birth_year_max")
    if precision == "year":
        birth_year_max = None
    return Record(
        id=str(values.get("id") or ""),
        given_name=str(values.get("given_name") or ""),
        family_name=str(values.get("family_name") or ""),
        other_names=tuple(n for n in names if n.strip()),
        sex=str(values.get("sex") or "") if values.get("sex") != "unknown" else "",
        birth_date=values.get("birth_date"),
        birth_year=int(birth_year) if birth_year else None,
        birth_year_max=int(birth_year_max) if birth_year_max else None,
        place_of_origin=str(values.get("place_of_origin") or ""),
        birth_text=str(values.get("birth_as_written") or ""),
    )


def _rows(qs: QuerySet[Person]) -> Iterable[dict[str, Any]]:
    return qs.values(*RECORD_FIELDS).iterator(chunk_size=5000)


# A register at least this large is, once loaded, moved out of the cyclic garbage
# collector's sight (``gc.freeze``): it is kept for good and holds no cycles, and a full
# collection scanning its millions of objects stalls the search it falls in (2.1 s at
# 100,000 records, bench/scale.py on 2026-12-08).  Smaller ones cost it little.
SETTLE_MIN = 20_000


def settle(index: Index) -> bool:
    """Freeze what the process holds once ``index`` is loaded, if it is large (the
    garbage collected first, so that none is kept): later collections scan only what
    came after.  Whether it froze."""
    if len(index) < SETTLE_MIN:
        return False
    gc.collect()
    gc.freeze()
    return True


class RegisterIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: Index | None = None
        self._seq, self._mac = 0, ""

    def reset(self) -> None:
        with self._lock:
            self._index, self._seq, self._mac = None, 0, ""

    @staticmethod
    def _tip() -> tuple[int, str]:
        head = AuditHead.objects.filter(pk=1).values_list("seq", "mac").first()
        return (head[0], head[1]) if head else (0, "")

    def _load(self) -> None:
        # Read the tip first: anything written while loading is replayed by the next sync.
        seq, mac = self._tip()
        index = Index()
        for row in _rows(Person.objects.filter(merged_into__isnull=True)):
            index.add(record_from_values(row), partition=str(row["agency_id"]))
        self._index, self._seq, self._mac = index, seq, mac
        settle(index)

    def _catch_up(self) -> bool:
        """Apply the changes since the last look; False when history is not what we saw
        (a restored backup, a rolled-back test database), which needs a full reload."""
        assert self._index is not None
        seq, mac = self._tip()
        if (seq, mac) == (self._seq, self._mac):
            return True
        if seq < self._seq:
            return False
        # In one query: the entry last seen (still there, unchanged?) and the changes to
        # people since. This runs before most searches, so it costs as few round trips
        # as it can: a plain query for the few people changed, not a server-side cursor.
        entries = list(
            AuditEntry.objects.filter(
                Q(seq=self._seq)
                | Q(
                    seq__gt=self._seq,
                    seq__lte=seq,
                    subject_type="person",
                    action__in=INDEX_ACTIONS,
                )
            ).values_list("seq", "mac", "subject_id")
        )
        if self._seq and (self._seq, self._mac) not in {(s, m) for s, m, _ in entries}:
            return False
        ids = {str(uuid.UUID(sid)) for s, _, sid in entries if s > self._seq}
        found = {
            str(r["id"]): r
            for r in (Person.objects.filter(pk__in=ids).values(*RECORD_FIELDS) if ids else ())
        }
        for pid in ids:
            row = found.get(pid)
            if row is None or row["merged_into_id"] is not None:
                self._index.remove(pid)
            else:
                self._index.add(record_from_values(row), partition=str(row["agency_id"]))
        self._seq, self._mac = seq, mac
        return True

    def _up_to_date(self) -> Index:
        if self._index is None or not self._catch_up():
            self._load()
        assert self._index is not None
        return self._index

    def current(self) -> Index:
        """The index, brought up to date with every committed change."""
        with self._lock:
            return self._up_to_date()

    def search(
        self,
        query: Record,
        *,
        scope: Scope | None,
        top: int,
        min_probability: float = 0.0,
        exclude: Iterable[str] = (),
    ) -> list[Candidate]:
        """Search the up-to-date index (under the lock: it must not change mid-search)."""
        with self._lock:
            return self._up_to_date().search(
                query, top=top, min_probability=min_probability, exclude=tuple(exclude), scope=scope
            )


REGISTER_INDEX = RegisterIndex()


@dataclass(frozen=True)
class Match:
    person: Person
    candidate: Candidate


def user_scope(user: Any) -> Scope:
    """The part of the index a user's search sees: their agency's partition, and the
    people they see beyond it (assigned to them, shared with their agency) one by one."""
    agencies, beyond = policy.person_scope_parts(user)
    extra = Person.objects.filter(beyond, merged_into__isnull=True).values_list("pk", flat=True)
    return Scope(
        partitions=frozenset(str(a) for a in agencies),
        extra=frozenset(str(pk) for pk in extra),
    )


def match_search(
    *,
    user: Any,
    query: Mapping[str, Any],
    top: int = 5,
    min_probability: float = 0.0,
    exclude: Iterable[str] = (),
) -> list[Match]:
    """Ranked candidates for a query among the people the user may see; nothing outside
    the user's scope takes part in the search or moves a score."""
    if not (
        policy.can(user, Capability.REGISTER_READ) and policy.has_class(user, DataClass.IDENTITY)
    ):
        raise PermissionDenied
    found = REGISTER_INDEX.search(
        record_from_values(query),
        scope=user_scope(user),
        top=top,
        min_probability=min_probability,
        exclude=exclude,
    )
    if not found:
        return []
    from haven.people.selectors import person_queryset

    # the index is kept from the same database: this only drops a record that left
    # the user's scope a moment ago
    visible = {
        str(p.pk): p for p in person_queryset(user=user).filter(pk__in=[c.record_id for c in found])
    }
    return [Match(visible[c.record_id], c) for c in found if c.record_id in visible]


def match_search_unscoped(
    *, query: Mapping[str, Any], top: int = 5, min_probability: float = 0.0
) -> list[Match]:
    """System use only: ranked candidates over the whole register, every agency's people,
    with name frequencies and the prior of the whole register.

    For a service that must know whether *anyone* holds a likely candidate (the tracing
    module's "a likely candidate is held by agency X", passed on to that agency). Never
    show its results, scores or explanations to a user: they reveal records outside the
    user's scope. A user's search is ``match_search``."""
    found = REGISTER_INDEX.search(
        record_from_values(query), scope=None, top=top, min_probability=min_probability
    )
    people = Person.objects.select_related("agency").in_bulk([c.record_id for c in found])
    by_id = {str(pk): p for pk, p in people.items()}
    return [Match(by_id[c.record_id], c) for c in found if c.record_id in by_id]


# The register's search box: the engine's best candidates for the words typed, kept
# when every name part compared agrees at least "similar" (a list of people whose names
# look like the query, not a verdict that one of them is the person).
SEARCH_CANDIDATES = 50
_AGREEING = frozenset({"exact", "strong", "similar"})


def _names_agree(candidate: Candidate) -> bool:
    outcomes = [
        e.outcome
        for e in candidate.explanation
        if e.field in ("given_name", "family_name") and e.outcome != "missing"
    ]
    return bool(outcomes) and all(o in _AGREEING for o in outcomes)


def name_search(*, user: Any, text: str) -> list[str]:
    """Ids of the people in the user's scope whose names the engine finds for the words
    typed (any spelling, any script), best first: the last word is read as the family
    name, the others as the given name (either order is tried)."""
    words = text.split()
    if not words or not policy.has_class(user, DataClass.IDENTITY):
        return []
    given, family = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (words[0], "")
    found = REGISTER_INDEX.search(
        record_from_values({"given_name": given, "family_name": family}),
        scope=user_scope(user),
        top=SEARCH_CANDIDATES,
    )
    return [c.record_id for c in found if _names_agree(c)]


DUPLICATE_THRESHOLD = 0.5


def likely_duplicates(
    *, user: Any, fields: Mapping[str, Any], exclude: Iterable[str] = ()
) -> list[Match]:
    """Open records the user can see that are probably the person being registered."""
    if not any(fields.get(k) for k in ("given_name", "family_name", "other_names")):
        return []
    return match_search(
        user=user, query=fields, top=5, min_probability=DUPLICATE_THRESHOLD, exclude=exclude
    )

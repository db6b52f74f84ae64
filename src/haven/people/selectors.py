"""Reads of the register, always scoped to the user by accounts.policy."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from haven.accounts import policy
from haven.accounts.roles import SENSITIVE_CLASSES, DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.people.fieldclasses import PERSON_CLASSES, SECRET_FIELDS
from haven.people.models import Document, Person, PersonMerge, PersonShare
from haven.people.services import fold

EXPIRY_WARNING_DAYS = 60
REQUIRED_DOCUMENTS = (
    ("identity", (Document.Kind.IDENTITY_CARD, Document.Kind.PASSPORT)),
    ("residence", (Document.Kind.RESIDENCE_PERMIT, Document.Kind.REFUGEE_CERTIFICATE)),
    ("work", (Document.Kind.WORK_PERMIT,)),
)
MISSING_CHOICES = tuple(name for name, _ in REQUIRED_DOCUMENTS)


def _valid_document(kinds: tuple[str, ...], today: dt.date) -> Exists:
    """As ``Document.is_valid_on``: issued, not expired, and evidenced by its number or a
    date (an encrypted empty number is stored as the empty string)."""
    return Exists(
        Document.objects.filter(person=OuterRef("pk"), kind__in=kinds, status="issued")
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .filter(~Q(number="") | Q(issued_on__isnull=False) | Q(expires_on__isnull=False))
    )


def _uuid_or_404(value: Any) -> uuid.UUID:
    """IDs come from URLs and bodies; a malformed one is simply not found."""
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def person_queryset(*, user: Any) -> QuerySet[Person]:
    return Person.objects.filter(policy.person_scope(user)).select_related("agency", "caseworker")


def person_list(
    *, user: Any, filters: Mapping[str, Any] | None = None, today: dt.date | None = None
) -> QuerySet[Person]:
    """The people the user may see, narrowed by the filters a caller passes on."""
    filters = filters or {}
    today = today or timezone.localdate()
    # A list shows who people are, never where they are or their health: those
    # (encrypted) fields are neither read nor decrypted for its rows.
    qs = person_queryset(user=user).defer(*sorted(SECRET_FIELDS))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("group_status"):
        qs = qs.filter(group_status=filters["group_status"])
    if filters.get("agency"):
        qs = qs.filter(agency_id=filters["agency"])
    if filters.get("caseworker"):
        qs = qs.filter(caseworker__uuid=filters["caseworker"])
    if filters.get("missing_document") and policy.has_class(user, DataClass.DOCUMENTS):
        kinds = dict(REQUIRED_DOCUMENTS)[filters["missing_document"]]
        qs = qs.filter(~_valid_document(kinds, today))
    if filters.get("risk_level") and policy.has_class(user, DataClass.SAFETY):
        qs = qs.filter(risk_level=filters["risk_level"])
    query = (filters.get("search") or "").strip()
    if query:
        return _name_search(user, qs, query)
    return qs.order_by("family_name", "given_name", "id")


def _name_search(user: Any, qs: QuerySet[Person], query: str) -> QuerySet[Person]:
    """People whose names the matching engine finds for the query (any spelling or script,
    within the user's scope), best first; then those with a name starting with what was
    typed ("Shir" finds Shirin, not Ardeshir), by name. The engine gives at most
    ``SEARCH_CANDIDATES`` ids; the prefix test is a LIKE on ``search_text`` that a trigram
    index can serve."""
    from haven.people.matching import name_search

    ranked = name_search(user=user, text=query)
    cond = Q(pk__in=[])
    for words in {fold(query), " ".join(query.casefold().split())} - {""}:
        # a name in search_text starts it or follows a space ("a b | c d")
        cond |= Q(search_text__startswith=words) | Q(search_text__contains=f" {words}")
    if not ranked:
        # In name order, but by expressions the list's name index cannot serve: with a
        # LIMIT, PostgreSQL would otherwise walk that index from "A" and test each row's
        # names until it found a page of matches, seconds for a name late in the
        # alphabet; this way it takes the trigram matches (a few thousand at most) and
        # sorts them.
        return qs.filter(cond).order_by(_unindexed("family_name"), _unindexed("given_name"), "id")
    rank = Case(
        *(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)),
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )
    return (
        qs.filter(cond | Q(pk__in=ranked))
        .annotate(search_rank=rank)
        .order_by("search_rank", "family_name", "given_name", "id")
    )


def _unindexed(name: str) -> Concat:
    return Concat(F(name), Value(""), output_field=TextField())


def person_get(*, user: Any, person_id: Any) -> Person:
    """One person in the user's scope, or 404 (never confirm that others exist)."""
    pk = _uuid_or_404(person_id)
    person = person_queryset(user=user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def person_read(
    *, user: Any, person: Person, withhold: frozenset[str] = frozenset()
) -> frozenset[str]:
    """Record that the user is shown this person; returns the classes they may see.

    Reading whereabouts, safety, health or tracing data is audited. Classes in
    ``withhold`` (whereabouts awaiting a step-up) are neither shown nor audited.
    """
    classes = policy.classes_for(user) - withhold
    sensitive = classes & SENSITIVE_CLASSES & PERSON_CLASSES
    if sensitive:
        audit_log(
            actor=user,
            action=AuditEntry.Action.READ,
            subject_type="person",
            subject_id=person.pk,
            classes=sensitive,
        )
    return classes


def document_list(*, user: Any, person: Person) -> QuerySet[Document]:
    if not policy.has_class(user, DataClass.DOCUMENTS):
        return Document.objects.none()
    return person.documents.all()


def document_get(*, user: Any, person: Person, document_id: Any) -> Document:
    pk = _uuid_or_404(document_id)
    doc = document_list(user=user, person=person).filter(pk=pk).first()
    if doc is None:
        raise Http404
    return doc


@dataclass
class DocumentationGap:
    person: Person
    missing: list[str] = field(default_factory=list)
    expiring: list[Document] = field(default_factory=list)
    held_by_others: list[Document] = field(default_factory=list)


def documentation_flags(person: Person, today: dt.date | None = None) -> dict[str, Any]:
    """What is missing, expiring within 60 days, or held by someone else."""
    today = today or timezone.localdate()
    docs = list(person.documents.all())
    missing = [
        name
        for name, kinds in REQUIRED_DOCUMENTS
        if not any(d.kind in kinds and d.is_valid_on(today) for d in docs)
    ]
    soon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    expiring = [
        d for d in docs if d.status == "issued" and d.expires_on and today <= d.expires_on <= soon
    ]
    return {
        "missing": missing,
        "expiring": [str(d.pk) for d in expiring],
        "held_by_others": [str(d.pk) for d in docs if d.held_by_other],
    }


def documentation_gaps(*, user: Any, today: dt.date | None = None) -> list[DocumentationGap]:
    """Open records without a valid identity document, residence or work permit, or with
    a document expiring within 60 days, or held by someone else."""
    if not policy.has_class(user, DataClass.DOCUMENTS):
        return []
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    qs = person_queryset(user=user).filter(status=Person.Status.OPEN)
    annotations = {
        f"has_{name}": _valid_document(kinds, today) for name, kinds in REQUIRED_DOCUMENTS
    }
    expiring = Document.objects.filter(
        person=OuterRef("pk"), status="issued", expires_on__gte=today, expires_on__lte=soon
    )
    held = Document.objects.filter(person=OuterRef("pk")).exclude(holder__in=["person", "unknown"])
    qs = qs.annotate(**annotations, expiring=Exists(expiring), held=Exists(held))
    cond = Q(expiring=True) | Q(held=True)
    for name, _ in REQUIRED_DOCUMENTS:
        cond |= Q(**{f"has_{name}": False})
    qs = qs.filter(cond).prefetch_related("documents").order_by("family_name", "given_name", "id")
    gaps = []
    for person in qs:
        docs = list(person.documents.all())
        gaps.append(
            DocumentationGap(
                person=person,
                missing=[n for n, _ in REQUIRED_DOCUMENTS if not getattr(person, f"has_{n}")],
                expiring=[
                    d
                    for d in docs
                    if d.status == "issued" and d.expires_on and today <= d.expires_on <= soon
                ],
                held_by_others=[d for d in docs if d.held_by_other],
            )
        )
    return gaps


def merge_get(*, user: Any, merge_id: Any) -> PersonMerge:
    """A merge whose kept record the user may see, or 404."""
    pk = _uuid_or_404(merge_id)
    merge = (
        PersonMerge.objects.filter(pk=pk, kept__in=person_queryset(user=user))
        .select_related("kept", "absorbed")
        .first()
    )
    if merge is None:
        raise Http404
    return merge


def person_share_list(*, person: Person) -> QuerySet[PersonShare]:
    """Active shares of a person the caller has already fetched through person_get."""
    return person.shares.filter(revoked_at__isnull=True).select_related("agency", "granted_by")


def person_share_get(*, person: Person, share_id: Any) -> PersonShare:
    pk = _uuid_or_404(share_id)
    share = person_share_list(person=person).filter(pk=pk).first()
    if share is None:
        raise Http404
    return share


def person_merge_list(*, person: Person) -> QuerySet[PersonMerge]:
    """Merges into a person, newest first."""
    return person.merges_kept.select_related("absorbed", "merged_by", "undone_by")


def share_request_list(*, user: Any) -> QuerySet[Any]:
    """Pending shares that this user may decide: those asked for on records of their own
    agency, for a supervisor (none for anyone else)."""
    from haven.accounts import policy
    from haven.people.models import ShareRequest

    if policy.share_needs_approval(user) or not getattr(user, "agency_id", None):
        return ShareRequest.objects.none()
    return (
        ShareRequest.objects.filter(
            state=ShareRequest.State.PENDING, person__agency_id=user.agency_id
        )
        .exclude(requested_by=user)
        .select_related("person", "agency", "requested_by")
    )


def share_request_pending(*, person: Person) -> QuerySet[Any]:
    """Pending shares of a person the caller has already fetched through person_get."""
    return person.share_requests.filter(state="pending").select_related("agency", "requested_by")


def share_request_get(*, person: Person, request_id: Any) -> Any:
    """One pending share of a person already fetched through person_get, or 404."""
    pk = _uuid_or_404(request_id)
    found = person.share_requests.filter(pk=pk, state="pending").first()
    if found is None:
        raise Http404
    return found

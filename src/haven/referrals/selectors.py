"""Reads of referrals, petitions and receiving bodies, scoped by
accounts.policy.referrals. What a record shows of a person is decided by
``haven.referrals.disclosure`` alone."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from haven.accounts.policy import referrals as policy
from haven.referrals.models import Consent, Petition, PetitionMember, ReceivingBody, Referral


def _pk(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def body_list(*, user: Any, include_inactive: bool = False) -> QuerySet[ReceivingBody]:
    if not policy.can_list_bodies(user):
        return ReceivingBody.objects.none()
    qs = ReceivingBody.objects.select_related("agency")
    return qs if include_inactive else qs.filter(active=True)


def body_get(*, user: Any, body_id: Any) -> ReceivingBody:
    body = body_list(user=user, include_inactive=True).filter(pk=_pk(body_id)).first()
    if body is None:
        raise Http404
    return body


def referral_queryset(*, user: Any) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(policy.referral_scope(user))
        .select_related("person", "receiving_body", "agency", "created_by")
        .prefetch_related("consents", "person__documents")
    )


def referral_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Referral]:
    """Filters: ``status``, ``receiving_body`` (an id), ``person`` (an id)."""
    filters = filters or {}
    qs = referral_queryset(user=user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("receiving_body"):
        qs = qs.filter(receiving_body_id=filters["receiving_body"])
    if filters.get("person"):
        qs = qs.filter(person_id=filters["person"])
    return qs.order_by("-created_at", "id")


def referral_get(*, user: Any, referral_id: Any) -> Referral:
    found = referral_queryset(user=user).filter(pk=_pk(referral_id)).first()
    if found is None:
        raise Http404
    return found


def _members() -> Prefetch:
    return Prefetch(
        "members",
        queryset=PetitionMember.objects.select_related("person").prefetch_related(
            "consents", "person__documents"
        ),
    )


def petition_queryset(*, user: Any) -> QuerySet[Petition]:
    return (
        Petition.objects.filter(policy.petition_scope(user))
        .select_related("receiving_body", "agency", "created_by")
        .prefetch_related(_members())
    )


def petition_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Petition]:
    filters = filters or {}
    qs = petition_queryset(user=user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("-created_at", "id")


def petition_get(*, user: Any, petition_id: Any) -> Petition:
    found = petition_queryset(user=user).filter(pk=_pk(petition_id)).first()
    if found is None:
        raise Http404
    return found


def member_get(*, petition: Petition, member_id: Any) -> PetitionMember:
    member = petition.members.filter(pk=_pk(member_id)).first()
    if member is None:
        raise Http404
    return member


def consent_get(*, user: Any, consent_id: Any) -> Consent:
    """A consent of a referral or petition the user may see, or 404."""
    consent = (
        Consent.objects.filter(pk=_pk(consent_id))
        .select_related("referral__person", "member__petition", "member__person")
        .first()
    )
    if consent is None:
        raise Http404
    if consent.referral_id:
        visible = referral_queryset(user=user).filter(pk=consent.referral_id).exists()
    else:
        visible = petition_queryset(user=user).filter(pk=consent.member.petition_id).exists()  # type: ignore[union-attr]
    if not visible:
        raise Http404
    return consent


def person_requests(*, user: Any, person: Any) -> dict[str, list[Any]]:
    """The person's referrals and petition memberships the user may see (for the
    person's page; the caller fetched the person through its own scoped selector)."""
    referrals = list(referral_queryset(user=user).filter(person=person).order_by("-created_at"))
    petitions = list(
        petition_queryset(user=user).filter(members__person=person).order_by("-created_at")
    )
    return {"referrals": referrals, "petitions": petitions}


def petition_candidates(*, user: Any, petition: Petition) -> QuerySet[Any]:
    """Who the user may put on a petition: open records of the petition's agency that
    they may refer."""
    from haven.people.models import Person
    from haven.people.selectors import person_queryset

    if not policy.can_work_on_petition(user, petition):
        return Person.objects.none()
    return (
        person_queryset(user=user)
        .filter(agency_id=petition.agency_id, status="open", merged_into__isnull=True)
        .order_by("family_name", "given_name", "id")
    )

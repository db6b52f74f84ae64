"""The private interview and the person's decisions: consent records, withdrawal and
"deny knowing me"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from haven.interviews.models import Context, Interview
from haven.interviews.services import interview_record
from haven.tracing.models import (
    Consent,
    Decision,
    DenyKnowing,
    Enquiry,
    Purpose,
    State,
    Visit,
)
from haven.tracing.services._common import A, event, now_or, refs, require_work, traced
from haven.tracing.services.enquiries import close_denied

DENY = "deny_knowing_me"
DECISIONS = (Decision.GIVEN, Decision.REFUSED)


def check_decisions(decisions: Any) -> dict[str, str]:
    """``{purpose: "given" | "refused"}``, and ``deny_knowing_me: "given"``; anything
    else is a field error naming the purpose."""
    if not isinstance(decisions, Mapping):
        raise ValidationError({"decisions": [_("Give the decisions as purpose: decision.")]})
    errors: list[str] = []
    out: dict[str, str] = {}
    for purpose, decision in decisions.items():
        if purpose not in Purpose.values and purpose != DENY:
            errors.append(_("Unknown purpose: %(p)s.") % {"p": purpose})
        elif decision not in DECISIONS:
            errors.append(_("%(p)s: a decision is given or refused.") % {"p": purpose})
        else:
            out[str(purpose)] = str(decision)
    if errors:
        raise ValidationError({"decisions": errors})
    return out


def _next_seq(enquiry: Enquiry) -> int:
    last = Consent.objects.filter(enquiry=enquiry).aggregate(m=Max("seq"))["m"]
    return (last or 0) + 1


def _consent(
    *,
    enquiry: Enquiry,
    actor: Any,
    purpose: str,
    decision: str,
    private: bool,
    interview: Interview | None,
    now: dt.datetime,
) -> Consent:
    record = Consent(
        person=enquiry.person,
        enquiry=enquiry,
        interview=interview,
        purpose=purpose,
        decision=decision,
        private=private,
        at=now,
        seq=_next_seq(enquiry),
        recorded_by=actor,
    )
    record.full_clean()
    record.save(force_insert=True)
    from haven.audit.services import audit_log

    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="tracing_consent",
        subject_id=record.pk,
        changes={
            **refs(enquiry=enquiry.pk, interview=interview.pk if interview else None),
            **traced(purpose=1, decision=1, private=1),
        },
        at=now,
    )
    return record


def _cancel_visits(enquiry: Enquiry, actor: Any, now: dt.datetime) -> None:
    for visit in enquiry.visits.exclude(status__in=[Visit.Status.CANCELLED, Visit.Status.HELD]):
        visit.status = Visit.Status.CANCELLED
        visit.full_clean()
        visit.save()
        event(
            enquiry=enquiry,
            actor=actor,
            action="visit_cancelled",
            now=now,
            changes=refs(visit=visit.pk),
        )


def _deny(enquiry: Enquiry, actor: Any, interview: Interview | None, now: dt.datetime) -> None:
    from haven.audit.services import audit_log

    person = enquiry.person
    if not DenyKnowing.objects.filter(person=person).exists():
        record = DenyKnowing(person=person, interview=interview, recorded_by=actor, at=now)
        record.full_clean()
        record.save(force_insert=True)
        audit_log(
            actor=actor,
            action=A.CREATE,
            subject_type="tracing_deny_knowing",
            subject_id=record.pk,
            changes=refs(person=person.pk),
            at=now,
        )
    for other in Enquiry.objects.filter(person=person):
        _cancel_visits(other, actor, now)
    close_denied(actor=actor, person=person, now=now)


@transaction.atomic
def tracing_interview_record(
    *,
    actor: Any,
    enquiry: Enquiry,
    fields: Mapping[str, Any],
    decisions: Any,
    contact: str = "",
    now: dt.datetime | None = None,
) -> Interview:
    """Record the interview with the located person and each decision taken in it.

    A decision taken with a chaperone present is recorded but discloses nothing until
    confirmed in a private interview (the gate reads ``private``). ``contact`` is the
    contact the person chose to share (never the register's address)."""
    require_work(actor, enquiry)
    now = now_or(now)
    checked = check_decisions(decisions)
    if enquiry.person_id is None:
        raise ValidationError({"person": [_("Locate the person sought first.")]})
    if enquiry.is_closed:
        raise ValidationError({"held_on": [_("This enquiry is closed.")]})
    contact = (contact or "").strip()
    if contact and checked.get(Purpose.SHARE_CONTACT) != Decision.GIVEN:
        raise ValidationError(
            {"contact": [_("Record contact details only with consent to share them.")]}
        )
    interview = interview_record(
        actor=actor, person=enquiry.person, fields=fields, context=Context.TRACING, now=now
    )
    private = interview.counts_as_private
    for purpose, decision in checked.items():
        if purpose == DENY:
            continue
        _consent(
            enquiry=enquiry,
            actor=actor,
            purpose=purpose,
            decision=decision,
            private=private,
            interview=interview,
            now=now,
        )
        if purpose == Purpose.ACCEPT_VISIT and decision == Decision.REFUSED:
            _cancel_visits(enquiry, actor, now)
    if contact:
        enquiry.contact = contact
    event(
        enquiry=enquiry,
        actor=actor,
        action="interview_held",
        now=now,
        state=State.INTERVIEW_HELD,
        changes={**refs(interview=interview.pk), **(traced(contact=1) if contact else {})},
    )
    if checked.get(DENY) == Decision.GIVEN:
        _deny(enquiry, actor, interview, now)
    return interview


@transaction.atomic
def consent_withdraw(
    *, actor: Any, enquiry: Enquiry, purpose: Any, now: dt.datetime | None = None
) -> Consent:
    """The person withdraws a consent: every later disclosure of it stops (a visit is
    cancelled). Needs no interview: a person may withdraw at any time, any way."""
    require_work(actor, enquiry)
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": [_("Unknown purpose.")]})
    if enquiry.person_id is None:
        raise ValidationError({"purpose": [_("No one has been located for this enquiry.")]})
    now = now_or(now)
    record = _consent(
        enquiry=enquiry,
        actor=actor,
        purpose=purpose,
        decision=Decision.WITHDRAWN,
        private=False,
        interview=None,
        now=now,
    )
    if purpose == Purpose.ACCEPT_VISIT:
        _cancel_visits(enquiry, actor, now)
    event(enquiry=enquiry, actor=actor, action="consent_withdrawn", now=now)
    return record


@transaction.atomic
def deny_knowing(*, actor: Any, enquiry: Enquiry, now: dt.datetime | None = None) -> None:
    """The located person asks that Haven deny knowing them to every enquirer, now and
    later: every enquiry for them closes as not found, and they are left out of every
    candidate list and every hint from now on."""
    require_work(actor, enquiry)
    if enquiry.person_id is None:
        raise ValidationError({"person": [_("No one has been located for this enquiry.")]})
    _deny(enquiry, actor, None, now_or(now))

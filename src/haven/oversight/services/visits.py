"""Access visits and their findings; a finding of concern becomes a follow-up action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import oversight as policy
from haven.accounts.roles import DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change, diff
from haven.oversight.fieldclasses import VISIT_CLASSES, VISIT_FIELDS, VISIT_SECRET
from haven.oversight.models import Finding, FollowUpAction, Item, Site, Visit
from haven.oversight.services._common import apply, refuse_unknown, snapshot, today_of

A = AuditEntry.Action
# How long the owner of an action that comes from a finding has to act on it.
ACTION_DUE_DAYS = 14


def _findings(visit: Visit, findings: Sequence[Mapping[str, Any]]) -> list[Finding]:
    """Build (unsaved) findings, with every error at once under ``findings``."""
    errors: list[str] = []
    seen: set[str] = set()
    built = []
    if findings and not visit.done:
        raise ValidationError({"findings": [_("A visit that has not happened has no findings.")]})
    for i, raw in enumerate(findings, start=1):
        if not isinstance(raw, Mapping):
            errors.append(_("Finding %(i)s: must be an object.") % {"i": i})
            continue
        extra = sorted(set(raw) - {"item", "answer", "note"})
        if extra:
            errors.append(
                _("Finding %(i)s: unknown field %(f)s.") % {"i": i, "f": ", ".join(extra)}
            )
            continue
        item = raw.get("item")
        if item not in Item.values:
            errors.append(_("Finding %(i)s: unknown item %(item)s.") % {"i": i, "item": item})
            continue
        if item in seen:
            errors.append(_("Finding %(i)s: %(item)s is given twice.") % {"i": i, "item": item})
            continue
        seen.add(item)
        note = raw.get("note") or ""
        finding = Finding(
            visit=visit,
            item=item,
            answer=raw.get("answer") or "",
            note=note.strip() if isinstance(note, str) else note,
        )
        try:
            finding.full_clean(exclude=["visit"], validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    errors.append(
                        _("Finding %(i)s (%(field)s): %(message)s")
                        % {"i": i, "field": field, "message": message}
                    )
            continue
        built.append(finding)
    if errors:
        raise ValidationError({"findings": errors})
    return built


def _action_for(finding: Finding, visit: Visit, actor: Any) -> FollowUpAction:
    label = Item(finding.item).label
    description = _("Follow up the finding at %(site)s: %(item)s (%(answer)s).") % {
        "site": visit.site.name,
        "item": label,
        "answer": finding.get_answer_display(),
    }
    if finding.note:
        description += "\n" + finding.note
    assert visit.visited_on is not None
    return FollowUpAction(
        agency=visit.agency if visit.agency_id == actor.agency_id else actor.agency,
        owner=actor,
        created_by=actor,
        description=description,
        due_on=visit.visited_on + dt.timedelta(days=ACTION_DUE_DAYS),
        site=visit.site,
        visit=visit,
        finding=finding,
    )


def _validated(
    visit: Visit, findings: Sequence[Mapping[str, Any]], today: dt.date
) -> list[Finding]:
    """Check the visit and build its findings, with every error at once."""
    errors: dict[str, list[str]] = {}
    if visit.visited_on and visit.visited_on > today:
        errors["visited_on"] = [
            _("A visit that has happened cannot be dated in the future; give planned_on.")
        ]
    try:
        visit.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    try:
        built = _findings(visit, findings) if not errors else []
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return built


def _save_findings(actor: Any, visit: Visit, built: list[Finding]) -> None:
    from haven.oversight.services.actions import _save_action

    for finding in built:
        finding.save(force_insert=True)
        audit_log(
            actor=actor,
            action=A.CREATE,
            subject_type="finding",
            subject_id=finding.pk,
            changes={
                "visit": change(REF, None, str(visit.pk)),
                "item": change(REF, None, finding.item),
                "answer": change(DataClass.IDENTITY, None, finding.answer),
                "note": change(DataClass.IDENTITY, None, finding.note, secret=True),
            },
        )
        if finding.is_concern:
            _save_action(actor, _action_for(finding, visit, actor))


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    site: Site,
    fields: Mapping[str, Any],
    agency: Any = None,
    findings: Sequence[Mapping[str, Any]] = (),
    now: dt.datetime | None = None,
) -> Visit:
    """Record a visit to a site (planned, or done with its access and findings). Each
    finding of concern becomes a follow-up action owned by the actor, due in
    ``ACTION_DUE_DAYS`` from the visit. Nothing is written if anything is wrong."""
    agency = agency or getattr(actor, "agency", None)
    if not policy.can_write_oversight(actor):
        raise PermissionDenied(_("Your role may not record visits."))
    if not policy.can_record_visit(actor, agency):
        raise ValidationError({"agency": [_("You may record only your own agency's visits.")]})
    refuse_unknown(fields, VISIT_FIELDS)
    visit = Visit(site=site, agency=agency, recorded_by=actor)
    apply(visit, fields)
    built = _validated(visit, findings, today_of(now))
    visit.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="visit",
        subject_id=visit.pk,
        changes={
            **diff({}, snapshot(visit, VISIT_FIELDS), classes=VISIT_CLASSES, secret=VISIT_SECRET),
            "site": change(REF, None, str(site.pk)),
            "agency": change(REF, None, str(agency.pk)),
        },
    )
    _save_findings(actor, visit, built)
    return visit


@transaction.atomic
def visit_complete(
    *,
    actor: Any,
    visit: Visit,
    fields: Mapping[str, Any],
    findings: Sequence[Mapping[str, Any]] = (),
    now: dt.datetime | None = None,
) -> Visit:
    """Record how a planned visit went (its date, access and findings), or move its
    planned date. A visit that has happened is history: it is not changed."""
    if not policy.can_edit_visit(actor, visit):
        raise PermissionDenied(_("Only the agency that made this visit may record it."))
    visit = Visit.objects.select_for_update().select_related("site").get(pk=visit.pk)
    if visit.done:
        raise ValidationError({"visited_on": [_("This visit is already recorded.")]})
    refuse_unknown(fields, VISIT_FIELDS)
    before = snapshot(visit, VISIT_FIELDS)
    apply(visit, fields)
    built = _validated(visit, findings, today_of(now))
    changes = diff(
        before, snapshot(visit, VISIT_FIELDS), classes=VISIT_CLASSES, secret=VISIT_SECRET
    )
    visit.save()
    audit_log(
        actor=actor, action=A.CHANGE, subject_type="visit", subject_id=visit.pk, changes=changes
    )
    _save_findings(actor, visit, built)
    return visit

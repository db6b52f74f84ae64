"""Sites and the people linked to them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import oversight as policy
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change, diff
from haven.oversight.fieldclasses import LINK_CLASSES, SITE_CLASSES, SITE_FIELDS, SITE_SECRET
from haven.oversight.models import Site, SiteLink
from haven.oversight.services._common import apply, not_future, refuse_unknown, snapshot, today_of

A = AuditEntry.Action


def _check_address(actor: Any, fields: Mapping[str, Any]) -> None:
    if "address" in fields and not policy.can_set_site_address(actor):
        raise ValidationError({"address": [_("Your role may not record whereabouts data.")]})


@transaction.atomic
def site_create(*, actor: Any, fields: Mapping[str, Any]) -> Site:
    """Register a site for the actor's agency."""
    if not policy.can_write_oversight(actor):
        raise PermissionDenied(_("Your role may not register sites."))
    refuse_unknown(fields, SITE_FIELDS)
    _check_address(actor, fields)
    site = Site(agency=actor.agency, created_by=actor)
    apply(site, fields)
    site.full_clean()
    site.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="site",
        subject_id=site.pk,
        changes=diff({}, snapshot(site, SITE_FIELDS), classes=SITE_CLASSES, secret=SITE_SECRET),
    )
    return site


@transaction.atomic
def site_update(*, actor: Any, site: Site, fields: Mapping[str, Any]) -> Site:
    if not policy.can_edit_site(actor, site):
        raise PermissionDenied(_("Only the agency that registered this site may change it."))
    refuse_unknown(fields, SITE_FIELDS)
    _check_address(actor, fields)
    site = Site.objects.select_for_update().get(pk=site.pk)
    before = snapshot(site, SITE_FIELDS)
    apply(site, fields)
    site.full_clean()
    changes = diff(before, snapshot(site, SITE_FIELDS), classes=SITE_CLASSES, secret=SITE_SECRET)
    if not changes:
        return site
    site.save()
    audit_log(
        actor=actor, action=A.CHANGE, subject_type="site", subject_id=site.pk, changes=changes
    )
    return site


@transaction.atomic
def site_link_person(
    *,
    actor: Any,
    site: Site,
    person: Any,
    role: str = SiteLink.Role.LIVES,
    from_on: dt.date | None = None,
    to_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> SiteLink:
    """Record that a person lives or works at a site (their whereabouts)."""
    if not policy.can_link_person(actor, person):
        raise PermissionDenied(_("You may not record where this person lives or works."))
    errors: dict[str, list[str]] = {}
    today = today_of(now)
    not_future(errors, "from_on", from_on, today)
    not_future(errors, "to_on", to_on, today)
    if errors:
        raise ValidationError(errors)
    link = SiteLink(
        site=site, person=person, role=role, from_on=from_on, to_on=to_on, created_by=actor
    )
    link.full_clean()
    link.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="site_link",
        subject_id=link.pk,
        changes={
            **diff({}, snapshot(link, LINK_CLASSES), classes=LINK_CLASSES),
            "person": change(REF, None, str(person.pk)),
        },
    )
    return link


def site_links_end(*, actor: Any, person: Any, on: dt.date) -> int:
    """Close the person's open links to sites on ``on`` (they left); the caller is
    atomic and audits. Links that start after ``on`` are left alone."""
    links = SiteLink.objects.select_for_update().filter(person=person, to_on__isnull=True)
    ended = 0
    for link in links:
        if link.from_on and link.from_on > on:
            continue
        link.to_on = on
        link.save(update_fields=["to_on"])
        audit_log(
            actor=actor,
            action=A.CHANGE,
            subject_type="site_link",
            subject_id=link.pk,
            changes={
                "to_on": change(LINK_CLASSES["to_on"]),
                "person": change(REF, None, str(person.pk)),
            },
        )
        ended += 1
    return ended

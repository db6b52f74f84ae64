"""E-mail about alerts, once per alert.

An alert is claimed (``notified_at`` set) in the same transaction that sends its
messages, so a second run, or two runs at once, never send it again; a failed send
rolls the claim back and the next run tries again. The message names the kind of alert
and links to it, nothing more: what it is about stays behind Haven's sign-in.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.accounts.policy import alerts as alert_policy
from haven.accounts.roles import Role
from haven.alerts.kinds import kind_label, reaches_police
from haven.alerts.models import Alert, Severity
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change

log = logging.getLogger(__name__)


def alert_recipients(alert: Alert) -> list[User]:
    """Who is told: the owner; for a critical alert, or one with no owner, the
    supervisors of the agency; for an alert that must reach the police, the police
    liaison too. Only people who can see the alert and have an e-mail address."""
    candidates: list[User] = []
    if alert.owner_id:
        candidates.append(alert.owner)
    police = reaches_police(alert.kind)
    if police or alert.severity == Severity.CRITICAL or not alert.owner_id:
        candidates += User.objects.filter(agency_id=alert.agency_id, role=Role.SUPERVISOR)
    if police:
        candidates += User.objects.filter(role=Role.POLICE_LIAISON)
    seen: set[int] = set()
    out = []
    for user in candidates:
        if user.pk in seen or not user.is_active or not user.email:
            continue
        seen.add(user.pk)
        if alert_policy.alert_visible_to(user, alert):
            out.append(user)
    return out


def _message(alert: Alert, user: User) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        label = kind_label(alert.kind)
        severity = alert.get_severity_display()
        link = settings.BASE_URL.rstrip("/") + reverse("web:alert", args=[alert.pk])
        subject = _("[Haven] %(severity)s alert: %(kind)s") % {"severity": severity, "kind": label}
        body = _(
            "An alert needs your attention: %(kind)s (%(severity)s).\n\n"
            "Open it in Haven to see who it concerns and to acknowledge it:\n%(link)s\n\n"
            "This message says no more on purpose; the details are in Haven."
        ) % {"kind": label, "severity": severity, "link": link}
    return EmailMessage(subject=subject, body=body, to=[user.email])


def alert_notify(*, alert: Alert, now: datetime, connection: Any = None) -> bool:
    """Send one alert's messages unless it was already notified; True if this call did."""
    with transaction.atomic():
        claimed = Alert.objects.filter(
            pk=alert.pk, notified_at__isnull=True, resolved_at__isnull=True
        ).update(notified_at=now)
        if not claimed:
            return False
        alert = Alert.objects.select_related("owner").get(pk=alert.pk)
        users = alert_recipients(alert)
        messages = [_message(alert, user) for user in users]
        if messages:
            (connection or get_connection()).send_messages(messages)
        audit_log(
            actor=None,
            action=AuditEntry.Action.CHANGE,
            subject_type="alert",
            subject_id=alert.pk,
            changes={
                "notified_at": change(REF, None, now),
                "recipients": change(REF, None, sorted(u.get_username() for u in users)),
            },
            note="notified by e-mail",
        )
    return True


def alerts_notify(*, now: datetime) -> int:
    """Notify every open alert not notified yet; how many were notified now."""
    pending = Alert.objects.filter(notified_at__isnull=True, resolved_at__isnull=True)
    sent = 0
    connection = get_connection()
    for alert in pending.order_by("raised_at", "id").iterator():
        try:
            sent += alert_notify(alert=alert, now=now, connection=connection)
        except OSError:  # the mail server is down: the claim rolled back, try next run
            log.exception("could not send the notification of alert %s", alert.pk)
    return sent

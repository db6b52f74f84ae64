"""``haven alerts``: run the alert rules and print open alerts by owner (for cron);
``--notify`` also e-mails what is due, each alert once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from haven.alerts.kinds import kind_label
from haven.alerts.models import Alert
from haven.alerts.notify import alerts_notify
from haven.alerts.rules import alerts_evaluate
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change

RANK = {"critical": 0, "warning": 1, "info": 2}


def _at(value: str | None) -> dt.datetime:
    if not value:
        return timezone.now()
    parsed = parse_datetime(value)
    if parsed is None:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
        except ValueError:
            parsed = None
    if parsed is None:
        raise CommandError(f"--at: {value!r} is not a date or time (use 2025-06-01T08:00).")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class Command(BaseCommand):
    help = (
        "Run the alert rules, then print the open alerts grouped by owner. With --notify, "
        "e-mail each alert that has not been notified yet (never twice)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--notify", action="store_true", help="send what is due by e-mail")
        parser.add_argument(
            "--at", help="evaluate as of this time instead of now (ISO 8601; for checking rules)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = _at(options.get("at"))
        raised = alerts_evaluate(now=now)
        open_alerts = list(
            Alert.objects.filter(resolved_at__isnull=True)
            .select_related("owner", "agency")
            .order_by("raised_at", "id")
        )
        open_alerts.sort(key=lambda a: RANK.get(a.severity, 3))
        by_owner: dict[str, list[Alert]] = defaultdict(list)
        for alert in open_alerts:
            by_owner[alert.owner.get_username() if alert.owner else "(no owner)"].append(alert)
        write = self.stdout.write
        write(f"{len(open_alerts)} open alert(s), {len(raised)} new at {now:%Y-%m-%d %H:%M %Z}")
        for owner in sorted(by_owner):
            write(f"{owner}: {len(by_owner[owner])}")
            for a in by_owner[owner]:
                ack = " acknowledged" if a.acknowledged_at else ""
                write(
                    f"  {a.severity:<8} {kind_label(a.kind)} · {a.agency.name} · "
                    f"raised {a.raised_at:%Y-%m-%d}{ack} · alert {a.pk}"
                )
        if open_alerts:  # the list says which people are at risk: its reading is audited
            audit_log(
                actor=None,
                action=AuditEntry.Action.READ,
                subject_type="alert",
                classes={a.data_class for a in open_alerts},
                changes={"alerts": change(REF, None, [str(a.pk) for a in open_alerts])},
                note="haven alerts",
            )
        if options["notify"]:
            sent = alerts_notify(now=now)
            write(f"{sent} alert(s) notified by e-mail.")

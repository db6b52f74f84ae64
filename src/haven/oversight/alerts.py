"""The oversight module's alerts: overdue follow-up actions (a time rule) and a person's
risk to be reassessed after leaving the group (raised by ``person_leave``).

Until the safety module records risk assessments itself, the reassessment is asked for
by an alert of the safety class, so only roles that see safety data see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.accounts.roles import DataClass
from haven.alerts.kinds import alert_kind
from haven.alerts.models import Severity
from haven.alerts.rules import alert_rule
from haven.alerts.services import AlertSpec
from haven.oversight.models import PENDING, FollowUpAction

ACTION_OVERDUE = "oversight_action_overdue"
RISK_REASSESSMENT = "risk_reassessment_due"


def _due(facts: Mapping[str, Any]) -> str:
    return _("due on %(date)s") % {"date": facts["due_on"]}


def _left(facts: Mapping[str, Any]) -> str:
    return _("left the group on %(date)s") % {"date": facts["left_on"]}


alert_kind(ACTION_OVERDUE, gettext_lazy("Follow-up action overdue"), describe=_due)
alert_kind(
    RISK_REASSESSMENT, gettext_lazy("Risk to be reassessed after leaving the group"), describe=_left
)


def overdue_actions(today: dt.date) -> Iterable[FollowUpAction]:
    return FollowUpAction.objects.filter(status__in=PENDING, due_on__lt=today).select_related(
        "agency", "owner", "person"
    )


@alert_rule("oversight_action_overdue")
def action_overdue_rule(now: dt.datetime) -> Iterable[AlertSpec]:
    """An action still open or in progress after its due date (one alert per due date:
    moving the date and missing it again raises a new one)."""
    today = timezone.localdate(now)
    for action in overdue_actions(today):
        yield AlertSpec(
            kind=ACTION_OVERDUE,
            severity=Severity.WARNING,
            key=f"{ACTION_OVERDUE}:{action.pk}:{action.due_on.isoformat()}",
            agency=action.agency,
            person=action.person,
            owner=action.owner,
            source=action,
            data_class=DataClass.IDENTITY,
            facts={"due_on": action.due_on.isoformat()},
        )

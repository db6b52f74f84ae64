"""The kinds of alert the safety module raises (registered on import)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from haven.alerts.kinds import alert_kind

CHECK_OVERDUE = "welfare_check_overdue"
CHECK_OVERDUE_CRITICAL = "welfare_check_overdue_critical"
CHECK_NOT_ALONE = "welfare_check_not_alone"
CHECK_UNREACHED = "welfare_check_unreached"
MEASURE_EXPIRED = "protective_measure_expired"
THREAT_IMMINENT = "threat_imminent"
BURIAL_BEFORE_POST_MORTEM = "burial_before_post_mortem"
REASSESSMENT_NEEDED = "reassessment_needed"
RISK_CRITICAL = "risk_level_critical"


def _due(facts: Mapping[str, Any]) -> str:
    return _("due on %(date)s") % {"date": facts["due"]}


def _on(facts: Mapping[str, Any]) -> str:
    return _("on %(date)s") % {"date": facts["date"]}


alert_kind(CHECK_OVERDUE, _lazy("Welfare check overdue"), describe=_due)
alert_kind(
    CHECK_OVERDUE_CRITICAL,
    _lazy("Welfare check overdue for a person at critical risk"),
    reaches_police=True,
    describe=_due,
)
alert_kind(CHECK_NOT_ALONE, _lazy("Person not seen alone at a welfare check"), describe=_on)
alert_kind(CHECK_UNREACHED, _lazy("Person could not be reached for a welfare check"), describe=_on)
alert_kind(
    MEASURE_EXPIRED,
    _lazy("Protective measure expired for a person at high risk"),
    describe=lambda facts: _("ended on %(date)s") % {"date": facts["ended"]},
)
alert_kind(THREAT_IMMINENT, _lazy("Imminent threat"), reaches_police=True)
alert_kind(
    BURIAL_BEFORE_POST_MORTEM,
    _lazy("Burial before post-mortem"),
    reaches_police=True,
    describe=lambda facts: _("buried on %(date)s") % {"date": facts["buried"]},
)
alert_kind(
    REASSESSMENT_NEEDED,
    _lazy("Risk level raised: reassess"),
    describe=lambda facts: _("raised to %(level)s") % {"level": facts["level"]},
)
alert_kind(RISK_CRITICAL, _lazy("Person at critical risk"), reaches_police=True)

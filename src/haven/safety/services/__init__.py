"""Writes to the safety records: one audited, atomic function per action, a module per
concern."""

from haven.safety.services.assessments import assessment_create
from haven.safety.services.checks import check_due, welfare_check_record
from haven.safety.services.deaths import death_close, death_record, death_update
from haven.safety.services.incidents import incident_create, incident_update
from haven.safety.services.measures import measure_create, measure_update
from haven.safety.services.threats import (
    threat_close,
    threat_create,
    threat_escalate,
    threat_update,
)

__all__ = [
    "assessment_create",
    "check_due",
    "death_close",
    "death_record",
    "death_update",
    "incident_create",
    "incident_update",
    "measure_create",
    "measure_update",
    "threat_close",
    "threat_create",
    "threat_escalate",
    "threat_update",
    "welfare_check_record",
]

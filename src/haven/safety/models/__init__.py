"""The safety module's records, one module per concern."""

from haven.safety.models.assessments import RiskAssessment, RiskLevelChange
from haven.safety.models.checks import WelfareCheck
from haven.safety.models.deaths import Death, PostMortem
from haven.safety.models.incidents import Incident, IncidentPerson
from haven.safety.models.measures import ProtectiveMeasure
from haven.safety.models.threats import Credibility, Reliability, Threat, ThreatTarget

__all__ = [
    "Credibility",
    "Death",
    "Incident",
    "IncidentPerson",
    "PostMortem",
    "ProtectiveMeasure",
    "Reliability",
    "RiskAssessment",
    "RiskLevelChange",
    "Threat",
    "ThreatTarget",
    "WelfareCheck",
]

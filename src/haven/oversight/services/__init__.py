"""Writes of the oversight module: one audited, atomic function per action."""

from haven.oversight.services.actions import action_create, action_update
from haven.oversight.services.interviews import oversight_interview_record
from haven.oversight.services.leaving import person_leave
from haven.oversight.services.sites import site_create, site_link_person, site_update
from haven.oversight.services.visits import visit_complete, visit_record

__all__ = [
    "action_create",
    "action_update",
    "oversight_interview_record",
    "person_leave",
    "site_create",
    "site_link_person",
    "site_update",
    "visit_complete",
    "visit_record",
]

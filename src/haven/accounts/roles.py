"""Roles and the classes of data each one is granted.

A role is a set of grants over classes of data plus a few capabilities. Anything
not listed here is denied. Changing a grant is a policy decision: the tests in
tests/accounts/test_policy_matrix.py pin every cell of this table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataClass(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    WHEREABOUTS = "whereabouts", _("Whereabouts")
    DOCUMENTS = "documents", _("Documents")
    SAFETY = "safety", _("Safety")
    HEALTH = "health", _("Health")
    TRACING = "tracing", _("Tracing")


# Reads of these classes are audited; identity and documents are audited on change only.
SENSITIVE_CLASSES = frozenset(
    {DataClass.WHEREABOUTS, DataClass.SAFETY, DataClass.HEALTH, DataClass.TRACING}
)


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    ENQUIRY_DESK = "enquiry_desk", _("Enquiry desk")
    POLICE_LIAISON = "police_liaison", _("Police liaison")
    HEALTH = "health", _("Health worker")
    INSPECTOR = "inspector", _("Labour inspector")
    REFUGEE_LIAISON = "refugee_liaison", _("Refugee-agency liaison")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Capability(models.TextChoices):
    REGISTER_READ = "register_read", _("Read the register")
    REGISTER_WRITE = "register_write", _("Register and edit people")
    DOCUMENTS_WRITE = "documents_write", _("Record documents")
    AUDIT_READ = "audit_read", _("Read the audit log")
    AGENCIES_READ = "agencies_read", _("List agencies")
    MERGE = "merge", _("Merge duplicate records")
    HEALTH_WRITE = "health_write", _("Record health data of people in scope")
    ALERTS_READ = "alerts_read", _("Read, acknowledge and resolve alerts")
    ALERTS_ASSIGN = "alerts_assign", _("Assign alerts to someone else")
    TRACING_ENQUIRE = "tracing_enquire", _("Register and follow tracing enquiries")
    TRACING_WORK = "tracing_work", _("Work tracing enquiries: candidates, interviews, messages")
    TRACING_REVIEW = "tracing_review", _("Review flagged enquiries, forward them, follow up")
    OVERSIGHT_READ = "oversight_read", _("See sites, access visits and follow-up actions")
    OVERSIGHT_WRITE = "oversight_write", _("Record sites, access visits, interviews and actions")
    NEVER_ALONE_READ = "never_alone_read", _("See who has never been interviewed alone")
    REFERRALS_READ = "referrals_read", _("See referrals and petitions of people in scope")
    REFERRALS_WRITE = "referrals_write", _("Refer people and record their consent")
    REFERRALS_RECEIVE = "referrals_receive", _("Receive referrals made to one's own agency")
    REFERRAL_BODIES_MANAGE = "referral_bodies_manage", _("Register receiving bodies")
    ADMINISTER = "administer", _("Manage agencies and user accounts")
    PRIVACY = "privacy", _("Ask for or approve a person's erasure; export what Haven holds on them")
    SAFETY_WRITE = "safety_write", _("Record threats, incidents, checks, measures and deaths")
    SAFETY_ASSESS = "safety_assess", _("Assess a person's risk")


D = DataClass
C = Capability

ROLE_CLASSES: dict[str, frozenset[str]] = {
    Role.CASEWORKER: frozenset({D.IDENTITY, D.WHEREABOUTS, D.DOCUMENTS, D.SAFETY, D.TRACING}),
    Role.SUPERVISOR: frozenset({D.IDENTITY, D.WHEREABOUTS, D.DOCUMENTS, D.SAFETY, D.TRACING}),
    # The enquiry desk receives families: it must never see a person's register entry.
    Role.ENQUIRY_DESK: frozenset({D.TRACING}),
    Role.POLICE_LIAISON: frozenset({D.IDENTITY, D.SAFETY}),
    Role.HEALTH: frozenset({D.IDENTITY, D.HEALTH}),
    Role.INSPECTOR: frozenset({D.IDENTITY, D.DOCUMENTS}),
    Role.REFUGEE_LIAISON: frozenset({D.IDENTITY, D.DOCUMENTS}),
    Role.AUDITOR: frozenset(),
    Role.ADMIN: frozenset(),
}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CASEWORKER: frozenset(
        {C.REGISTER_READ, C.REGISTER_WRITE, C.DOCUMENTS_WRITE, C.AGENCIES_READ}
    ),
    Role.SUPERVISOR: frozenset(
        {C.REGISTER_READ, C.REGISTER_WRITE, C.DOCUMENTS_WRITE, C.AGENCIES_READ, C.MERGE}
    ),
    Role.ENQUIRY_DESK: frozenset({C.AGENCIES_READ}),
    Role.POLICE_LIAISON: frozenset({C.REGISTER_READ, C.AGENCIES_READ}),
    Role.HEALTH: frozenset({C.REGISTER_READ, C.AGENCIES_READ, C.HEALTH_WRITE}),
    Role.INSPECTOR: frozenset({C.REGISTER_READ, C.AGENCIES_READ}),
    Role.REFUGEE_LIAISON: frozenset({C.REGISTER_READ, C.AGENCIES_READ}),
    Role.AUDITOR: frozenset({C.AUDIT_READ, C.AGENCIES_READ}),
    Role.ADMIN: frozenset({C.AGENCIES_READ, C.ADMINISTER}),
}

# Roles whose share of a person with another agency takes effect at once, and who
# approve (or refuse) the shares their agency's other register writers ask for: a
# caseworker's share of whereabouts with another agency waits for a supervisor.
SHARE_APPROVERS = frozenset({Role.SUPERVISOR})

# Roles that see interviews of their own agency only (and never tracing interviews).
OWN_AGENCY_INTERVIEWS = frozenset({Role.INSPECTOR})

# Alerts (haven.alerts): every register reader has an alerts list, which shows only
# alerts of people in their scope whose class their role holds; supervisors may hand an
# alert to someone else.
for _role in (
    Role.CASEWORKER,
    Role.SUPERVISOR,
    Role.POLICE_LIAISON,
    Role.HEALTH,
    Role.INSPECTOR,
    Role.REFUGEE_LIAISON,
):
    ROLE_CAPABILITIES[_role] |= {C.ALERTS_READ}
ROLE_CAPABILITIES[Role.SUPERVISOR] |= {C.ALERTS_ASSIGN}

# Tracing (haven.tracing): the enquiry desk registers enquiries and sees only what the
# disclosure gate lets through; caseworkers work them; supervisors also review flagged
# enquiries, forward them to the agency holding a likely candidate, and follow up.
ROLE_CAPABILITIES[Role.ENQUIRY_DESK] |= {C.TRACING_ENQUIRE}
ROLE_CAPABILITIES[Role.CASEWORKER] |= {C.TRACING_WORK}
ROLE_CAPABILITIES[Role.SUPERVISOR] |= {C.TRACING_WORK, C.TRACING_REVIEW}
# Oversight (haven.oversight): sites, access visits and their findings, follow-up actions.
# Every agency that visits the group's sites records its own visits; inspectors (the
# roles in OWN_AGENCY_INTERVIEWS) see only their own agency's visits, actions and
# interviews, and never safety or tracing data (their classes above hold neither).
# Supervisors see the list of people never interviewed without a chaperone.
for _role in (
    Role.CASEWORKER,
    Role.SUPERVISOR,
    Role.POLICE_LIAISON,
    Role.HEALTH,
    Role.INSPECTOR,
    Role.REFUGEE_LIAISON,
):
    ROLE_CAPABILITIES[_role] |= {C.OVERSIGHT_READ, C.OVERSIGHT_WRITE}
ROLE_CAPABILITIES[Role.SUPERVISOR] |= {C.NEVER_ALONE_READ}
# Referrals (haven.referrals): register writers refer the people they work on and record
# each person's consent per class; the refugee liaison receives what is sent to their
# own agency (only the classes consented to); the administrator registers the bodies.
for _role in (Role.CASEWORKER, Role.SUPERVISOR):
    ROLE_CAPABILITIES[_role] |= {C.REFERRALS_READ, C.REFERRALS_WRITE}
ROLE_CAPABILITIES[Role.REFUGEE_LIAISON] |= {C.REFERRALS_RECEIVE}
ROLE_CAPABILITIES[Role.ADMIN] |= {C.REFERRAL_BODIES_MANAGE}
# Erasure (asked by one supervisor, approved by another) and subject-access exports.
ROLE_CAPABILITIES[Role.SUPERVISOR] |= {C.PRIVACY}
# Safety (haven.safety): caseworkers, supervisors and the police liaison record threats,
# incidents, welfare checks, protective measures and deaths of the people they see (the
# police see only people shared with them); caseworkers and supervisors assess risk. Health
# reads deaths and health-related incidents through its health class (policy.safety).
for _role in (Role.CASEWORKER, Role.SUPERVISOR, Role.POLICE_LIAISON):
    ROLE_CAPABILITIES[_role] |= {C.SAFETY_WRITE}
for _role in (Role.CASEWORKER, Role.SUPERVISOR):
    ROLE_CAPABILITIES[_role] |= {C.SAFETY_ASSESS}

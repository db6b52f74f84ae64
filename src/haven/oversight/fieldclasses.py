"""Which class of data each field of the oversight records belongs to.

Sites, visits and findings describe places and what an agency saw there: identity-level
facts (not read-audited), except a site's address (whereabouts). A person's link to a
site and where they went on leaving are that person's whereabouts.
"""

from __future__ import annotations

from haven.accounts.roles import DataClass

ID, W = DataClass.IDENTITY, DataClass.WHEREABOUTS

SITE_FIELDS = ("name", "kind", "address", "operator", "estimated_population")
SITE_CLASSES = {**dict.fromkeys(SITE_FIELDS, ID), "address": W}
SITE_SECRET = frozenset({"address"})

LINK_FIELDS = ("site", "role", "from_on", "to_on")
LINK_CLASSES = dict.fromkeys(LINK_FIELDS, W)

VISIT_FIELDS = (
    "officers",
    "purpose",
    "planned_on",
    "visited_on",
    "access",
    "refused_areas",
    "refused_by",
    "refusal_reason",
    "private_interviews_possible",
    "people_met",
    "notes",
)
VISIT_CLASSES = {**dict.fromkeys(VISIT_FIELDS, ID), "site": ID, "agency": ID}
# people's names and narrative: the log keeps that they changed, not what they say
VISIT_SECRET = frozenset({"refused_areas", "refusal_reason", "notes", "officers", "refused_by"})

FINDING_FIELDS = ("item", "answer", "note")

ACTION_FIELDS = ("description", "due_on", "status", "outcome", "completed_on", "owner")
ACTION_CLASSES = dict.fromkeys(ACTION_FIELDS, ID)
ACTION_SECRET = frozenset({"description", "outcome"})

DEPARTURE_FIELDS = ("left_on", "went_to", "needs", "notes")
DEPARTURE_CLASSES = {**dict.fromkeys(DEPARTURE_FIELDS, ID), "went_to": W}
DEPARTURE_SECRET = frozenset({"went_to", "notes"})

"""Which class of data each output field of a person belongs to.

Every renderer (API serializer, page, export) drops the fields of classes the
user's role lacks, by this one table.
"""

from __future__ import annotations

from haven.accounts.roles import DataClass

PERSON_FIELD_CLASSES: dict[str, str] = {
    "given_name": DataClass.IDENTITY,
    "family_name": DataClass.IDENTITY,
    "other_names": DataClass.IDENTITY,
    "sex": DataClass.IDENTITY,
    "birth_precision": DataClass.IDENTITY,
    "birth_date": DataClass.IDENTITY,
    "birth_year": DataClass.IDENTITY,
    "birth_year_max": DataClass.IDENTITY,
    "birth_as_written": DataClass.IDENTITY,
    "place_of_origin": DataClass.IDENTITY,
    "nationalities": DataClass.IDENTITY,
    "languages": DataClass.IDENTITY,
    "group_status": DataClass.IDENTITY,
    "left_group_on": DataClass.IDENTITY,
    "agency": DataClass.IDENTITY,
    "caseworker": DataClass.IDENTITY,
    "status": DataClass.IDENTITY,
    "closed_reason": DataClass.IDENTITY,
    "merged_into": DataClass.IDENTITY,
    "current_site": DataClass.WHEREABOUTS,
    "address": DataClass.WHEREABOUTS,
    "phone": DataClass.WHEREABOUTS,
    "risk_level": DataClass.SAFETY,
    "vulnerabilities": DataClass.HEALTH,
    "documents": DataClass.DOCUMENTS,
    "documentation_flags": DataClass.DOCUMENTS,
}

# The classes a person's record has fields of (tracing data lives elsewhere).
PERSON_CLASSES = frozenset(PERSON_FIELD_CLASSES.values())

# Encrypted or otherwise secret: audit entries record that they changed, not the values.
SECRET_FIELDS = frozenset({"current_site", "address", "phone", "vulnerabilities"})
DOCUMENT_SECRET_FIELDS = frozenset({"number"})

# risk_level is written only by the safety module (its assessments and its raising rules).
READ_ONLY_PERSON_FIELDS = frozenset(
    {
        "agency",
        "status",
        "closed_reason",
        "merged_into",
        "documents",
        "documentation_flags",
        "risk_level",
    }
)
EDITABLE_PERSON_FIELDS = tuple(f for f in PERSON_FIELD_CLASSES if f not in READ_ONLY_PERSON_FIELDS)


def fields_for(classes: frozenset[str]) -> list[str]:
    return [f for f, c in PERSON_FIELD_CLASSES.items() if c in classes]

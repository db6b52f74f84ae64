"""Which class of data an interview's fields belong to, by the interview's context."""

from __future__ import annotations

from haven.accounts.roles import DataClass

INTERVIEW_FIELDS = (
    "held_on",
    "location",
    "present",
    "private",
    "chaperone_present",
    "interpreter",
    "language",
    "asked_for",
    "concerns",
    "follow_ups",
)
# Encrypted at rest: the audit log keeps only that they changed.
SECRET_FIELDS = frozenset({"location", "present", "concerns", "follow_ups"})

# A tracing interview is tracing data (the person's decisions about their family), a
# safety interview safety data; the others are identity-level facts about the record.
CONTEXT_CLASSES = {
    "tracing": DataClass.TRACING,
    "safety": DataClass.SAFETY,
    "oversight": DataClass.IDENTITY,
    "other": DataClass.IDENTITY,
}


def field_classes(context: str) -> dict[str, str]:
    cls = CONTEXT_CLASSES.get(context, DataClass.IDENTITY)
    return dict.fromkeys(INTERVIEW_FIELDS, cls)

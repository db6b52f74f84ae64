"""What a referral or a petition discloses: the one function every output goes through.

The API (lists and records), the referral and petition pages, the printed forms and the
exports all render ``disclosed_payload``; nothing else reads a person's data for them.
A class the person has not consented to share (or has withdrawn) is absent, not blank.
A petitioner without an active consent to share their identity is not on the petition
that goes out at all.

The receiving side sees the consented classes; the referring side sees them too, but
never more than its own role holds.
"""

from __future__ import annotations

from typing import Any

from haven.accounts.policy import classes_for
from haven.accounts.policy.referrals import receives
from haven.accounts.roles import SENSITIVE_CLASSES, DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.referrals.models import Petition, Referral

D = DataClass

IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_precision",
    "birth_date",
    "birth_year",
    "birth_year_max",
    "place_of_origin",
    "nationalities",
    "languages",
    "group_status",
    "left_group_on",
)
WHEREABOUTS_FIELDS = ("current_site", "address", "phone")
DOCUMENT_FIELDS = (
    "kind",
    "number",
    "issuer",
    "status",
    "applied_on",
    "issued_on",
    "expires_on",
    "holder",
    "holder_detail",
)


def _value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _person_part(person: Any, classes: frozenset[str], *, summary: bool) -> dict[str, Any]:
    """The person's data of ``classes`` only (a summary: their names, if identity)."""
    out: dict[str, Any] = {}
    if D.IDENTITY in classes:
        fields = ("given_name", "family_name") if summary else IDENTITY_FIELDS
        out[D.IDENTITY] = {f: _value(getattr(person, f)) for f in fields}
        if not summary:
            out[D.IDENTITY]["birth_display"] = person.birth_display
    if summary:
        return out
    if D.WHEREABOUTS in classes:
        out[D.WHEREABOUTS] = {f: getattr(person, f) for f in WHEREABOUTS_FIELDS}
    if D.DOCUMENTS in classes:
        out[D.DOCUMENTS] = [
            {"id": str(d.pk), **{f: _value(getattr(d, f)) for f in DOCUMENT_FIELDS}}
            for d in person.documents.all()
        ]
    if D.HEALTH in classes:
        out[D.HEALTH] = {"vulnerabilities": person.vulnerabilities}
    if D.SAFETY in classes:
        out[D.SAFETY] = {"risk_level": person.risk_level}
    return out


def _consents(consents: Any) -> list[dict[str, Any]]:
    """Consent records (for the referring side: who gave what, when, and withdrawals)."""
    return [
        {
            "id": str(c.pk),
            "data_class": c.data_class,
            "given_at": _value(c.given_at),
            "withdrawn_at": _value(c.withdrawn_at),
        }
        for c in consents
    ]


def _shown(consented: set[str], user: Any, receiving: bool) -> frozenset[str]:
    return frozenset(consented if receiving else consented & classes_for(user))


def _envelope(request: Any, receiving: bool) -> dict[str, Any]:
    body = request.receiving_body
    return {
        "id": str(request.pk),
        "receiving_body": {"id": str(body.pk), "name": body.name, "kind": body.kind},
        "referring_agency": request.agency.name,
        "urgency": request.urgency,
        "status": request.status,
        "created_at": _value(request.created_at),
        "sent_at": _value(request.sent_at),
        "responded_at": _value(request.responded_at),
        "completed_at": _value(request.completed_at),
        "outcome": request.outcome,
        "received": receiving,
    }


def disclosed_payload(
    request: Referral | Petition, *, user: Any, summary: bool = False, action: str = "read"
) -> dict[str, Any]:
    """Everything ``user`` may be shown of a referral or a petition, as plain data.

    ``summary`` (list rows) carries the names only, when identity is consented; the
    full payload reads the person's record, and a sensitive class in it is audited
    (``action``: read, or export for a download)."""
    receiving = receives(user, request)
    payload = _envelope(request, receiving)
    read: set[str] = set()
    if isinstance(request, Referral):
        consented = {c.data_class for c in request.consents.all() if c.withdrawn_at is None}
        shown = _shown(consented, user, receiving)
        payload["kind"] = "referral"
        payload["reason"] = request.reason
        if not receiving:
            payload["person"] = str(request.person_id)
            payload["consents"] = _consents(request.consents.all())
        payload["consented_classes"] = sorted(shown)
        payload["data"] = _person_part(request.person, shown, summary=summary)
        read |= shown
    else:
        payload["kind"] = "petition"
        payload["title"] = request.title
        payload["request"] = request.request
        petitioners, members = [], []
        for member in request.members.all():
            consented = {c.data_class for c in member.consents.all() if c.withdrawn_at is None}
            members.append(
                {
                    "id": str(member.pk),
                    "person": str(member.person_id),
                    # the referring side's own people, named as its register shows them
                    "name": member.person.full_name if D.IDENTITY in classes_for(user) else "",
                    "on_petition": D.IDENTITY in consented,
                    "consents": _consents(member.consents.all()),
                }
            )
            if D.IDENTITY not in consented:
                continue  # not consented to be named: not on the petition that goes out
            shown = _shown(consented, user, receiving)
            row: dict[str, Any] = {"consented_classes": sorted(shown)}
            if not receiving:
                row["person"] = str(member.person_id)
            row["data"] = _person_part(member.person, shown, summary=summary)
            petitioners.append(row)
            read |= shown
        payload["petitioners"] = petitioners
        if not receiving:
            # the referring side also sees who is held back, by record id only
            payload["members"] = members
    sensitive = read & SENSITIVE_CLASSES
    if not summary and (sensitive or action == AuditEntry.Action.EXPORT):
        audit_log(
            actor=user,
            action=action,
            subject_type=payload["kind"],
            subject_id=request.pk,
            classes=sensitive,
            changes={"classes": change(REF, None, sorted(read))},
        )
    return payload

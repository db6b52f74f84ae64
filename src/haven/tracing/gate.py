"""The disclosure gate: the one function that decides what an enquirer may learn.

Every output that reaches the enquiry desk or the family (the enquiry pages, the API,
the printed letter, exports, notifications, error messages) is built by
``enquirer_view``, which asks ``allowed_purposes`` what the sought person's consent
records allow. The rules (DESIGN.md principle 1):

- only the consent records decide: a decision ``given`` in an interview that counted
  as private allows its purpose; a decision taken with a chaperone present is recorded
  but allows nothing until it is confirmed in a private interview;
- a refusal (in any interview: it never widens what is disclosed) and a withdrawal (at
  any time) stop every later disclosure of that purpose, until a later private
  interview gives it again;
- a person who asked Haven to deny knowing them allows nothing, ever;
- without consent the enquirer sees ``open`` or ``closed`` and nothing else: a refusal
  and a not-found give the same fields with the same values; internal states,
  candidates, the person's id and the agency that holds them never show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

GIVEN, REFUSED, WITHDRAWN = "given", "refused", "withdrawn"
PURPOSES = ("alive_and_well", "deliver_message", "send_reply", "share_contact", "accept_visit")
OPEN, CLOSED = "open", "closed"
DISCLOSURE_KEYS = ("alive_and_well", "message_delivered", "reply", "contact", "visit")


class ConsentLike(Protocol):
    purpose: str
    decision: str
    private: bool
    seq: int


def allowed_purposes(consents: Iterable[ConsentLike], *, denied: bool = False) -> frozenset[str]:
    """The purposes the consent records allow now, read in the order they were made."""
    if denied:
        return frozenset()
    allowed: dict[str, bool] = {}
    for record in sorted(consents, key=lambda c: c.seq):
        if record.purpose not in PURPOSES:
            continue
        if record.decision in (REFUSED, WITHDRAWN):
            allowed[record.purpose] = False
        elif record.decision == GIVEN and record.private:
            allowed[record.purpose] = True
        # given with a chaperone present: recorded, changes nothing
    return frozenset(p for p, ok in allowed.items() if ok)


def _denied(enquiry: Any) -> bool:
    from haven.tracing.models import DenyKnowing

    return enquiry.person_id is not None and (
        DenyKnowing.objects.filter(person_id=enquiry.person_id).exists()
    )


def enquiry_allows(enquiry: Any) -> frozenset[str]:
    """``allowed_purposes`` for one enquiry, from its consent records."""
    if enquiry.person_id is None:
        return frozenset()
    consents = list(enquiry.consents.filter(person_id=enquiry.person_id))
    return allowed_purposes(consents, denied=_denied(enquiry))


def disclosure(enquiry: Any) -> dict[str, Any]:
    """What consent lets through, every key always present (None when not allowed)."""
    from haven.tracing.models import MessageStatus, Reply, Visit

    allowed = enquiry_allows(enquiry)
    out: dict[str, Any] = dict.fromkeys(DISCLOSURE_KEYS)
    if "alive_and_well" in allowed:
        out["alive_and_well"] = True
    if "deliver_message" in allowed and enquiry.message_status == MessageStatus.DELIVERED:
        out["message_delivered"] = True
    if "send_reply" in allowed:
        reply = (
            enquiry.replies.filter(status=Reply.Status.RELEASED).order_by("-reviewed_at").first()
        )
        if reply is not None:
            out["reply"] = reply.text
    if "share_contact" in allowed and enquiry.contact:
        out["contact"] = enquiry.contact
    if "accept_visit" in allowed:
        visit = enquiry.visits.exclude(status=Visit.Status.CANCELLED).order_by("starts_on").first()
        if visit is not None:
            out["visit"] = {
                "starts_on": visit.starts_on.isoformat(),
                "ends_on": visit.ends_on.isoformat(),
                "place": visit.place,
                "status": visit.status,
            }
    return out


def enquirer_view(enquiry: Any) -> dict[str, Any]:
    """The enquiry as the enquirer may know it: what the family gave, ``open`` or
    ``closed``, and what consent discloses. Nothing else of the enquiry's internal life
    (its state, candidates, updates, the person or agency) enters this view."""
    return {
        "id": str(enquiry.pk),
        "created_at": enquiry.created_at.isoformat(),
        "enquirer": {
            "name": enquiry.enquirer_name,
            "relationship": enquiry.relationship,
            "phone": enquiry.phone,
            "email": enquiry.email,
            "address": enquiry.address,
            "language": enquiry.language,
            "reach_by": enquiry.reach_by,
            "identity_checked": enquiry.identity_checked,
            "checked_by": enquiry.checked_by,
        },
        "sought": {
            "given_name": enquiry.given_name,
            "family_name": enquiry.family_name,
            "other_names": list(enquiry.other_names),
            "sex": enquiry.sex,
            "birth_year": enquiry.birth_year,
            "birth_year_max": enquiry.birth_year_max,
            "place_of_origin": enquiry.place_of_origin,
            "last_known": enquiry.last_known,
            "contact_lost": enquiry.contact_lost,
        },
        "message": enquiry.message,
        "status": CLOSED if enquiry.is_closed else OPEN,
        "disclosure": disclosure(enquiry),
    }

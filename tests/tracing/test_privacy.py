"""The tracing module's privacy hooks: retention, anonymising, erasure, export."""

from __future__ import annotations

import datetime as dt

from haven.audit.models import AuditEntry
from haven.people.services import person_create
from haven.tracing import privacy, services
from haven.tracing.models import Consent, Enquiry
from tests.tracing.helpers import TODAY, enquiry_fields

NOW = dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC)


def _worked(world, *, now=NOW):
    person = person_create(
        actor=world.caseworker, fields={"given_name": "Sara", "family_name": "Nouri"}
    )
    enquiry = services.enquiry_create(
        actor=world.enquiry_desk,
        fields=enquiry_fields(phone="+98 912 000 0001", email="mother@example.org"),
        now=now,
    )
    services.candidate_locate(actor=world.caseworker, enquiry=enquiry, person=person, now=now)
    services.tracing_interview_record(
        actor=world.caseworker, enquiry=enquiry,
        fields={"held_on": TODAY, "private": True, "chaperone_present": False},
        decisions={"alive_and_well": "given", "share_contact": "given", "send_reply": "given"},
        contact="via the caseworker", now=now,
    )  # fmt: skip
    reply = services.reply_write(actor=world.caseworker, enquiry=enquiry, text="I am well", now=now)
    services.reply_review(actor=world.caseworker, reply=reply, release=True, now=now)
    return person, enquiry


def test_retention_and_anonymising(world):
    assert privacy.RETENTION[0]["kind"] == "tracing.enquiry"
    _person, enquiry = _worked(world)
    assert not privacy.expired("tracing.enquiry", now=NOW).exists()  # still open
    services.enquiry_close(actor=world.caseworker, enquiry=enquiry, now=NOW)
    assert not privacy.expired("tracing.enquiry", now=NOW + dt.timedelta(days=3000)).exists()
    later = NOW + dt.timedelta(days=3651)
    assert list(privacy.expired("tracing.enquiry", now=later)) == [enquiry]
    privacy.anonymise("tracing.enquiry", enquiry, actor=world.supervisor, now=later)
    enquiry.refresh_from_db()
    assert enquiry.enquirer_name == enquiry.phone == enquiry.message == enquiry.contact == ""
    assert enquiry.state == "closed_with_consent" and enquiry.replies.get().text == ""
    assert not privacy.expired("tracing.enquiry", now=later).exists()
    entry = AuditEntry.objects.filter(subject_id=str(enquiry.pk)).last()
    assert entry.changes["phone"] == {"class": "tracing"}


def test_erase_person(world):
    person, enquiry = _worked(world)
    counts = privacy.erase_person(person, actor=world.supervisor, now=NOW)
    assert counts["tracing.Consent"] == 3 and counts["tracing.Enquiry"] == 1
    enquiry.refresh_from_db()
    assert enquiry.person is None and enquiry.contact == "" and enquiry.state == "closed_not_found"
    assert not Consent.objects.filter(person=person).exists()
    assert enquiry.enquirer_name  # the family's own data stays with its enquiry


def test_export_person_holds_no_one_elses_contact(world):
    person, _enquiry = _worked(world)
    data = privacy.export_person(person)
    row = data["tracing_enquiries"][0]
    assert row["contact_shared"] == "via the caseworker" and row["replies"] == ["I am well"]
    assert {d["purpose"] for d in row["decisions"]} == {
        "alive_and_well",
        "share_contact",
        "send_reply",
    }
    text = str(data)
    assert "+98 912" not in text and "mother@example.org" not in text
    assert Enquiry.objects.count() == 1

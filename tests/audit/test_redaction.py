"""What the audit log keeps and shows (issue 7, item 2): the fields that changed, never the
values of read-audited classes, values shown only to readers granted their class, and
the auditor's own reads of the log on the record."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from haven.audit.models import AuditEntry
from haven.people.merging import person_merge, person_unmerge
from haven.people.services import (
    document_create,
    document_update,
    person_close,
    person_create,
    person_reopen,
    person_share,
    person_unshare,
    person_update,
)

# Typed by users; none may reach an auditor, and the whereabouts ones never the table.
WHEREABOUTS = ["Safe house 7, room 3", "Compound (annex)", "Rruga e Kavajës 12", "+355690001234"]
TYPED = [
    "Nasrin-marker",
    "Tabriz-marker",
    "asthma-marker",
    "closed-reason-marker",
    "share-reason-marker",
    "merge-reason-marker",
    "HOLDER-marker",
    "doc-notes-marker",
    "hunter2-typed-as-username",
]


@pytest.fixture
def every_kind(world, client):
    sup = world.supervisor
    person = person_create(
        actor=sup,
        fields={
            "given_name": "Nasrin-marker",
            "family_name": "Rezaei",
            "place_of_origin": "Tabriz-marker",
            "current_site": WHEREABOUTS[1],
            "address": WHEREABOUTS[2],
            "phone": WHEREABOUTS[3],
        },
    )
    person_update(actor=sup, person=person, fields={"current_site": WHEREABOUTS[0]})
    person_update(actor=world.health, person=person, fields={"vulnerabilities": "asthma-marker"})
    doc = document_create(
        actor=sup,
        person=person,
        fields={
            "kind": "passport",
            "status": "issued",
            "holder": "group",
            "holder_detail": "HOLDER-marker",
            "notes": "doc-notes-marker",
        },
    )
    document_update(actor=sup, document=doc, fields={"notes": "doc-notes-marker 2"})
    share = person_share(actor=sup, person=person, agency=world.south, reason="share-reason-marker")
    person_unshare(actor=sup, share=share)
    twin = person_create(actor=sup, fields={"given_name": "Nasrin-marker", "family_name": "R"})
    merge = person_merge(actor=sup, kept=person, absorbed=twin, reason="merge-reason-marker")
    person_unmerge(actor=sup, merge=merge, reason="merge-reason-marker")
    person_close(actor=sup, person=person, reason="closed-reason-marker")
    person_reopen(actor=sup, person=person, reason="closed-reason-marker")
    client.post("/signin/", {"username": "hunter2-typed-as-username", "password": "x"})
    client.post("/signin/", {"username": "caseworker", "password": "wrong"})
    return person


def test_the_auditor_sees_no_value_of_any_class(world, as_user, every_kind):
    kinds = set(AuditEntry.objects.values_list("subject_type", "action"))
    assert {("person", "merge"), ("document", "change"), ("user", "sign_in_failed")} <= kinds
    body = as_user(world.auditor).get("/api/v1/audit/", {"page_size": 500}).json()
    assert body["count"] >= 15
    text = json.dumps(body, ensure_ascii=False)
    for marker in WHEREABOUTS + TYPED:
        assert marker not in text, marker
    for entry in body["results"]:
        for name, value in entry["changes"].items():
            assert "old" not in value or value["class"] == "ref", (entry["action"], name)
    page = as_user(world.auditor).get("/api/v1/audit/")
    assert page.status_code == 200


def test_the_audit_page_shows_no_value_either(world, client_as, every_kind):
    html = client_as(world.auditor).get("/audit/").content.decode()
    for marker in WHEREABOUTS + TYPED:
        assert marker not in html, marker


def test_the_table_keeps_no_whereabouts_in_clear(world, every_kind):
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes, note FROM audit_auditentry")
        audit_rows = json.dumps([list(r) for r in cursor.fetchall()], ensure_ascii=False)
        cursor.execute("SELECT current_site, address, phone FROM people_person")
        people_rows = [v for row in cursor.fetchall() for v in row if v]
        cursor.execute("SELECT kept_before, kept_after, absorbed_before FROM people_personmerge")
        merge_rows = json.dumps([list(r) for r in cursor.fetchall()], ensure_ascii=False)
    for marker in [*WHEREABOUTS, "asthma-marker", "hunter2-typed-as-username"]:
        assert marker not in audit_rows, marker
        assert marker not in merge_rows, marker
    assert people_rows and all(v.startswith("gAAAAA") for v in people_rows)
    # what is safe to keep stays useful: identity values of a change
    change = AuditEntry.objects.filter(action="create", subject_type="person").first()
    assert change.changes["given_name"] == {
        "class": "identity",
        "old": None,
        "new": "Nasrin-marker",
    }
    assert change.changes["current_site"] == {"class": "whereabouts"}


@pytest.mark.django_db
def test_values_are_kept_only_for_classes_that_may_be_kept():
    from haven.audit.services import audit_log

    entry = audit_log(
        actor=None,
        action="change",
        subject_type="person",
        changes={"risk_level": {"class": "safety", "old": "low", "new": "high"}},
    )
    assert entry.changes == {"risk_level": {"class": "safety"}}
    with pytest.raises(ValueError, match="no data class"):
        audit_log(actor=None, action="change", subject_type="person", changes={"x": ["a", "b"]})


def test_a_failed_sign_in_keeps_a_digest_not_what_was_typed(world, client):
    client.post("/signin/", {"username": "Hunter2!", "password": "x"})
    client.post("/signin/", {"username": "hunter2! ", "password": "y"})
    client.post("/signin/", {"username": "caseworker", "password": "wrong"})
    first, second, known = AuditEntry.objects.filter(action="sign_in_failed").order_by("seq")
    assert "Hunter2" not in json.dumps(first.changes) + first.note
    assert first.changes["username"]["new"] == second.changes["username"]["new"]
    assert first.subject_id == "" and known.subject_id == str(world.caseworker.uuid)


def test_the_auditors_reads_are_audited(world, as_user, person_factory):
    person = person_factory()
    as_user(world.auditor).get("/api/v1/audit/", {"subject_id": str(person.pk)})
    read = AuditEntry.objects.filter(subject_type="audit_log").get()
    assert read.actor_username == "auditor" and read.action == "read"
    assert read.changes["filters"]["new"] == {"subject_id": str(person.pk)}

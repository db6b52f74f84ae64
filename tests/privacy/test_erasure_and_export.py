"""Erasure (asked by one supervisor, approved by a second): the person's data leaves
every table and the export, the audit chain still verifies; the subject-access export
shows the person's own data and no one else's."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from haven.accounts.roles import Role
from haven.audit.models import AuditEntry
from haven.audit.services import audit_verify, visible_changes
from haven.people.models import Person
from haven.privacy.services import erasure_approve, erasure_request, person_export
from tests.conftest import make_user
from tests.privacy.conftest import SUBJECT, THIRD


def every_row_as_text() -> str:
    """Every value of every row of every table, decrypted where encrypted."""
    parts = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            parts.append(json.dumps(row, default=str, ensure_ascii=False))
    return "\n".join(parts)


def test_export_shows_the_person_and_no_third_party(world: Any, subject: Any) -> None:
    data = person_export(actor=world.supervisor, person=subject.person)
    text = json.dumps(data, ensure_ascii=False)
    for value in ("Leyla-Mae", "Tahiri", "7 Hidden Lane", "P8842211", "Leyla fears being found"):
        assert value in text, value
    for value in THIRD:
        assert value not in text, value
    assert "9 Elm" not in text  # the brother's own record
    for staff in ("supervisor", str(world.supervisor.pk)):
        assert f'"{staff}"' not in text
    assert data["documents"][0]["held_by"] == "other_person"
    assert data["documents"][0]["holder_detail"] == ""
    assert data["interviews"][0]["concerns"] == "Leyla fears being found"
    assert "present" not in data["interviews"][0] and "interpreter" not in data["interviews"][0]
    assert data["alerts"][0]["state"] == "resolved" and "note" not in json.dumps(data["alerts"])
    assert [h["action"] for h in data["history"]][:2] == ["create", "change"]
    assert AuditEntry.objects.filter(action="export", subject_id=str(subject.person.pk)).exists()


def test_export_command_and_page(world: Any, subject: Any, client_as: Any, tmp_path: Any) -> None:
    out = io.StringIO()
    call_command("export-person", str(subject.person.pk), stdout=out)
    data = json.loads(out.getvalue())
    assert data["person"]["given_name"] == "Leyla-Mae"
    assert not [t for t in THIRD if t in out.getvalue()]
    call_command("export-person", str(subject.person.pk), "--out", str(tmp_path / "x.json"),
                 stdout=io.StringIO())  # fmt: skip
    assert json.loads((tmp_path / "x.json").read_text())["person_id"] == str(subject.person.pk)
    with pytest.raises(CommandError, match="no person"):
        call_command("export-person", "not-an-id")
    page = client_as(world.supervisor).get(f"/people/{subject.person.pk}/export/")
    assert page.status_code == 200 and page["Content-Disposition"].startswith("attachment")
    assert json.loads(page.content)["person"]["family_name"] == "Tahiri"
    detail = client_as(world.supervisor).get(f"/people/{subject.person.pk}/")
    assert f"/people/{subject.person.pk}/export/".encode() in detail.content
    assert (
        b"/export/" not in client_as(world.caseworker).get(f"/people/{subject.person.pk}/").content
    )


def test_erasure_removes_the_person_everywhere_and_the_chain_verifies(
    world: Any, subject: Any
) -> None:
    before = every_row_as_text()
    for value in SUBJECT:
        assert value in before, value
    second = make_user("second_supervisor", Role.SUPERVISOR, world.north)
    request = erasure_request(actor=world.supervisor, person=subject.person, reason="she asked")
    with pytest.raises(PermissionDenied):
        erasure_approve(actor=world.supervisor, request=request)  # not the one who asked
    with pytest.raises(PermissionDenied):
        erasure_approve(actor=world.other_supervisor, request=request)  # another agency
    done = erasure_approve(actor=second, request=request)

    assert done.approved_by == second and done.counts["people_person"] == 1
    assert done.counts["people_document"] == 1 and done.counts["interviews_interview"] == 1
    assert done.counts["alerts_alert"] == 1 and done.counts["audit_auditentry"] >= 4
    after = every_row_as_text()
    for value in [
        *SUBJECT,
        "Bardhyl Gashi",
        "Arben Krasniqi (brother)",
        "Vjosa Berisha",
        "Drita Lleshi",
        "Uncle's shop",
        "she asked",
        "Leyla moved south",
    ]:
        assert value not in after, value  # fmt: skip
    # the other records are untouched (her brother keeps his record)
    assert Person.objects.get(pk=subject.other.pk).address == "9 Elm"
    # the audit keeps ids and actions
    entries = AuditEntry.objects.filter(subject_id=str(subject.person.pk))
    assert list(entries.values_list("action", flat=True))[:2] == ["create", "change"]
    assert entries.filter(action="erase").exists()
    change = entries.filter(action="change").first()
    assert change.changes["given_name"] == {"class": "identity", "erased": True}
    assert visible_changes(change.changes, ["identity"]) == {"given_name": {"class": "identity"}}
    result = audit_verify()
    assert result.ok, result.reason
    # and the export now holds nothing of her
    export = json.dumps(person_export(actor=second, person=subject.person), ensure_ascii=False)
    for value in SUBJECT:
        assert value not in export, value
    assert Person.objects.get(pk=subject.person.pk).status == "open"  # the record stays


def test_erasure_leaves_the_matching_index(world: Any, subject: Any, as_user: Any) -> None:
    client = as_user(world.supervisor)
    found = client.get("/api/v1/people/", {"search": "Tahiri"}).json()["results"]
    assert str(subject.person.pk) in {p["id"] for p in found}
    second = make_user("second_supervisor", Role.SUPERVISOR, world.north)
    request = erasure_request(actor=world.supervisor, person=subject.person, reason="asked")
    erasure_approve(actor=second, request=request)
    found = client.get("/api/v1/people/", {"search": "Tahiri"}).json()["results"]
    assert str(subject.person.pk) not in {p["id"] for p in found}
    match = client.post("/api/v1/match/", {"given_name": "Leyla", "family_name": "Tahiri"},
                        format="json")  # fmt: skip
    assert str(subject.person.pk) not in match.content.decode()

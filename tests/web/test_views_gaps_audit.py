"""The documentation-gap view and the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.people.services import document_create

pytestmark = pytest.mark.django_db


def _documented(world, person_factory):
    papers = person_factory(given_name="Papers", family_name="Complete")
    for kind in ("identity_card", "residence_permit", "work_permit"):
        document_create(
            actor=world.caseworker,
            person=papers,
            fields={"kind": kind, "status": "issued", "number": f"N-{kind}"},
        )
    held = person_factory(given_name="Held", family_name="Passport")
    for kind in ("identity_card", "residence_permit", "work_permit"):
        document_create(
            actor=world.caseworker,
            person=held,
            fields={
                "kind": kind,
                "status": "issued",
                "number": f"G-{kind}",
                "holder": "group",
                "holder_detail": "the compound office",
            },
        )
    person_factory(given_name="Nothing", family_name="Yet")


def test_gaps_lists_people_with_gaps(world, person_factory, client_as):
    _documented(world, person_factory)
    html = client_as(world.caseworker).get(reverse("web:gaps")).content.decode()
    assert "Nothing Yet" in html and "Held Passport" in html
    assert "Papers Complete" not in html


def test_gaps_filter_by_kind(world, person_factory, client_as):
    _documented(world, person_factory)
    client = client_as(world.caseworker)
    held = client.get(reverse("web:gaps"), {"gap": "held"}).content.decode()
    assert "Held Passport" in held and "Nothing Yet" not in held
    missing = client.get(
        reverse("web:gaps"),
        {"gap": "missing_work"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = missing.content.decode()
    assert "Nothing Yet" in html and "Held Passport" not in html and "<html" not in html


def test_gaps_refused_without_documents_class(world, client_as):
    assert client_as(world.health).get(reverse("web:gaps")).status_code == 403


def test_audit_log_for_auditor(world, person_factory, client_as):
    person = person_factory()
    client_as(world.caseworker).get(reverse("web:person", args=[person.pk]))
    client = client_as(world.auditor)
    response = client.get(reverse("web:audit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "caseworker" in html and 'class="num">2<' in html
    reads = client.get(reverse("web:audit"), {"action": "read", "data_class": "whereabouts"})
    html = reads.content.decode()
    assert 'class="num">2<' in html and 'class="num">1<' not in html
    by_date = client.get(reverse("web:audit"), {"since": "2000-01-01", "until": "2000-01-02"})
    assert "No entries match" in by_date.content.decode()


def test_audit_log_refused_to_others(world, client_as):
    for role in ("caseworker", "supervisor", "admin"):
        response = client_as(world.users[role]).get(reverse("web:audit"))
        assert response.status_code == 403
        assert "Only auditors" in response.content.decode()


def test_who_opened_this_record(world, person_factory, client_as):
    """The auditor's question, answered on the page: filter by the record's full id."""
    person = person_factory()
    other = person_factory(given_name="Someone", family_name="Else")
    client_as(world.caseworker).get(reverse("web:person", args=[person.pk]))
    client_as(world.supervisor).get(reverse("web:person", args=[person.pk]))
    client_as(world.supervisor).get(reverse("web:person", args=[other.pk]))
    client = client_as(world.auditor)
    html = client.get(
        reverse("web:audit"), {"subject_id": str(person.pk), "action": "read"}
    ).content.decode()
    assert html.count(f'<code class="subject-id" dir="ltr">{person.pk}</code>') == 2
    assert str(other.pk) not in html
    assert "Caseworker" in html and "Supervisor" in html  # role labels, not codes
    assert "<small>caseworker" not in html
    assert "Safety, Whereabouts" in html  # class labels
    assert "UTC" in html  # times with their zone
    assert f'href="?subject_id={person.pk}"' in html
    assert f'href="/people/{person.pk}/"' not in html  # the auditor cannot open it
    by_user = client.get(
        reverse("web:audit"), {"subject_id": str(person.pk), "actor": "supervisor"}
    ).content.decode()
    assert by_user.count('class="subject-id"') == 1


def test_audit_labels_in_persian(world, person_factory, client_as):
    person = person_factory()
    client_as(world.caseworker).get(reverse("web:person", args=[person.pk]))
    client = client_as(world.auditor)
    client.post(reverse("set_language"), {"language": "fa", "next": "/audit/"})
    html = client.get(reverse("web:audit"), {"subject_id": str(person.pk)}).content.decode()
    assert 'dir="rtl"' in html
    assert ">person<" not in html and "Whereabouts" not in html

"""The register pages: list and search, a person's page per role, close and reopen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.audit.models import AuditEntry
from haven.people.models import Person

pytestmark = pytest.mark.django_db


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("web:people"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_list_shows_own_agency_people_only(world, person_factory, client_as):
    person_factory(given_name="Nasrin", family_name="Rezaei")
    person_factory(actor=world.other_caseworker, given_name="Leyla", family_name="Ahmadi")
    response = client_as(world.caseworker).get(reverse("web:people"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nasrin Rezaei" in html
    assert "Leyla" not in html


def test_search_by_persian_alias(world, person_factory, client_as):
    person_factory(
        given_name="Shirin", family_name="Karimi",
        other_names=[{"name": "شیرین کریمی", "script": "Arab"}],
    )  # fmt: skip
    person_factory(given_name="Nasrin", family_name="Rezaei")
    response = client_as(world.caseworker).get(reverse("web:people"), {"search": "شیرین"})
    html = response.content.decode()
    assert "Shirin Karimi" in html
    assert "Nasrin" not in html
    assert 'dir="auto">شیرین کریمی' in html


def test_htmx_search_returns_only_the_results(world, person_factory, client_as):
    person_factory(given_name="Shirin", family_name="Karimi")
    response = client_as(world.caseworker).get(
        reverse("web:people"),
        {"search": "karimi"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = response.content.decode()
    assert "Shirin Karimi" in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_filters_and_missing_document_filter_offered_only_with_documents(
    world, person_factory, client_as
):
    person_factory(given_name="Open", family_name="One")
    closed = person_factory(given_name="Closed", family_name="Two")
    from haven.people.services import person_close

    person_close(actor=world.caseworker, person=closed, reason="moved abroad")
    response = client_as(world.caseworker).get(reverse("web:people"), {"status": "closed"})
    html = response.content.decode()
    assert "Closed Two" in html and "Open One" not in html
    assert 'name="missing_document"' in html
    health = client_as(world.health).get(reverse("web:people")).content.decode()
    assert 'name="missing_document"' not in health


def test_list_is_paginated(world, person_factory, client_as):
    for i in range(30):
        person_factory(given_name=f"Person{i:02d}", family_name="Paged")
    response = client_as(world.caseworker).get(reverse("web:people"), {"page": 2})
    html = response.content.decode()
    assert "Page 2 of 2" in html
    assert html.count("Paged</a>") == 5


@pytest.mark.parametrize("role", ["enquiry_desk", "auditor", "admin"])
def test_roles_without_register_get_a_clear_403(world, client_as, role):
    response = client_as(world.users[role]).get(reverse("web:people"))
    assert response.status_code == 403
    assert "no access to the register" in response.content.decode()


def test_nav_shows_only_what_the_role_can_use(world, client_as):
    auditor = client_as(world.auditor).get(reverse("web:audit")).content.decode()
    assert reverse("web:audit") in auditor
    assert 'href="/gaps/"' not in auditor and "Register a person" not in auditor
    caseworker = client_as(world.caseworker).get(reverse("web:people")).content.decode()
    assert 'href="/gaps/"' in caseworker and 'href="/audit/"' not in caseworker


def _person_with_everything(world, person_factory):
    person = person_factory(
        given_name="Mina", family_name="Sadeghi", current_site="Riverside shelter",
        phone="+355 69 000 0000", address="12 Quiet Street",
    )  # fmt: skip
    # the risk level is the safety module's to write
    Person.objects.filter(pk=person.pk).update(risk_level="high")
    # No role may both register people and record health data, so set it directly.
    Person.objects.filter(pk=person.pk).update(vulnerabilities="diabetes")
    from haven.people.services import document_create

    document_create(
        actor=world.caseworker, person=person,
        fields={"kind": "passport", "status": "issued", "holder": "employer",
                "holder_detail": "Farm owner", "number": "P123"},
    )  # fmt: skip
    return person


def test_caseworker_sees_whereabouts_safety_documents_not_health(world, person_factory, client_as):
    person = _person_with_everything(world, person_factory)
    html = client_as(world.caseworker).get(reverse("web:person", args=[person.pk])).content.decode()
    assert "Riverside shelter" in html and "12 Quiet Street" in html
    assert "Farm owner" in html and "forced-labour indicator" in html
    assert 'id="safety-title"' in html
    assert 'id="health-title"' not in html and "diabetes" not in html
    read = AuditEntry.objects.filter(action="read", subject_id=str(person.pk)).get()
    assert set(read.classes) >= {"whereabouts", "safety"}


def test_police_liaison_sees_safety_but_not_whereabouts_or_documents(
    world, person_factory, client_as
):
    person = _person_with_everything(world, person_factory)
    html = (
        client_as(world.police_liaison)
        .get(reverse("web:person", args=[person.pk]))
        .content.decode()
    )
    assert 'id="safety-title"' in html
    for absent in (
        "Riverside shelter",
        "12 Quiet Street",
        "+355",
        "Whereabouts",
        "Farm owner",
        'id="documents-title"',
        "diabetes",
    ):
        assert absent not in html


def test_health_worker_sees_health_only(world, person_factory, client_as):
    person = _person_with_everything(world, person_factory)
    html = client_as(world.health).get(reverse("web:person", args=[person.pk])).content.decode()
    assert "diabetes" in html
    for absent in ("Riverside shelter", 'id="safety-title"', 'id="documents-title"', "Farm owner"):
        assert absent not in html


def test_other_agency_gets_404(world, person_factory, client_as):
    person = person_factory()
    response = client_as(world.other_caseworker).get(reverse("web:person", args=[person.pk]))
    assert response.status_code == 404
    assert "Nasrin" not in response.content.decode()


def test_close_and_reopen_with_reason(world, person_factory, client_as):
    person = person_factory()
    client = client_as(world.caseworker)
    response = client.post(reverse("web:person_close", args=[person.pk]), {"reason": "moved"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == Person.Status.CLOSED and person.closed_reason == "moved"
    client.post(reverse("web:person_reopen", args=[person.pk]), {"reason": "returned"})
    person.refresh_from_db()
    assert person.status == Person.Status.OPEN


def test_close_needs_a_reason_and_permission(world, person_factory, client_as):
    person = person_factory()
    client_as(world.caseworker).post(reverse("web:person_close", args=[person.pk]), {"reason": ""})
    person.refresh_from_db()
    assert person.status == Person.Status.OPEN
    response = client_as(world.police_liaison).post(
        reverse("web:person_close", args=[person.pk]), {"reason": "no"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.status == Person.Status.OPEN


def test_close_is_post_only(world, person_factory, client_as):
    person = person_factory()
    response = client_as(world.caseworker).get(reverse("web:person_close", args=[person.pk]))
    assert response.status_code == 405


def test_edit_form_counts_as_a_sensitive_read(world, person_factory, client_as):
    from django.urls import reverse

    from haven.audit.models import AuditEntry

    person = person_factory(phone="+355 69 000 0042")
    page = client_as(world.caseworker).get(reverse("web:person_edit", args=[person.pk]))
    assert page.status_code == 200 and "+355 69 000 0042" in page.content.decode()
    read = AuditEntry.objects.get(action="read", subject_id=str(person.pk))
    assert "whereabouts" in read.classes

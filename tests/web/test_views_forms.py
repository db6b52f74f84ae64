"""Registering and editing people and their documents through the HTML forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from haven.audit.models import AuditEntry
from haven.people.models import Document, Person

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "given_name": "Shirin", "family_name": "Karimi", "sex": "female",
        "birth_precision": "range", "birth_year": "1990", "birth_year_max": "1993",
        "place_of_origin": "Herat", "nationalities": "AF, IR", "languages": "fa, en",
        "group_status": "former_member", "left_group_on": "2023-05-01",
        "current_site": "Shelter A", "address": "", "phone": "",
        "names-TOTAL_FORMS": "3", "names-INITIAL_FORMS": "0",
        "names-0-name": "شیرین کریمی", "names-0-script": "Arab",
        "names-1-name": "Sherin Karimy", "names-1-script": "",
        "names-2-name": "", "names-2-script": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_create_form_renders_only_granted_classes(world, client_as):
    html = client_as(world.caseworker).get(reverse("web:person_new")).content.decode()
    assert 'name="current_site"' in html
    assert 'name="risk_level"' not in html  # written only by the safety module
    assert 'name="vulnerabilities"' not in html
    assert 'name="names-0-name"' in html and 'name="add_name"' in html


def test_create_registers_the_person(world, client_as):
    response = client_as(world.caseworker).post(reverse("web:person_new"), _form())
    assert response.status_code == 302
    person = Person.objects.get()
    assert response["Location"] == reverse("web:person", args=[person.pk])
    assert person.other_names == [
        {"name": "شیرین کریمی", "script": "Arab"},
        {"name": "Sherin Karimy", "script": "Latn"},
    ]
    assert (person.birth_precision, person.birth_year, person.birth_year_max) == (
        "range",
        1990,
        1993,
    )
    assert person.nationalities == ["AF", "IR"] and person.languages == ["fa", "en"]
    assert person.agency == world.north and person.current_site == "Shelter A"
    assert AuditEntry.objects.filter(action="create", subject_id=str(person.pk)).exists()


def test_create_with_errors_rerenders_with_field_errors_and_saves_nothing(world, client_as):
    before = AuditEntry.objects.count()
    response = client_as(world.caseworker).post(
        reverse("web:person_new"),
        _form(given_name="", family_name="", birth_year="1890",
              birth_year_max="1880", left_group_on="2999-01-01", **{"names-0-name": "",
              "names-1-name": ""}),
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "Give at least one name" in html
    assert 'id="id_birth_year_error"' in html and "Year must be between 1900" in html
    assert 'id="id_left_group_on_error"' in html
    assert 'aria-invalid="true"' in html
    # the user's input is kept
    assert 'value="1890"' in html and 'value="Herat"' in html
    assert Person.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_form_level_errors_are_shown_next_to_fields(world, client_as):
    response = client_as(world.caseworker).post(
        reverse("web:person_new"), _form(birth_date="not a date", birth_precision="date")
    )
    assert response.status_code == 400
    assert 'id="id_birth_date_error"' in response.content.decode()
    assert Person.objects.count() == 0


def test_add_another_name_without_javascript(world, client_as):
    client = client_as(world.caseworker)
    data = _form()
    response = client.post(reverse("web:person_new"), {**data, "add_name": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="names-3-name"' in html and 'value="Sherin Karimy"' in html
    assert Person.objects.count() == 0
    data.update(
        {
            "names-TOTAL_FORMS": "4",
            "names-2-name": "Širin",
            "names-3-name": "Ширин",
            "names-3-script": "Cyrl",
        }
    )
    client.post(reverse("web:person_new"), data)
    assert [n["name"] for n in Person.objects.get().other_names] == [
        "شیرین کریمی",
        "Sherin Karimy",
        "Širin",
        "Ширин",
    ]


def test_roles_that_cannot_register_get_403(world, client_as):
    for role in ("police_liaison", "health", "enquiry_desk"):
        response = client_as(world.users[role]).get(reverse("web:person_new"))
        assert response.status_code == 403


def test_edit_prefills_and_saves(world, person_factory, client_as):
    person = person_factory(other_names=[{"name": "نسرین", "script": "Arab"}], languages=["fa"])
    client = client_as(world.caseworker)
    html = client.get(reverse("web:person_edit", args=[person.pk])).content.decode()
    assert 'value="Nasrin"' in html and 'value="نسرین"' in html and 'value="fa"' in html
    data = _form(given_name="Nasrin", family_name="Rezai", **{"names-TOTAL_FORMS": "1",
                 "names-0-name": "نسرین", "names-0-script": "Arab"})  # fmt: skip
    response = client.post(reverse("web:person_edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Rezai" and person.birth_year == 1990


def test_edit_is_refused_outside_scope_and_for_readers(world, person_factory, client_as):
    person = person_factory()
    assert (
        client_as(world.other_caseworker)
        .get(reverse("web:person_edit", args=[person.pk]))
        .status_code
        == 404
    )
    assert (
        client_as(world.inspector).get(reverse("web:person_edit", args=[person.pk])).status_code
        == 403
    )


def test_caseworker_choices_are_the_agency_register_writers(world, client_as):
    html = client_as(world.caseworker).get(reverse("web:person_new")).content.decode()
    assert str(world.supervisor.uuid) in html
    assert str(world.other_caseworker.uuid) not in html
    assert str(world.auditor.uuid) not in html


def test_document_add_edit_and_errors(world, person_factory, client_as):
    person = person_factory()
    client = client_as(world.caseworker)
    url = reverse("web:document_new", args=[person.pk])
    bad = {
        "kind": "work_permit",
        "status": "issued",
        "holder": "employer",
        "holder_detail": "",
        "issued_on": "2024-01-10",
        "expires_on": "2023-01-01",
    }
    response = client.post(url, bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_holder_detail_error"' in html and 'id="id_expires_on_error"' in html
    assert Document.objects.count() == 0
    expires = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    good = {**bad, "holder_detail": "Farm owner", "expires_on": expires, "number": "WP-1"}
    response = client.post(url, good)
    assert response.status_code == 302
    doc = Document.objects.get()
    page = client.get(reverse("web:documents", args=[person.pk])).content.decode()
    assert "Farm owner" in page and "forced-labour indicator" in page and "expires soon" in page
    response = client.post(
        reverse("web:document_edit", args=[person.pk, doc.pk]),
        {**good, "holder": "person", "holder_detail": ""},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.holder == "person"


def test_documents_refused_without_the_class(world, person_factory, client_as):
    person = person_factory()
    assert (
        client_as(world.police_liaison).get(reverse("web:documents", args=[person.pk])).status_code
        == 403
    )
    assert (
        client_as(world.inspector).get(reverse("web:document_new", args=[person.pk])).status_code
        == 403
    )
    assert (
        client_as(world.inspector).get(reverse("web:documents", args=[person.pk])).status_code
        == 200
    )


def test_likely_duplicate_is_shown_and_can_be_registered_with_a_reason(
    world, person_factory, client_as
):
    existing = person_factory(
        given_name="Shirin", family_name="Karimi", sex="female",
        other_names=[{"name": "شیرین کریمی", "script": "Arab"}],
        birth_precision="range", birth_year=1990, birth_year_max=1993,
    )  # fmt: skip
    client = client_as(world.caseworker)
    response = client.post(reverse("web:person_new"), _form())
    assert response.status_code == 409
    html = response.content.decode()
    assert "may already be registered" in html
    assert reverse("web:person", args=[existing.pk]) in html
    assert Person.objects.count() == 1
    response = client.post(
        reverse("web:person_new"), _form(duplicate_reason="Checked: a cousin, not her")
    )
    assert response.status_code == 302
    assert Person.objects.count() == 2
    override = AuditEntry.objects.get(action="override")
    assert override.changes["duplicate_reason"]["new"] == "Checked: a cousin, not her"

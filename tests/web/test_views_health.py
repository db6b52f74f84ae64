"""Health workers record health information, and nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_health_worker_records_vulnerabilities(world, person_factory, client_as):
    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    client = client_as(world.health)
    page = client.get(reverse("web:person", args=[person.pk])).content.decode()
    health_url = reverse("web:person_health", args=[person.pk])
    assert health_url in page and "Edit health information" in page

    form = client.get(health_url).content.decode()
    assert 'name="vulnerabilities"' in form
    assert 'name="given_name"' not in form and 'name="risk_level"' not in form

    response = client.post(
        health_url, {"vulnerabilities": "Diabetes; needs insulin", "given_name": "Changed"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.vulnerabilities == "Diabetes; needs insulin"
    assert person.given_name == "Leyla"  # fields outside the health class are ignored
    entry = AuditEntry.objects.filter(action="change", subject_id=str(person.pk)).get()
    assert entry.actor_id == world.health.pk and "health" in entry.classes


def test_health_worker_cannot_use_the_full_edit_form(world, person_factory, client_as):
    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    client = client_as(world.health)
    assert "Edit</a>" not in client.get(reverse("web:person", args=[person.pk])).content.decode()
    edit = reverse("web:person_edit", args=[person.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"given_name": "Changed"}).status_code == 403
    person.refresh_from_db()
    assert person.given_name == "Leyla"


@pytest.mark.parametrize("persona", ["caseworker", "supervisor", "police_liaison", "inspector"])
def test_roles_without_health_data_have_no_health_form(world, person_factory, client_as, persona):
    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    client = client_as(getattr(world, persona))
    health_url = reverse("web:person_health", args=[person.pk])
    assert health_url not in client.get(reverse("web:person", args=[person.pk])).content.decode()
    assert client.get(health_url).status_code == 403
    assert client.post(health_url, {"vulnerabilities": "x"}).status_code == 403
    person.refresh_from_db()
    assert person.vulnerabilities == ""


def test_health_worker_of_another_agency_gets_404(world, person_factory, client_as):
    from tests.conftest import make_user

    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    outsider = make_user("south_health", "health", world.south)
    response = client_as(outsider).post(
        reverse("web:person_health", args=[person.pk]), {"vulnerabilities": "x"}
    )
    assert response.status_code == 404

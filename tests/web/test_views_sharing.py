"""Sharing a record with another agency from the person's page, and stopping it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.people.models import PersonShare

pytestmark = pytest.mark.django_db


def test_share_then_stop_sharing(world, person_factory, client_as):
    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    page_url = reverse("web:person", args=[person.pk])
    owner, other = client_as(world.caseworker), client_as(world.other_caseworker)
    assert other.get(page_url).status_code == 404

    html = owner.get(page_url).content.decode()
    assert "Shared with" in html and "Not shared with any other agency." in html
    assert "South Relief" in html  # offered in the agency select
    share_url = reverse("web:person_share", args=[person.pk])

    response = owner.post(share_url, {"share-agency": world.south.pk, "share-reason": ""})
    assert response.status_code == 302
    assert not PersonShare.objects.exists()

    response = owner.post(
        share_url, {"share-agency": world.south.pk, "share-reason": "joint case"}, follow=True
    )
    html = response.content.decode()
    # a caseworker's share waits for a supervisor: the other agency sees nothing yet
    assert "A supervisor must approve sharing with South Relief" in html
    assert "Waiting for a supervisor" in html and "Approve the share" not in html
    assert not PersonShare.objects.exists()
    assert other.get(page_url).status_code == 404
    supervisor = client_as(world.supervisor)
    assert "Shares to approve" in supervisor.get(page_url).content.decode()  # the nav
    assert "Shares to approve" not in owner.get(page_url).content.decode()
    listed = supervisor.get(reverse("web:share_requests")).content.decode()
    assert "Leyla Ahmadi" in listed and "joint case" in listed
    assert owner.get(reverse("web:share_requests")).status_code == 403
    from haven.people.models import ShareRequest

    asked = ShareRequest.objects.get()
    response = supervisor.post(
        reverse("web:share_request_approve", args=[person.pk, asked.pk]),
        {"back": "list"},
        follow=True,
    )
    html = response.content.decode()
    assert "Shared with South Relief." in html and "No share is waiting" in html
    html = owner.get(page_url).content.decode()
    assert "joint case" in html and "Stop sharing" in html
    assert other.get(page_url).status_code == 200
    assert "Leyla Ahmadi" in other.get(reverse("web:people")).content.decode()

    share = PersonShare.objects.get()
    response = owner.post(reverse("web:person_unshare", args=[person.pk, share.pk]), follow=True)
    assert "No longer shared with South Relief." in response.content.decode()
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert other.get(page_url).status_code == 404


def test_a_supervisor_refuses_a_share_from_the_person_page(world, person_factory, client_as):
    from haven.people.models import ShareRequest

    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    page_url = reverse("web:person", args=[person.pk])
    client_as(world.caseworker).post(
        reverse("web:person_share", args=[person.pk]),
        {"share-agency": world.south.pk, "share-reason": "joint case"},
    )
    supervisor = client_as(world.supervisor)
    assert "Refuse the share" in supervisor.get(page_url).content.decode()
    asked = ShareRequest.objects.get()
    response = supervisor.post(
        reverse("web:share_request_refuse", args=[person.pk, asked.pk]), follow=True
    )
    assert "Not shared with South Relief." in response.content.decode()
    asked.refresh_from_db()
    assert asked.state == "refused" and not PersonShare.objects.exists()


def test_a_supervisors_share_from_the_page_takes_effect_at_once(world, person_factory, client_as):
    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    response = client_as(world.supervisor).post(
        reverse("web:person_share", args=[person.pk]),
        {"share-agency": world.south.pk, "share-reason": "joint case"},
        follow=True,
    )
    assert "Shared with South Relief." in response.content.decode()
    assert PersonShare.objects.filter(agency=world.south).exists()


def test_sharing_controls_only_for_those_who_may_edit(world, person_factory, client_as):
    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    for persona in ("health", "police_liaison", "inspector"):
        client = client_as(getattr(world, persona))
        html = client.get(reverse("web:person", args=[person.pk])).content.decode()
        assert "Shared with" not in html
        response = client.post(
            reverse("web:person_share", args=[person.pk]),
            {"share-agency": world.south.pk, "share-reason": "x"},
        )
        assert response.status_code == 403
    assert not PersonShare.objects.exists()


def test_an_agency_shared_with_cannot_share_further_or_stop_it(world, person_factory, client_as):
    from haven.people.services import person_share

    person = person_factory(given_name="Leyla", family_name="Ahmadi")
    share = person_share(actor=world.caseworker, person=person, agency=world.south, reason="joint")
    other = client_as(world.other_caseworker)
    html = other.get(reverse("web:person", args=[person.pk])).content.decode()
    assert "Stop sharing" not in html
    response = other.post(reverse("web:person_unshare", args=[person.pk, share.pk]))
    assert response.status_code == 403
    share.refresh_from_db()
    assert share.revoked_at is None

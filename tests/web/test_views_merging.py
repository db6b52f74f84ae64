"""Possible duplicates on a person's page, merging two records, and undoing it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.people.models import Document, Person, PersonMerge
from haven.people.services import document_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(world, person_factory):
    """Two records of one person, spelt two ways; the second holds a document."""
    kept = person_factory(
        given_name="Nasrin", family_name="Rezaei", sex="female", birth_year=1987,
        other_names=[{"name": "نسرین رضایی", "script": "Arab"}],
    )  # fmt: skip
    absorbed = person_factory(
        given_name="Nasreen", family_name="Rezaie", sex="female", birth_year=1987,
        place_of_origin="Tabriz",
    )  # fmt: skip
    document_create(
        actor=world.caseworker, person=absorbed, fields={"kind": "passport", "status": "issued"}
    )
    return kept, absorbed


def _merge_url(kept: Person, absorbed: Person) -> str:
    return reverse("web:person_merge", args=[kept.pk, absorbed.pk])


def test_supervisor_sees_possible_duplicates_with_explanation(world, twins, client_as):
    kept, absorbed = twins
    html = client_as(world.supervisor).get(reverse("web:person", args=[kept.pk])).content.decode()
    assert "Possible duplicates" in html
    assert "Nasreen Rezaie" in html
    assert "likely the same person" in html
    assert "same family name, spelled differently (99%)" in html  # the per-field explanation
    assert _merge_url(kept, absorbed) in html


@pytest.mark.parametrize("persona", ["caseworker", "health", "police_liaison", "inspector"])
def test_others_see_no_duplicates_or_merge_controls(world, twins, client_as, persona):
    kept, absorbed = twins
    client = client_as(getattr(world, persona))
    html = client.get(reverse("web:person", args=[kept.pk])).content.decode()
    assert "Possible duplicates" not in html
    assert "/merge/" not in html
    assert client.get(_merge_url(kept, absorbed)).status_code == 403
    assert client.post(_merge_url(kept, absorbed), {"reason": "same"}).status_code == 403
    assert not PersonMerge.objects.exists()


def test_merge_confirm_page_shows_both_records_side_by_side(world, twins, client_as):
    kept, absorbed = twins
    response = client_as(world.supervisor).get(_merge_url(kept, absorbed))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This record is kept" in html and "This record is merged into it" in html
    assert "Nasrin" in html and "Nasreen" in html and "Tabriz" in html
    assert "نسرین رضایی" in html
    assert "documents and shares move to this record" in html
    assert 'name="reason"' in html


def test_merge_without_reason_is_a_form_error_and_changes_nothing(world, twins, client_as):
    kept, absorbed = twins
    response = client_as(world.supervisor).post(_merge_url(kept, absorbed), {"reason": "  "})
    assert response.status_code == 400
    assert "Nothing was merged" in response.content.decode()
    assert "field--error" in response.content.decode()
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id is None and absorbed.status == "open"
    assert absorbed.documents.count() == 1
    assert not PersonMerge.objects.exists()


def test_merge_moves_documents_closes_the_other_and_can_be_undone(world, twins, client_as):
    kept, absorbed = twins
    client = client_as(world.supervisor)
    response = client.post(_merge_url(kept, absorbed), {"reason": "same person, interviewed"})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:person", args=[kept.pk])

    kept.refresh_from_db()
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id == kept.pk and absorbed.status == "closed"
    assert Document.objects.get().person_id == kept.pk
    assert kept.place_of_origin == "Tabriz"
    assert "Nasreen Rezaie" in [n["name"] for n in kept.other_names]

    page = client.get(reverse("web:person", args=[kept.pk])).content.decode()
    assert "Records merged into this one" in page
    assert "same person, interviewed" in page
    assert "Undo merge" in page
    merged_page = client.get(reverse("web:person", args=[absorbed.pk])).content.decode()
    assert "Merged into" in merged_page
    assert reverse("web:person", args=[kept.pk]) in merged_page
    assert "Reopen record" not in merged_page

    merge = PersonMerge.objects.get()
    undo = reverse("web:person_unmerge", args=[kept.pk, merge.pk])
    response = client.post(undo, {f"undo-{merge.pk}-reason": ""}, follow=True)
    assert "Give a reason to undo the merge." in response.content.decode()
    merge.refresh_from_db()
    assert merge.undone_at is None

    response = client.post(undo, {f"undo-{merge.pk}-reason": "two sisters, not one person"})
    assert response.status_code == 302
    kept.refresh_from_db()
    absorbed.refresh_from_db()
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert absorbed.merged_into_id is None and absorbed.status == "open"
    assert Document.objects.get().person_id == absorbed.pk
    assert kept.place_of_origin == ""
    page = client.get(reverse("web:person", args=[kept.pk])).content.decode()
    assert "Undone" in page and "two sisters, not one person" in page


def test_undo_is_refused_to_non_supervisors(world, twins, client_as):
    kept, absorbed = twins
    client_as(world.supervisor).post(_merge_url(kept, absorbed), {"reason": "same person"})
    merge = PersonMerge.objects.get()
    undo = reverse("web:person_unmerge", args=[kept.pk, merge.pk])
    response = client_as(world.caseworker).post(undo, {f"undo-{merge.pk}-reason": "no"})
    assert response.status_code == 403
    merge.refresh_from_db()
    assert merge.undone_at is None


def test_supervisor_of_another_agency_cannot_merge_records_out_of_scope(world, twins, client_as):
    kept, absorbed = twins
    response = client_as(world.other_supervisor).post(
        _merge_url(kept, absorbed), {"reason": "same"}
    )
    assert response.status_code == 404
    assert not PersonMerge.objects.exists()

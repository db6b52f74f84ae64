"""Matching in the product: candidates, duplicate warnings, the index kept true, merges."""

from __future__ import annotations

import datetime as dt
import gc

from haven.audit.models import AuditEntry
from haven.audit.services import audit_verify
from haven.people import matching
from haven.people.matching import REGISTER_INDEX, RegisterIndex
from haven.people.merging import person_merge
from haven.people.models import Document, Person, PersonMerge
from haven.people.services import document_create, person_update


def _nasrin(person_factory, **extra):
    return person_factory(
        given_name="Nasrin",
        family_name="Rezaei",
        other_names=[{"name": "نسرین رضایی", "script": "Arab"}],
        birth_year=1987,
        sex="female",
        place_of_origin="Tabriz",
        **extra,
    )


def test_match_finds_latin_record_from_persian_query(world, as_user, person_factory):
    target = person_factory(given_name="Hossein", family_name="Karimi", birth_year=1980, sex="male")
    person_factory(given_name="Maryam", family_name="Ahmadi", birth_year=1990)
    r = as_user(world.caseworker).post(
        "/api/v1/match/",
        {"given_name": "حسین", "family_name": "کریمی", "birth_year": 1981},
        format="json",
    )
    assert r.status_code == 200, r.json()
    results = r.json()["results"]
    assert results[0]["person"]["id"] == str(target.pk)
    assert results[0]["probability"] > 0.5
    fields = {e["field"] for e in results[0]["explanation"]}
    assert {"given_name", "family_name", "birth"} <= fields
    assert "phone" not in results[0]["person"]


def test_match_respects_scope(world, as_user, person_factory):
    other = person_factory(actor=world.other_caseworker, given_name="Hossein", family_name="Karimi")
    r = as_user(world.caseworker).post(
        "/api/v1/match/", {"given_name": "Hossein", "family_name": "Karimi"}, format="json"
    )
    assert str(other.pk) not in {row["person"]["id"] for row in r.json()["results"]}
    r = as_user(world.other_caseworker).post(
        "/api/v1/match/", {"given_name": "Husayn", "family_name": "Karimi"}, format="json"
    )
    assert r.json()["results"][0]["person"]["id"] == str(other.pk)


def test_match_bad_input(world, as_user):
    c = as_user(world.caseworker)
    assert "given_name" in c.post("/api/v1/match/", {}, format="json").json()
    r = c.post("/api/v1/match/", {"given_name": "A", "top": 500, "sex": "x"}, format="json")
    assert r.status_code == 400 and {"top", "sex"} <= set(r.json())
    r = c.post(
        "/api/v1/match/",
        {"given_name": "A", "birth_year": 1990, "birth_year_max": 1980},
        format="json",
    )
    assert r.status_code == 400 and "birth_year_max" in r.json()
    assert (
        as_user(world.enquiry_desk)
        .post("/api/v1/match/", {"given_name": "A"}, format="json")
        .status_code
        == 403
    )


def test_registration_warns_of_duplicates_then_saves_with_reason(world, as_user, person_factory):
    existing = _nasrin(person_factory)
    c = as_user(world.caseworker)
    body = {"given_name": "Nasreen", "family_name": "Rezaie", "birth_year": 1987, "sex": "female"}
    before = (Person.objects.count(), AuditEntry.objects.count())
    r = c.post("/api/v1/people/", body, format="json")
    assert r.status_code == 409, r.json()
    assert r.json()["candidates"][0]["person"]["id"] == str(existing.pk)
    assert (Person.objects.count(), AuditEntry.objects.count()) == before
    r = c.post(
        "/api/v1/people/", {**body, "duplicate_reason": "a cousin, met in person"}, format="json"
    )
    assert r.status_code == 201
    override = AuditEntry.objects.get(action="override")
    assert override.subject_id == r.json()["id"]
    assert "cousin" in override.changes["duplicate_reason"]["new"]
    assert override.changes["likely_duplicates"]["new"][0]["id"] == str(existing.pk)
    # a different person registers without a warning
    r = c.post(
        "/api/v1/people/",
        {"given_name": "Reza", "family_name": "Moradi", "birth_year": 1960, "sex": "male"},
        format="json",
    )
    assert r.status_code == 201


def test_index_stays_true_across_processes(world, person_factory):
    """A second process's index sees what the first one wrote a moment ago."""
    other_process = RegisterIndex()
    assert len(other_process.current()) == 0
    person = _nasrin(person_factory)
    assert str(person.pk) in other_process.current()
    person_update(actor=world.caseworker, person=person, fields={"given_name": "Shirin"})
    record = other_process.current().get(str(person.pk))
    assert record is not None and record.given_name == "Shirin"
    twin = person_factory(given_name="Shirin", family_name="Rezaee")
    person_merge(actor=world.supervisor, kept=person, absorbed=twin, reason="same person")
    assert str(twin.pk) not in other_process.current()


def test_index_reloads_when_history_differs(world, person_factory):
    index = RegisterIndex()
    index.current()
    index._seq, index._mac = 10_000, "not-what-the-database-says"
    person = _nasrin(person_factory)
    assert str(person.pk) in index.current()


def test_index_catches_up_from_the_log_and_reloads_when_the_entry_it_saw_changed(
    world, person_factory
):
    """It catches up with the audited changes only; when the entry it last saw is not
    what it saw (same length, other history: a restored backup), it reloads."""
    index = RegisterIndex()
    index.current()
    unaudited = Person.objects.create(agency=world.north, given_name="Drita", family_name="Gashi")
    audited = _nasrin(person_factory)
    assert str(audited.pk) in index.current() and str(unaudited.pk) not in index.current()
    person_factory(given_name="Arben", family_name="Hoxha")
    index._mac = "not-what-the-database-says"
    assert str(unaudited.pk) in index.current()


def test_merge_keeps_everything_and_is_reversible(world, as_user, person_factory):
    kept = _nasrin(person_factory, phone="+355 69 000 0001")
    absorbed = person_factory(
        given_name="Nasreen",
        family_name="Rezaie",
        birth_precision="date",
        birth_date=dt.date(1987, 4, 2),
        other_names=[{"name": "N. Rezai", "script": "Latn"}],
        languages=["Azerbaijani"],
        address="Rruga Shembull 5",
    )
    doc = document_create(
        actor=world.caseworker,
        person=absorbed,
        fields={"kind": "passport", "status": "issued", "number": "P-1"},
    )
    c = as_user(world.supervisor)
    assert (
        as_user(world.caseworker)
        .post(
            f"/api/v1/people/{kept.pk}/merge/",
            {"other": str(absorbed.pk), "reason": "x"},
            format="json",
        )
        .status_code
        == 403
    )
    r = c.post(f"/api/v1/people/{kept.pk}/merge/", {"other": str(absorbed.pk)}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    r = c.post(
        f"/api/v1/people/{kept.pk}/merge/",
        {"other": str(absorbed.pk), "reason": "same passport photo"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    merge_id = r.json()["id"]
    kept.refresh_from_db()
    absorbed.refresh_from_db()
    names = {n["name"] for n in kept.other_names}
    assert {"Nasreen Rezaie", "N. Rezai", "نسرین رضایی"} <= names
    assert kept.address == "Rruga Shembull 5" and kept.phone == "+355 69 000 0001"
    assert kept.languages == ["Azerbaijani"]
    assert Document.objects.get(pk=doc.pk).person_id == kept.pk
    assert absorbed.merged_into_id == kept.pk and absorbed.status == "closed"
    assert "Rruga" not in str(PersonMerge.objects.get().kept_before)  # secrets stay sealed
    detail = c.get(f"/api/v1/people/{absorbed.pk}/").json()
    assert detail["merged_into"] == str(kept.pk)
    r = c.post(f"/api/v1/people/{absorbed.pk}/reopen/", {"reason": "x"}, format="json")
    assert r.status_code == 400 and "merged" in str(r.json())
    assert (
        c.post(
            f"/api/v1/people/{kept.pk}/merge/",
            {"other": str(absorbed.pk), "reason": "again"},
            format="json",
        ).status_code
        == 400
    )

    r = c.post(f"/api/v1/merges/{merge_id}/undo/", {"reason": "different mothers"}, format="json")
    assert r.status_code == 200 and r.json()["undone_at"]
    kept.refresh_from_db()
    absorbed.refresh_from_db()
    assert {n["name"] for n in kept.other_names} == {"نسرین رضایی"}
    assert kept.address == "" and kept.languages == [] and kept.phone == "+355 69 000 0001"
    assert absorbed.merged_into_id is None and absorbed.status == "open"
    assert absorbed.birth_date.isoformat() == "1987-04-02"
    assert Document.objects.get(pk=doc.pk).person_id == absorbed.pk
    assert (
        c.post(f"/api/v1/merges/{merge_id}/undo/", {"reason": "again"}, format="json").status_code
        == 400
    )
    actions = list(
        AuditEntry.objects.filter(action__in=["merge", "unmerge"]).values_list("action", flat=True)
    )
    assert actions == ["merge", "merge", "unmerge", "unmerge"]
    assert audit_verify().ok
    assert REGISTER_INDEX.current().get(str(absorbed.pk)) is not None


def test_a_large_register_once_loaded_is_left_out_of_garbage_collection(
    world, person_factory, monkeypatch
):
    """Its objects are frozen (``gc.freeze``), so a full collection no longer scans
    them; a small one is left as it is."""
    person = _nasrin(person_factory)
    assert not matching.settle(RegisterIndex().current())
    monkeypatch.setattr(matching, "SETTLE_MIN", 1)
    try:
        index = RegisterIndex()
        loaded = index.current()
        assert gc.get_freeze_count() > 0
        assert not any(o is loaded for o in gc.get_objects())  # out of the collector's sight
        assert str(person.pk) in loaded  # and it still answers
    finally:
        gc.unfreeze()

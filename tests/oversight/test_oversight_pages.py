"""The oversight pages: the site page and its chart, the inspector's form, the actions
list, the never-alone list and the person's page."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from haven.audit.models import AuditEntry
from haven.interviews.services import interview_record
from haven.oversight.models import FollowUpAction, Visit
from haven.oversight.services import visit_record
from tests.oversight.conftest import NOW

REFUSED = {
    "visited_on": dt.date(2025, 3, 4),
    "purpose": "labour",
    "access": "refused",
    "refused_by": "marker-gatekeeper",
    "refusal_reason": "marker-closed-for-prayers",
}


def _no_inline_code(html: str) -> None:
    assert "<script>" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert "cdn" not in html.lower()


@time_machine.travel(NOW, tick=False)
def test_a_refused_visit_shows_on_the_site_page_with_its_reason(world, client_as, compound):
    visit_record(actor=world.inspector, site=compound, fields=REFUSED)
    visit_record(
        actor=world.inspector,
        site=compound,
        fields={"visited_on": dt.date(2025, 5, 1), "purpose": "labour", "access": "granted"},
    )
    response = client_as(world.supervisor).get(f"/oversight/sites/{compound.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "marker-closed-for-prayers" in html and "marker-gatekeeper" in html
    # the chart: server-drawn SVG, a refused bar in Q1 and a granted one in Q2
    assert "<svg" in html and 'class="bar bar--refused"' in html
    assert 'class="bar bar--granted"' in html and "2025 Q1" in html and "2025 Q2" in html
    _no_inline_code(html)
    # the address is whereabouts: shown to the supervisor (audited), not to an inspector
    assert "marker-address-1" in html
    assert AuditEntry.objects.filter(action="read", subject_type="site").count() == 1
    html = client_as(world.inspector).get(f"/oversight/sites/{compound.pk}/").content.decode()
    assert "marker-address-1" not in html and "marker-closed-for-prayers" in html


FORM = {
    "purpose": "labour",
    "visited_on": "2025-06-01",
    "access": "partial",
    "refused_areas": "the dormitories",
    "refused_by": "the elder",
    "private_interviews_possible": "no",
    "people_met": "12",
    "finding_free_to_leave": "no",
    "note_free_to_leave": "Gate locked from outside.",
    "finding_documents_held_by_others": "yes",
    "finding_chaperoned_or_monitored": "yes",
    "finding_medical_care_available": "yes",
    "finding_children_present": "not_seen",
}


@time_machine.travel(NOW, tick=False)
def test_the_inspectors_form_records_findings_and_the_supervisor_sees_the_actions(
    world, client_as, compound
):
    inspector = client_as(world.inspector)
    page = inspector.get(f"/oversight/sites/{compound.pk}/visits/new/")
    html = page.content.decode()
    assert page.status_code == 200 and html.count('class="finding"') == 10
    assert "form--one-column" in html
    _no_inline_code(html)
    response = inspector.post(f"/oversight/sites/{compound.pk}/visits/new/", FORM)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.access == "partial" and visit.private_interviews_possible is False
    assert FollowUpAction.objects.filter(visit=visit).count() == 3
    html = client_as(world.supervisor).get("/oversight/actions/").content.decode()
    assert "3 actions" in html and "Gate locked from outside." in html
    html = client_as(world.supervisor).get(f"/oversight/visits/{visit.pk}/").content.decode()
    assert html.count("badge--concern") == 3


@time_machine.travel(NOW, tick=False)
def test_bad_form_input_writes_nothing(world, client_as, compound):
    before = AuditEntry.objects.exclude(action="read").count()
    for change in (
        {"visited_on": "2025-06-03"},
        {"access": "refused", "refusal_reason": ""},
        {"finding_free_to_leave": "maybe"},
    ):
        response = client_as(world.inspector).post(
            f"/oversight/sites/{compound.pk}/visits/new/", {**FORM, **change}
        )
        assert response.status_code == 400, change
        assert b"Nothing was saved" in response.content
    assert AuditEntry.objects.exclude(action="read").count() == before
    assert not Visit.objects.exists()


def test_the_person_page_and_the_never_alone_list(world, client_as, person_factory):
    person = person_factory(given_name="Roya", family_name="Ahmadi")
    supervisor = client_as(world.supervisor)
    assert (
        b"Never interviewed without a chaperone." in supervisor.get(f"/people/{person.pk}/").content
    )
    assert b"Roya Ahmadi" in supervisor.get("/oversight/never-alone/").content
    fields = {"held_on": dt.date(2025, 5, 1), "private": True, "chaperone_present": True}
    interview_record(actor=world.inspector, person=person, fields=fields, context="oversight")
    assert b"Roya Ahmadi" in supervisor.get("/oversight/never-alone/").content
    response = client_as(world.inspector).post(
        f"/people/{person.pk}/oversight-interview/",
        {"held_on": "2025-05-02", "private": "on", "asked_for": ["leave"]},
    )
    assert response.status_code == 302
    assert (
        b"Never interviewed without a chaperone."
        not in supervisor.get(f"/people/{person.pk}/").content
    )
    assert b"Roya Ahmadi" not in supervisor.get("/oversight/never-alone/").content


@time_machine.travel(NOW, tick=False)
def test_the_leave_form(world, client_as, person_factory):
    person = person_factory(group_status="member", caseworker=world.caseworker)
    client = client_as(world.caseworker)
    assert b"Record leaving the group" in client.get(f"/people/{person.pk}/").content
    response = client.post(
        f"/people/{person.pk}/leave/",
        {"left_on": "2025-06-01", "went_to": "marker-shelter", "needs": ["housing", "documents"]},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.group_status == "former_member"
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "Left the group on 2025-06-01." in html and "marker-shelter" in html
    assert "Record leaving the group" not in html
    assert FollowUpAction.objects.filter(person=person).count() == 2
    assert client.post(f"/people/{person.pk}/leave/", {"left_on": ""}).status_code == 400

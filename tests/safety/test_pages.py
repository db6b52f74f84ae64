"""The safety pages: what they show and how they refuse bad input."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from haven.audit.models import AuditEntry
from haven.safety.models import ProtectiveMeasure, Threat
from haven.safety.services import death_record, threat_create, welfare_check_record


def _imminent(world, person):
    return threat_create(
        actor=world.caseworker,
        fields={
            "kind": "against_life",
            "reliability": "A",
            "credibility": "1",
            "imminence": "imminent",
            "narrative": "page-narrative",
        },
        targets=[person.pk],
        now=timezone.now() - dt.timedelta(days=3),
    )


def test_the_person_page_shows_the_safety_record(world, person, client_as):
    _imminent(world, person)
    html = client_as(world.caseworker).get(f"/people/{person.pk}/").content.decode()
    assert "Safety record" in html and "badge--risk-critical" in html
    assert "overdue" in html  # critical: every 2 days, and the threat is 3 days old
    assert f"/people/{person.pk}/safety/assessments/new/" in html
    police = client_as(world.police_liaison).get(f"/people/{person.pk}/").content.decode()
    assert f"/people/{person.pk}/safety/measures/new/" in police
    assert "/safety/assessments/new/" not in police
    health = client_as(world.health).get(f"/people/{person.pk}/").content.decode()
    assert "page-narrative" not in health and "/safety/threats/" not in health


def test_checks_due_this_week(world, person, client_as):
    _imminent(world, person)
    html = client_as(world.caseworker).get("/safety/checks/due/").content.decode()
    assert "Leyla Safe" in html and "overdue" in html
    welfare_check_record(
        actor=world.caseworker,
        person=person,
        fields={"method": "in_person", "seen_alone": True},
        now=timezone.now(),
    )
    html = client_as(world.caseworker).get("/safety/checks/due/").content.decode()
    assert "Leyla Safe" in html and "overdue" not in html.split("<tbody>")[1]


def test_a_bad_form_shows_errors_and_writes_nothing(world, person, client_as):
    before = AuditEntry.objects.exclude(action="read").count()
    response = client_as(world.caseworker).post(
        f"/people/{person.pk}/safety/threats/new/",
        {"kind": "against_life", "reliability": "Z", "credibility": "2", "imminence": "days"},
    )
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    response = client_as(world.caseworker).post(
        f"/people/{person.pk}/safety/measures/new/",
        {"kind": "safe_house", "responsible": "x", "starts_on": "2025-06-02",
         "ends_on": "2025-06-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "A measure cannot end before it starts." in response.content.decode()
    assert not Threat.objects.exists() and not ProtectiveMeasure.objects.exists()
    assert AuditEntry.objects.exclude(action="read").count() == before


def test_the_death_page_shows_threats_incidents_and_checks_beside_it(world, person, client_as):
    _imminent(world, person)
    death = death_record(
        actor=world.caseworker,
        person=person,
        fields={"died_on": timezone.localdate(), "post_mortem": "refused",
                "buried_on": timezone.localdate()},
        now=timezone.now(),
    )  # fmt: skip
    html = client_as(world.caseworker).get(f"/safety/deaths/{death.pk}/").content.decode()
    assert "Buried before a post-mortem" in html
    assert "Threats" in html and "Last welfare checks" in html and "overdue" in html
    response = client_as(world.caseworker).post(f"/safety/deaths/{death.pk}/close/")
    assert response.status_code == 302
    death.refresh_from_db()
    assert death.status == "open"
    health = client_as(world.health).get(f"/safety/deaths/{death.pk}/").content.decode()
    assert "Buried before a post-mortem" in health and "Last welfare checks" not in health


GROUP_THREAT = {
    "kind": "intimidation_of_family",
    "reliability": "B",
    "credibility": "2",
    "imminence": "weeks",
    "reported_how": "in_person",
    "narrative": "the group will find those who left",
}


def test_the_threat_form_records_a_threat_against_a_described_group(world, person, client_as):
    from haven.people.services import person_create

    def member(given, status, site):
        return person_create(
            actor=world.supervisor,
            fields={"given_name": given, "family_name": "Member", "group_status": status,
                    "current_site": site},
        )  # fmt: skip

    tirana = member("Arta", "former_member", "Tirana, Blloku")
    member("Besa", "former_member", "Durrës")
    member("Drita", "member", "Tirana")
    worker = client_as(world.caseworker)
    url = f"/people/{person.pk}/safety/threats/new/"
    assert "Also against a group" in worker.get(url).content.decode()
    before = AuditEntry.objects.exclude(action="read").count()
    # a described group without words, and a group that covers no one: nothing is saved
    bad = worker.post(url, {**GROUP_THREAT, "group_status": "former_member"})
    assert bad.status_code == 400 and "Describe the group in a few words." in bad.content.decode()
    bad = worker.post(url, {**GROUP_THREAT, "group_description": "those in Vlorë",
                            "group_status": "former_member", "group_site": "Vlorë"})  # fmt: skip
    assert bad.status_code == 400 and "The group covers no one you can see." in bad.content.decode()
    bad = worker.post(url, {**GROUP_THREAT, "group_description": "x", "group_status": "nope"})
    assert bad.status_code == 400
    assert not Threat.objects.exists()
    assert AuditEntry.objects.exclude(action="read").count() == before
    # the group is resolved to the people it covers, beside the person named
    form = {**GROUP_THREAT, "group_description": "all former members in Tirana",
            "group_status": "former_member", "group_site": "tirana"}  # fmt: skip
    assert worker.post(url, form).status_code == 302
    threat = Threat.objects.get()
    assert threat.target_group == "all former members in Tirana"
    links = {link.person_id: link.via_group for link in threat.target_links.all()}
    assert links == {person.pk: False, tirana.pk: True}
    html = worker.get(f"/safety/threats/{threat.pk}/").content.decode()
    assert "all former members in Tirana" in html and "Arta Member" in html
    assert "through the group" in html and "Besa" not in html and "Drita" not in html


def _writes():
    return AuditEntry.objects.exclude(action="read").count()


def test_a_threat_is_edited_on_its_page_then_escalated(world, person, client_as):
    threat = threat_create(
        actor=world.caseworker,
        fields={**GROUP_THREAT, "narrative": "first-narrative"},
        targets=[person.pk],
        now=timezone.now(),
    )
    worker = client_as(world.caseworker)
    page = f"/safety/threats/{threat.pk}/"
    url = f"{page}edit/"
    assert url in worker.get(page).content.decode()
    assert "first-narrative" in worker.get(url).content.decode()
    form = {
        **GROUP_THREAT,
        "reported_on": threat.reported_on.isoformat(),
        "narrative": "regraded-narrative",
        "reliability": "A",
        "imminence": "imminent",
    }
    before = _writes()
    bad = worker.post(url, {**form, "credibility": "9"})
    assert bad.status_code == 400 and "Nothing was saved" in bad.content.decode()
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    bad = worker.post(url, {**form, "reported_on": future})
    assert bad.status_code == 400 and "Date is in the future." in bad.content.decode()
    threat.refresh_from_db()
    assert _writes() == before and threat.narrative == "first-narrative"
    response = worker.post(url, {**form, "then": "escalated", "police_reference": "TR-77"})
    assert response.status_code == 302
    threat.refresh_from_db()
    assert threat.narrative == "regraded-narrative" and threat.reliability == "A"
    assert threat.status == "escalated" and threat.police_reference == "TR-77"
    entry = AuditEntry.objects.filter(subject_type="threat", action="change").first()
    assert {"narrative", "reliability", "imminence"} <= set(entry.changes)
    assert "regraded-narrative" not in str(entry.changes)
    person.refresh_from_db()
    assert person.risk_level == "critical"  # it became imminent: the level rises at once
    # an edit whose escalation is refused writes nothing either: one transaction
    before = _writes()
    bad = worker.post(url, {**form, "narrative": "third", "then": "escalated"})
    assert bad.status_code == 400 and "already escalated" in bad.content.decode()
    threat.refresh_from_db()
    assert threat.narrative == "regraded-narrative" and _writes() == before
    # closed through the same page; a closed report is no longer edited
    assert worker.post(url, {**form, "then": "closed"}).status_code == 302
    threat.refresh_from_db()
    assert threat.status == "closed"
    assert worker.get(url).status_code == 302
    # roles without safety writes are refused
    assert client_as(world.health).get(url).status_code == 403


def test_an_incident_is_edited_on_its_page(world, person, client_as):
    from haven.safety.services import incident_create

    incident = incident_create(
        actor=world.caseworker,
        fields={"kind": "assault", "occurred_on": timezone.localdate(), "narrative": "first"},
        people=[(person.pk, "victim")],
        now=timezone.now(),
    )
    worker = client_as(world.caseworker)
    page = f"/safety/incidents/{incident.pk}/"
    url = f"{page}edit/"
    assert url in worker.get(page).content.decode()
    assert worker.get(url).status_code == 200
    before = _writes()
    bad = worker.post(url, {"narrative": "second", "police_reference": "P-1"})
    assert bad.status_code == 400
    assert "Only an incident reported to the police has a reference." in bad.content.decode()
    incident.refresh_from_db()
    assert _writes() == before and incident.narrative == "first"
    form = {"narrative": "second-narrative", "place": "the market", "reported_to_police": "on",
            "police_reference": "P-1", "follow_up": "seen by a doctor"}  # fmt: skip
    assert worker.post(url, form).status_code == 302
    incident.refresh_from_db()
    assert incident.narrative == "second-narrative" and incident.police_reference == "P-1"
    entry = AuditEntry.objects.filter(subject_type="incident", action="change").get()
    assert {"narrative", "place", "police_reference"} <= set(entry.changes)
    assert "second-narrative" not in str(entry.changes)
    assert client_as(world.health).get(url).status_code == 403

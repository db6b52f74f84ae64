"""The tracing pages: the desk registers and follows an enquiry and prints the letter
(through the gate); a caseworker works the candidates, records the interview and its
decisions, relays the message and arranges a visit; a supervisor reviews flagged
enquiries and follows up; the person's page has a tracing section."""

from __future__ import annotations

import datetime as dt

from haven.people.services import person_create
from haven.tracing import services
from haven.tracing.models import Enquiry
from tests.tracing.helpers import TODAY, enquiry_fields

FORM = {
    "enquirer_name": "Parvin Hosseini",
    "relationship": "mother",
    "phone": "+98 912 555 0101",
    "given_name": "مریم",
    "family_name": "حسینی",
    "sex": "female",
    "birth_year": "1994",
    "message": "We miss you.",
}


def _maryam(world):
    return person_create(
        actor=world.caseworker,
        fields={"given_name": "Maryam", "family_name": "Hosseini", "sex": "female",
                "birth_year": 1994, "address": "Compound 3, row 7"},
    )  # fmt: skip


def test_the_desk_registers_and_follows_an_enquiry(world, client_as):
    desk = client_as(world.enquiry_desk)
    from haven.web.access import home_url

    assert home_url(world.enquiry_desk) == "/tracing/"
    assert desk.get("/tracing/new/").status_code == 200
    response = desk.post("/tracing/new/", FORM)
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    page = desk.get(response["Location"]).content.decode()
    assert "مریم" in page and "We have no news to pass on." in page and "Open" in page
    assert "received" not in page
    letter = desk.get(f"/tracing/{enquiry.pk}/letter/").content.decode()
    assert "Dear Parvin Hosseini" in letter and "We have no news to pass on." in letter
    listed = desk.get("/tracing/").content.decode()
    assert "مریم" in listed


def test_a_bad_enquiry_form_shows_errors_and_writes_nothing(world, client_as):
    desk = client_as(world.enquiry_desk)
    response = desk.post(
        "/tracing/new/",
        {
            **FORM,
            "given_name": "",
            "family_name": "",
            "birth_year": "1990",
            "birth_year_max": "1980",
        },
    )
    assert response.status_code == 400
    assert "Give at least one name" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_a_caseworker_works_the_enquiry_through_the_pages(world, client_as):
    person = _maryam(world)
    enquiry = services.enquiry_create(
        actor=world.enquiry_desk,
        fields=enquiry_fields(given_name="مریم", family_name="حسینی", birth_year=1994),
    )
    worker = client_as(world.caseworker)
    page = worker.get(f"/tracing/{enquiry.pk}/").content.decode()
    assert "This is the person" in page and str(person.pk) in page
    assert (
        worker.post(f"/tracing/{enquiry.pk}/locate/", {"person": str(person.pk)}).status_code == 302
    )
    enquiry.refresh_from_db()
    assert enquiry.person == person
    interview = worker.get(f"/tracing/{enquiry.pk}/interview/").content.decode()
    assert "Parvin Hosseini" in interview  # the person is told who asked
    form = {
        "held_on": TODAY.isoformat(), "private": "on", "location": "office",
        "decision_deliver_message": "given", "decision_alive_and_well": "refused",
        "decision_send_reply": "refused", "decision_share_contact": "refused",
        "decision_accept_visit": "given",
    }  # fmt: skip
    assert worker.post(f"/tracing/{enquiry.pk}/interview/", form).status_code == 302
    future = {**form, "held_on": (TODAY + dt.timedelta(days=4000)).isoformat()}
    bad = worker.post(f"/tracing/{enquiry.pk}/interview/", future)
    assert bad.status_code == 400 and "future" in bad.content.decode()
    worker.post(f"/tracing/{enquiry.pk}/message/", {"status": "delivered"})
    desk = client_as(world.enquiry_desk).get(f"/tracing/{enquiry.pk}/").content.decode()
    assert "Message delivered" in desk and "alive and well" not in desk
    assert "Compound" not in desk and str(person.pk) not in desk
    # a visit
    assert (
        worker.post(f"/tracing/{enquiry.pk}/visit/", {"visitor-name": "Parvin"}).status_code == 302
    )
    visitor = enquiry.visitors.get()
    visit = {
        "visit-visitors": [str(visitor.pk)], "visit-starts_on": "2025-07-01",
        "visit-ends_on": "2025-07-02", "visit-place": "a cafe", "visit-neutral_place": "on",
    }  # fmt: skip
    response = worker.post(f"/tracing/{enquiry.pk}/visit/", visit)
    assert response.status_code == 302 and enquiry.visits.count() == 1
    # the person's page
    section = worker.get(f"/people/{person.pk}/").content.decode()
    assert "Enquiry by" in section and "Parvin Hosseini" in section
    assert worker.post(f"/tracing/{enquiry.pk}/close/").status_code == 302


def test_a_supervisor_reviews_a_flagged_enquiry_and_follows_up(world, client_as):
    old = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    services.enquiry_create(
        actor=world.enquiry_desk, fields=enquiry_fields(phone="0912 1"), now=old
    )
    flagged = services.enquiry_create(
        actor=world.enquiry_desk, fields=enquiry_fields(phone="0912 1", given_name="Ali"), now=old
    )
    supervisor = client_as(world.supervisor)
    assert "Ali" in supervisor.get("/tracing/flagged/").content.decode()
    assert "Ali" in supervisor.get("/tracing/follow-up/").content.decode()
    page = supervisor.get(f"/tracing/{flagged.pk}/").content.decode()
    assert "Reviewed: show the candidates" in page
    supervisor.post(f"/tracing/{flagged.pk}/review/", {"note": "the mother; ID seen"})
    flagged.refresh_from_db()
    assert flagged.reviewed_at is not None
    assert client_as(world.caseworker).get("/tracing/flagged/").status_code == 403


def test_a_caseworker_adds_and_updates_a_visitors_visa_on_the_visit_page(world, client_as):
    from haven.audit.models import AuditEntry
    from tests.tracing.test_tracing_matrix import Setup

    def writes():
        return AuditEntry.objects.exclude(action="read").count()

    enquiry, visit, visitor = Setup(world).with_visit("own")
    worker = client_as(world.supervisor)
    page = f"/tracing/{enquiry.pk}/visits/{visit.pk}/"
    assert f'href="{page}"' in worker.get(f"/tracing/{enquiry.pk}/").content.decode()
    assert "No visa application yet." in worker.get(page).content.decode()
    # bad input: dates the wrong way round re-display the form and write nothing
    before = writes()
    bad = worker.post(page, {"visitor": str(visitor.pk), "status": "submitted",
                             "valid_from": "2025-08-02", "valid_until": "2025-08-01"})  # fmt: skip
    assert bad.status_code == 400 and "cannot end before it starts" in bad.content.decode()
    assert not visit.visas.exists() and writes() == before
    bad = worker.post(page, {"visitor": str(visitor.pk), "status": "lost"})
    assert bad.status_code == 400 and not visit.visas.exists()
    # a good application
    good = worker.post(page, {"visitor": str(visitor.pk), "status": "draft"})
    assert good.status_code == 302
    visa = visit.visas.get()
    assert visa.status == "draft" and visa.visitor == visitor
    # the status, the authority's reference and the dates
    edit = f"{page}visas/{visa.pk}/"
    assert worker.get(edit).status_code == 200
    before = writes()
    bad = worker.post(edit, {"status": "granted", "decided_on": "not a date"})
    assert bad.status_code == 400 and writes() == before
    visa.refresh_from_db()
    assert visa.status == "draft"
    form = {"status": "granted", "authority_reference": "VISA-2025-0042",
            "submitted_on": "2025-06-01", "decided_on": "2025-06-20",
            "valid_from": "2025-07-01", "valid_until": "2025-07-31"}  # fmt: skip
    assert worker.post(edit, form).status_code == 302
    visa.refresh_from_db()
    assert visa.status == "granted" and visa.authority_reference == "VISA-2025-0042"
    assert visa.valid_until == dt.date(2025, 7, 31)
    shown = worker.get(page).content.decode()
    assert "VISA-2025-0042" in shown and "granted" in shown
    # in Persian, right to left, translated, the visitor's name isolated
    from django.conf import settings

    worker.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    html = worker.get(page).content.decode()
    assert 'dir="rtl"' in html and "درخواست‌های روادید" in html and "<bdi>Parvin</bdi>" in html
    # only caseworkers and supervisors
    assert client_as(world.enquiry_desk).get(page).status_code == 403

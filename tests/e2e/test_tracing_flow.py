"""The tracing journey in real Chromium: the enquiry desk registers an enquiry with a
Persian-script name; the caseworker finds and confirms the candidate and records a
private interview with consent to the message only, and delivers it; the desk then sees
"message delivered" and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e import test_register_flow

browser_page = test_register_flow.browser_page  # the same Chromium fixture

GIVEN, FAMILY = "مریم", "حسینی"


def _sign_in(page, url, username):
    from tests.conftest import PASSWORD

    page.goto(f"{url}/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


@pytest.mark.e2e
def test_enquiry_to_message_delivered(
    transactional_db, live_server, world, person_factory, browser_page
):
    from playwright.sync_api import expect

    person = person_factory(
        given_name="Maryam", family_name="Hosseini", sex="female", birth_year=1994,
        address="Compound 3, row 7",
    )  # fmt: skip
    page = browser_page
    url = live_server.url

    # the enquiry desk registers the family's enquiry
    _sign_in(page, url, "enquiry_desk")
    expect(page.get_by_role("heading", name="Tracing enquiries")).to_be_visible()
    page.get_by_role("link", name="Register an enquiry").click()
    page.get_by_label("Enquirer's name").fill("Parvin Hosseini")
    page.get_by_label("Relationship to the person sought").fill("mother")
    page.get_by_label("Phone").fill("+98 912 555 0101")
    page.get_by_label("Given name").fill(GIVEN)
    page.get_by_label("Family name").fill(FAMILY)
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Born in (year)").fill("1994")
    page.get_by_label("Message for the person sought").fill("We miss you. Your mother.")
    page.get_by_role("button", name="Register the enquiry").click()
    expect(page.locator(".messages")).to_contain_text("Enquiry registered.")
    expect(page.locator(".tracing-status")).to_have_text("Open")
    enquiry_url = page.url
    _sign_out(page)

    # the caseworker finds the candidate and confirms it
    _sign_in(page, url, "caseworker")
    page.get_by_role("link", name="Tracing", exact=True).click()
    page.get_by_role("link", name=f"{GIVEN} {FAMILY}").click()
    candidates = page.locator("table.candidates")
    expect(candidates).to_contain_text("Maryam Hosseini")
    candidates.get_by_role("button", name="This is the person").first.click()
    expect(page.locator(".messages")).to_contain_text("located")

    # the private interview: consent to the message only
    page.get_by_role("link", name="Record an interview").click()
    expect(page.get_by_text("Parvin Hosseini")).to_be_visible()  # who asked
    page.get_by_label("Held on").fill((dt.date.today() - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Held in private").check()
    page.get_by_label("give me the family's message").select_option("given")
    for purpose in ("tell the family I am alive and well", "send my reply to the family",
                    "give the family the contact details I choose", "accept a visit"):  # fmt: skip
        page.get_by_label(purpose).select_option("refused")
    page.get_by_role("button", name="Record the interview and decisions").click()
    expect(page.locator(".messages")).to_contain_text("Interview and decisions recorded.")
    page.get_by_label("The family's message").select_option("delivered")
    page.get_by_role("button", name="Record the delivery").click()
    expect(page.locator(".messages")).to_contain_text("delivery is recorded")
    _sign_out(page)

    # the desk sees "message delivered" and nothing else
    _sign_in(page, url, "enquiry_desk")
    page.goto(enquiry_url)
    news = page.locator(".disclosure")
    expect(news).to_contain_text("Message delivered")
    expect(news).to_contain_text("Open")
    for hidden in ("alive and well", "Reply", "Contact", "Visit", "We have no news"):
        expect(news).not_to_contain_text(hidden)
    body = page.locator("body")
    for secret in ("Maryam", "Compound 3", str(person.pk), "located"):
        expect(body).not_to_contain_text(secret)
    expect(page.locator("main")).not_to_contain_text("North Shelter")
    page.get_by_role("link", name="Letter to the family").click()
    expect(page.locator(".letter")).to_contain_text("Message delivered")
    expect(page.locator(".letter")).not_to_contain_text("alive and well")

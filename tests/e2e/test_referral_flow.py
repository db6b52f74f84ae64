"""One journey in real Chromium: a caseworker refers a person to legal aid with their
consent to share their identity only, sends it, and prints the form, which carries no
document data."""

from __future__ import annotations

import pytest

from tests.e2e.test_register_flow import browser_page  # noqa: F401 -- the fixture

DOC_NUMBER = "P-E2E-55120"


@pytest.mark.e2e
def test_refer_to_legal_aid_with_identity_only(
    transactional_db,
    live_server,
    world,
    person_factory,
    browser_page,  # noqa: F811
):
    from playwright.sync_api import expect

    from haven.people.services import document_create
    from haven.referrals.services import receiving_body_create
    from tests.conftest import PASSWORD

    receiving_body_create(actor=None, fields={"name": "Harbour Legal Aid", "kind": "legal_aid"})
    person = person_factory(given_name="Darya", family_name="Sadeghi", phone="+355 69 000 5511")
    document_create(
        actor=world.caseworker,
        person=person,
        fields={"kind": "passport", "status": "issued", "number": DOC_NUMBER},
    )
    page = browser_page
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Darya Sadeghi")).to_be_visible()
    expect(page.locator("body")).to_contain_text(DOC_NUMBER)  # the caseworker sees it

    page.get_by_role("link", name="Refer this person").click()
    page.get_by_label("Receiving body").select_option(label="Harbour Legal Aid")
    page.get_by_label("Reason").fill("Appeal against a refused residence permit.")
    page.get_by_label("Identity").check()
    expect(page.get_by_label("Documents")).not_to_be_checked()
    page.get_by_role("button", name="Save the referral").click()

    expect(page.get_by_role("heading", name="Referral to Harbour Legal Aid")).to_be_visible()
    page.get_by_label("New status").select_option("sent")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".messages")).to_contain_text("Status changed.")

    page.get_by_role("link", name="Printable form").click()
    expect(page.get_by_role("heading", name="Referral form")).to_be_visible()
    body = page.locator("body")
    expect(body).to_contain_text("Darya")
    expect(body).to_contain_text("Sadeghi")
    expect(body).not_to_contain_text(DOC_NUMBER)
    expect(body).not_to_contain_text("Passport")
    expect(body).not_to_contain_text("+355 69 000 5511")
    expect(page.get_by_role("heading", name="Documents")).to_have_count(0)

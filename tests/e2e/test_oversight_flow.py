"""One journey in real Chromium: an inspector records a partial-access visit with three
findings of concern on the tablet form, and the supervisor sees the resulting actions."""

from __future__ import annotations

import pytest

from tests.e2e.test_register_flow import browser_page  # noqa: F401  (the fixture)


def _sign_in(page, url: str, username: str) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{url}/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.e2e
def test_inspector_records_a_partial_visit_and_the_supervisor_sees_the_actions(
    transactional_db,
    live_server,
    world,
    browser_page,  # noqa: F811
):
    from playwright.sync_api import expect

    from haven.oversight.services import site_create

    site_create(actor=world.supervisor, fields={"name": "Dawn Hill Compound", "kind": "compound"})
    page = browser_page
    page.set_viewport_size({"width": 800, "height": 1280})  # a tablet held upright
    _sign_in(page, live_server.url, "inspector")
    page.get_by_role("link", name="Sites", exact=True).click()
    page.get_by_role("link", name="Dawn Hill Compound").click()
    page.get_by_role("link", name="Record a visit").click()
    expect(page.get_by_role("heading", name="Record a visit")).to_be_visible()

    page.get_by_label("labour inspection").check()
    page.locator("#id_access").get_by_label("partial", exact=True).check()
    page.get_by_label("Areas refused").fill("The dormitories and the workshops.")
    page.get_by_label("Refused by").fill("An elder of the group")
    page.locator("#id_private_interviews_possible").get_by_label("No", exact=True).check()
    page.locator("#id_finding_free_to_leave").get_by_label("no", exact=True).check()
    page.locator("#id_finding_documents_held_by_others").get_by_label("yes", exact=True).check()
    page.locator("#id_finding_chaperoned_or_monitored").get_by_label("yes", exact=True).check()
    page.locator("#id_finding_medical_care_available").get_by_label("yes", exact=True).check()
    page.locator("#id_note_free_to_leave").fill("The gate is locked from outside.")
    # large targets: every answer is at least 44 pixels high
    box = page.locator("#id_finding_children_present label").first.bounding_box()
    assert box is not None and box["height"] >= 44
    page.get_by_role("button", name="Save the visit").click()

    expect(page.locator(".messages")).to_contain_text("3 follow-up action(s) created")
    expect(page.locator(".badge--concern")).to_have_count(3)
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, live_server.url, "supervisor")
    page.get_by_role("link", name="Follow-up actions").click()
    results = page.locator("#results")
    expect(results).to_contain_text("3 actions")
    expect(results).to_contain_text("freedom to leave the site")
    expect(results).to_contain_text("identity documents held by others")
    expect(results).to_contain_text("people chaperoned or monitored")
    expect(results).to_contain_text("The gate is locked from outside.")

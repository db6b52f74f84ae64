"""One journey in real Chromium: sign in, register someone with a Persian-script
alias, and find them again by searching for that alias."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ALIAS = "شیرین کریمی"


@pytest.fixture
def browser_page():
    if CHROMIUM is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; the browser test must run on CI.")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM is still safe
    # here because the test and the live server use their own connections.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(15_000)
        # The Content Security Policy must hold on every page the journey opens.
        violations: list[str] = []
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        try:
            yield page
        finally:
            browser.close()
        assert not violations, "\n".join(violations)


@pytest.mark.e2e
def test_register_and_find_by_persian_alias(
    transactional_db, live_server, world, person_factory, browser_page
):
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    person_factory(given_name="Nasrin", family_name="Rezaei")  # someone the search leaves out
    page = browser_page
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/signin/?next=/")
    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="People")).to_be_visible()

    page.get_by_role("link", name="Register a person").first.click()
    page.get_by_label("Given name").fill("Shirin")
    page.get_by_label("Family name").fill("Karimi")
    page.locator("#id_names-0-name").fill(ALIAS)
    page.locator("#id_names-0-script").select_option("Arab")
    page.get_by_label("Group status").select_option("former_member")
    page.get_by_role("button", name="Register", exact=True).click()

    expect(page.get_by_role("heading", name="Shirin Karimi")).to_be_visible()
    expect(page.locator(".alias", has_text=ALIAS)).to_be_visible()

    page.get_by_role("link", name="People", exact=True).first.click()
    search = page.get_by_role("searchbox", name="Search by name")
    expect(page.locator("#results")).to_contain_text("2 people")
    search.fill(ALIAS)  # live search: htmx swaps the results in after a short pause
    results = page.locator("#results")
    expect(results).to_contain_text("1 person")
    expect(results.get_by_role("link", name="Shirin Karimi")).to_be_visible()
    expect(results).not_to_contain_text("Nasrin Rezaei")
    assert "search=" in page.url  # htmx pushed the search into the address bar
    results.get_by_role("link", name="Shirin Karimi").click()
    expect(page.get_by_role("heading", name="Shirin Karimi")).to_be_visible()

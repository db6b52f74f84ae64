"""Issue 11 in real Chromium: an administrator creates an agency and a caseworker; the
caseworker follows the invitation link, sets a password, enrols two-factor with a code
computed from the secret the page shows, and sees the register; the administrator
disables them, and their open page sends them back to sign-in. No page reports a
Content Security Policy violation."""

from __future__ import annotations

import base64
import os
import time

import pytest
import time_machine
from django.test import override_settings

from tests.e2e.test_register_flow import CHROMIUM, CHROMIUM_ARGS

NEW_PASSWORD = "lantern tarragon quietly 47"


def _totp(secret_b32: str, *, at: float | None = None) -> str:
    from django_otp.oath import TOTP

    token = TOTP(base64.b32decode(secret_b32), step=30, t0=0, digits=6)
    token.time = time.time() if at is None else at
    return f"{token.token():06d}"


@pytest.fixture
def browser():
    if CHROMIUM is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; the browser test must run on CI.")
        pytest.skip(message)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _page(browser, violations: list[str]):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)

    def console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            violations.append(f"{page.url}: {text}")

    page.on("console", console)
    return page


@pytest.mark.e2e
@override_settings(REQUIRE_2FA=True)
def test_admin_invites_a_caseworker_who_enrols_signs_in_and_is_disabled(
    transactional_db, live_server, world, browser
):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    url = live_server.url
    violations: list[str] = []
    admin_device = TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    admin_secret = base64.b32encode(admin_device.bin_key).decode()

    # the administrator signs in with password and code
    admin = _page(browser, violations)
    admin.goto(f"{url}/signin/")
    admin.get_by_label("Username").fill("admin")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_label("One-time code").fill(_totp(admin_secret))
    admin.get_by_role("button", name="Sign in").click()
    expect(admin.get_by_role("heading", name="Administration", exact=True)).to_be_visible()

    # ... creates an agency
    admin.get_by_role("link", name="New agency").click()
    admin.get_by_label("Name").fill("East Harbour Shelter")
    admin.get_by_label("Kind").select_option("ngo")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("link", name="East Harbour Shelter")).to_be_visible()

    # ... and a caseworker in it, and reads the invitation link shown once
    admin.get_by_role("link", name="New account").click()
    admin.get_by_label("Username").fill("newcomer")
    admin.get_by_label("Agency").select_option(label="East Harbour Shelter")
    admin.get_by_label("Role").select_option("caseworker")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("heading", name="Invitation link")).to_be_visible()
    link = admin.locator(".invitation-link").inner_text().strip()
    assert "/invitation/" in link
    link = url + link[link.index("/invitation/") :]  # the live server's address

    # the caseworker follows it, sets a password, enrols two-factor
    worker = _page(browser, violations)
    worker.goto(link)
    worker.locator("#id_password").fill(NEW_PASSWORD)
    worker.locator("#id_confirm").fill(NEW_PASSWORD)
    worker.get_by_role("button", name="Set password").click()
    expect(worker.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    secret = worker.locator("code.secret").inner_text().strip()
    worker.get_by_label("Code from your app").fill(_totp(secret))
    worker.get_by_role("button", name="Confirm").click()
    expect(worker.get_by_role("heading", name="Recovery codes")).to_be_visible()
    assert worker.locator(".recovery-codes li").count() == 10
    worker.get_by_role("link", name="Continue").click()
    expect(worker.get_by_role("heading", name="People")).to_be_visible()

    # the link worked once
    again = _page(browser, violations)
    again.goto(link)
    expect(again.get_by_role("heading", name="Link no longer valid")).to_be_visible()

    # the caseworker signs out and in again with password and the next code
    worker.get_by_role("button", name="Sign out").click()
    worker.get_by_label("Username").fill("newcomer")
    worker.get_by_label("Password").fill(NEW_PASSWORD)
    # a code counts only in its own 30-second step and never twice: the server (in this
    # process) moves on to the next step rather than the test sleeping until it comes
    with time_machine.travel(time.time() + 30, tick=True):
        worker.get_by_label("One-time code").fill(_totp(secret))
        worker.get_by_role("button", name="Sign in").click()
        expect(worker.get_by_role("heading", name="People")).to_be_visible()

    # the administrator disables them ...
    admin.get_by_role("link", name="Back to the account").click()
    admin.get_by_role("button", name="Disable account").click()
    expect(admin.get_by_text("Account disabled.")).to_be_visible()

    # ... and their open page sends them back to sign-in
    worker.reload()
    expect(worker).to_have_url(f"{url}/signin/?next=/")
    expect(worker.get_by_role("button", name="Sign in")).to_be_visible()

    assert not violations, "\n".join(violations)

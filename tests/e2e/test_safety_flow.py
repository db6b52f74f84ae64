"""One journey in real Chromium: the police liaison signs in, sees the critical alert for
a burial before a post-mortem, acknowledges it, and records a protective measure for a
witness at risk."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.e2e.test_register_flow import browser_page  # noqa: F401 (a fixture)


@pytest.mark.e2e
def test_police_liaison_acknowledges_a_burial_alert_and_records_a_measure(
    transactional_db,
    live_server,
    world,
    browser_page,  # noqa: F811
):
    from django.utils import timezone
    from playwright.sync_api import expect

    from haven.accounts.models import Agency
    from haven.people.services import person_create
    from haven.safety.models import ProtectiveMeasure
    from haven.safety.services import death_record, threat_create
    from tests.conftest import PASSWORD, make_user

    police_agency = Agency.objects.create(name="Harbour Police", kind=Agency.Kind.POLICE)
    make_user("harbour_police", "police_liaison", police_agency)
    now = timezone.now()
    dead = person_create(
        actor=world.supervisor, fields={"given_name": "Dariush", "family_name": "Azadi"}
    )
    alive = person_create(
        actor=world.supervisor, fields={"given_name": "Leyla", "family_name": "Azadi"}
    )
    death_record(
        actor=world.caseworker,
        person=dead,
        fields={
            "died_on": (now - dt.timedelta(days=4)).date(),
            "post_mortem": "refused",
            "post_mortem_reason": "religious reasons, the group said",
            "buried_on": (now - dt.timedelta(days=3)).date(),
        },
        now=now,
    )
    threat_create(
        actor=world.caseworker,
        fields={
            "kind": "against_life",
            "reliability": "B",
            "credibility": "2",
            "imminence": "imminent",
            "narrative": "She saw what happened to him.",
        },
        targets=[alive.pk],
        now=now,
    )

    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("harbour_police")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Alerts", exact=True).first.click()

    row = page.locator("tr.alert-row", has_text="Burial before post-mortem")
    expect(row).to_have_count(1)
    expect(row.locator(".badge--severity-critical")).to_be_visible()
    row.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Alert acknowledged.")).to_be_visible()
    row = page.locator("tr.alert-row", has_text="Burial before post-mortem")
    expect(row).to_contain_text(re.compile("acknowledged", re.IGNORECASE))

    page.locator("tr.alert-row", has_text="Imminent threat").get_by_role(
        "link", name="Leyla Azadi"
    ).click()
    expect(page.get_by_role("heading", name="Leyla Azadi")).to_be_visible()
    page.get_by_role("link", name="Record a protective measure").click()
    page.get_by_label("Kind").select_option("police_patrol")
    page.get_by_label("Who is responsible").fill("Harbour patrol unit 3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Protective measure recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Harbour patrol unit 3")).to_be_visible()
    measure = ProtectiveMeasure.objects.get()
    assert measure.person_id == alive.pk and measure.recorded_by.username == "harbour_police"

"""The oversight demo: every page has something real to show."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from haven.accounts.models import User
from haven.interviews.models import Interview
from haven.oversight.models import Departure, FollowUpAction, Site, Visit
from tests.demo.test_demo import ENV_PASSWORD, PASSWORD_ENV, demo_env, run_demo  # noqa: F401


def test_the_demo_has_sites_visits_actions_interviews_and_a_departure(
    demo_env: Any,  # noqa: F811
    monkeypatch: Any,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, ENV_PASSWORD)
    run_demo(people=120)
    assert Site.objects.count() == 2
    assert set(Visit.objects.exclude(access="").values_list("access", flat=True)) == {
        "granted",
        "partial",
        "refused",
    }
    assert Visit.objects.filter(visited_on__isnull=True).exists()  # a planned one
    today = timezone.localdate()
    overdue = [a for a in FollowUpAction.objects.all() if a.is_overdue(today)]
    assert overdue and FollowUpAction.objects.filter(status="done").exists()
    oversight = Interview.objects.filter(context="oversight")
    assert oversight.filter(chaperone_present=True).exists()
    assert oversight.counting_as_private().exists()
    assert oversight.filter(agency__name="State Labour Inspectorate").exists()
    departure = Departure.objects.get()
    assert departure.person.group_status == "former_member"
    # the pages show them
    client = Client()
    client.force_login(User.objects.get(username="supervisor"))
    site = Site.objects.get(kind="compound")
    html = client.get(f"/oversight/sites/{site.pk}/").content.decode()
    assert "bar--refused" in html and "bar--partial" in html and "bar--granted" in html
    assert "badge--overdue" in client.get("/oversight/actions/").content.decode()
    assert client.get("/oversight/never-alone/").status_code == 200
    alerts = client.get("/alerts/?kind=oversight_action_overdue").content.decode()
    assert "Follow-up action overdue" in alerts

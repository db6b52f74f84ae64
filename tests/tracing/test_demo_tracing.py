"""The demo loads enquiries in every state, with a flagged pair from one enquirer."""

from __future__ import annotations

from haven.tracing.models import Enquiry


def test_the_demo_has_enquiries_in_every_state_and_a_flagged_pair(
    db, settings, tmp_path, monkeypatch
):
    import io

    from django.core.management import call_command

    from haven.tracing.models import State

    settings.DEMO, settings.VAR_DIR = True, tmp_path
    monkeypatch.setenv("HAVEN_DEMO_PASSWORD", "a demo password for the tracing test")
    call_command("demo", people=60, stdout=io.StringIO())
    states = set(Enquiry.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert Enquiry.objects.filter(flagged=True).count() >= 2

"""The demo shows referrals in every state and one group petition with someone held
back; every consent it records is one the referrer's role may pass on."""

from __future__ import annotations

import io

from django.core.management import call_command

from haven.demo.generator import PASSWORD_ENV
from haven.referrals.models import Consent, Petition, ReceivingBody, Referral, Status


def test_demo_loads_referrals_in_every_state(db, settings, tmp_path, monkeypatch):
    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv(PASSWORD_ENV, "demo password from the environment")
    call_command("demo", stdout=io.StringIO(), people=60)
    assert set(ReceivingBody.objects.values_list("kind", flat=True)) == {
        "refugee_agency", "legal_aid", "health", "counselling", "employment", "housing", "police"
    }  # fmt: skip
    assert set(Referral.objects.values_list("status", flat=True)) == set(Status.values)
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()
    petition = Petition.objects.get()
    assert petition.status == "sent" and petition.receiving_body.kind == "refugee_agency"
    members = list(petition.members.all())
    assert all(m.person.group_status == "former_member" for m in members)
    named = [m for m in members if m.consents.active().filter(data_class="identity").exists()]
    assert 0 < len(named) < len(members)

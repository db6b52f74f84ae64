"""``haven demo``: the synthetic register that ``make run`` loads into an empty database."""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
from collections import Counter
from random import Random
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import Client

from haven.accounts.models import Agency, User
from haven.accounts.roles import Role
from haven.audit.models import AuditEntry
from haven.audit.services import audit_verify
from haven.demo.generator import (
    CREDENTIALS_FILENAME,
    FAKE_DOCUMENT_PREFIX,
    FAKE_PHONE_PREFIX,
    FAKE_STREETS,
    PASSWORD_ENV,
    REAL_NAMES_DENYLIST,
    _Maker,
    is_denied_name,
)
from haven.people.models import Document, Person, PersonShare, detect_script

ENV_PASSWORD = "demo password from the environment"


@pytest.fixture
def demo_env(db: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    return tmp_path


def run_demo(**options: Any) -> str:
    out = io.StringIO()
    options.setdefault("people", 30)
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaded(demo_env: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(PASSWORD_ENV, ENV_PASSWORD)
    return run_demo(people=60)


def test_creates_one_user_per_role_and_a_second_caseworker(loaded: str) -> None:
    for role in Role:
        user = User.objects.get(username=role.value)
        assert user.role == role.value
        assert user.agency is not None
        assert not user.is_superuser
    cw, sup, other = (
        User.objects.get(username=n) for n in ("caseworker", "supervisor", "other_caseworker")
    )
    assert cw.agency == sup.agency and cw.agency.kind == Agency.Kind.NGO
    assert other.role == Role.CASEWORKER and other.agency != cw.agency
    assert other.agency.kind == Agency.Kind.NGO
    assert User.objects.get(username="enquiry_desk").agency == cw.agency
    kinds = {
        u: User.objects.get(username=u).agency.kind
        for u in ("police_liaison", "health", "inspector", "refugee_liaison")
    }
    assert kinds == {
        "police_liaison": Agency.Kind.POLICE,
        "health": Agency.Kind.HEALTH,
        "inspector": Agency.Kind.LABOUR,
        "refugee_liaison": Agency.Kind.REFUGEE,
    }
    assert User.objects.get(username="auditor").agency not in (cw.agency, other.agency)


def test_uses_the_password_from_the_environment(loaded: str, demo_env: Any) -> None:
    for username in ("caseworker", "auditor", "other_caseworker"):
        assert authenticate(username=username, password=ENV_PASSWORD) is not None
    assert Client().login(username="caseworker", password=ENV_PASSWORD)
    assert ENV_PASSWORD not in loaded  # not echoed
    assert PASSWORD_ENV in loaded
    assert not (demo_env / CREDENTIALS_FILENAME).exists()


def test_generated_password_is_printed_and_saved_for_the_owner_only(demo_env: Any) -> None:
    out = run_demo()
    path = demo_env / CREDENTIALS_FILENAME
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    password = re.search(r"Password for every account: (\S+)", text).group(1)
    assert len(password) >= 12
    assert password in out and str(path) in out
    # No address it cannot know: `haven serve` prints the one it serves on (make run PORT=).
    assert "8000" not in out and "8000" not in text
    for user in User.objects.all():
        assert user.username in text and user.role in text and user.agency.name in text
        assert user.username in out
    assert Client().login(username="supervisor", password=password)


def test_passwords_are_hashed_with_argon2(demo_env: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    run_demo(people=0)
    assert User.objects.get(username="caseworker").password.startswith("argon2")


def test_a_second_run_changes_nothing(loaded: str) -> None:
    before = (
        User.objects.count(),
        Person.objects.count(),
        Document.objects.count(),
        AuditEntry.objects.count(),
    )
    out = run_demo()
    assert "Nothing was changed" in out
    assert (
        User.objects.count(),
        Person.objects.count(),
        Document.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_a_database_with_any_user_is_left_alone(demo_env: Any) -> None:
    User.objects.create_user(username="someone", password="x" * 16)
    out = run_demo()
    assert "Nothing was changed" in out
    assert Person.objects.count() == 0 and User.objects.count() == 1


def test_refuses_outside_a_demo_deployment(demo_env: Any, settings: Any) -> None:
    settings.DEMO = False
    with pytest.raises(CommandError, match="HAVEN_DEMO=1"):
        run_demo()
    assert User.objects.count() == 0


def test_people_have_persian_script_aliases_and_approximate_births(loaded: str) -> None:
    people = list(Person.objects.all())
    assert len(people) == 60
    with_arab = [p for p in people if any(n["script"] == "Arab" for n in p.other_names)]
    assert len(with_arab) >= 0.8 * len(people)
    for person in with_arab:
        for alias in person.other_names:
            assert detect_script(alias["name"]) == alias["script"]
    assert any(n["script"] == "Latn" for p in people for n in p.other_names)
    assert {p.birth_precision for p in people} >= {"date", "year", "range"}
    assert {p.group_status for p in people} >= {"member", "former_member"}
    assert any(p.left_group_on for p in people)
    assert Person.objects.filter(caseworker__isnull=False).exists()


def test_document_states_are_varied(loaded: str) -> None:
    docs = list(Document.objects.all())
    statuses = Counter(d.status for d in docs)
    assert {"issued", "expired", "applied"} <= set(statuses)
    assert len(statuses) >= 5
    assert {d.kind for d in docs} >= {
        "identity_card",
        "passport",
        "residence_permit",
        "work_permit",
    }
    held = [d for d in docs if d.held_by_other]
    assert held and all(d.holder_detail for d in held)
    assert 0.03 <= len(held) / len(docs) <= 0.25


def test_shares_and_closed_records_go_through_the_services(
    demo_env: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, ENV_PASSWORD)
    run_demo(people=150)
    assert PersonShare.objects.exists()
    assert Person.objects.filter(status=Person.Status.CLOSED).exists()
    creates = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE)
    assert creates.filter(subject_type="person").count() == Person.objects.count()
    assert creates.filter(subject_type="document").count() == Document.objects.count()
    assert creates.filter(subject_type="person_share").count() == PersonShare.objects.count()
    # a supervisor finds caseworkers' shares waiting on "Shares to approve"
    from haven.people.models import ShareRequest

    pending = ShareRequest.objects.filter(state=ShareRequest.State.PENDING)
    assert pending.count() == 2
    assert creates.filter(subject_type="share_request").count() == pending.count()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CLOSE, subject_type="person"
    ).count() == (Person.objects.filter(status=Person.Status.CLOSED).count())


def test_the_audit_chain_verifies_after_the_demo(loaded: str) -> None:
    result = audit_verify()
    assert result.ok, result.reason
    assert result.checked >= Person.objects.count() + Document.objects.count()


def test_the_same_seed_gives_the_same_people() -> None:
    def draw(seed: int) -> list[dict[str, Any]]:
        maker = _Maker(Random(seed), dt.date(2026, 1, 15))
        return [maker.person_fields(None)[0] for _ in range(20)]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_no_real_data(loaded: str) -> None:
    for person in Person.objects.all():
        if person.phone:
            assert person.phone.startswith(FAKE_PHONE_PREFIX)
        if person.address:
            assert any(street in person.address for street in FAKE_STREETS)
        spellings = [person.full_name] + [n["name"] for n in person.other_names]
        assert not any(is_denied_name((s,), ("",)) for s in spellings)
    for doc in Document.objects.exclude(number=""):
        assert doc.number.startswith(FAKE_DOCUMENT_PREFIX)
    assert all(u.email.endswith(".example") for u in User.objects.all())


def test_the_real_name_guard_catches_every_spelling() -> None:
    assert is_denied_name(("Mahsa", "Mahssa"), ("Amini", "Aminy"))
    assert is_denied_name(("Narges",), ("Mohammadi",))
    assert is_denied_name(("Hasan", "Hassan"), ("Rouhani",))
    assert not is_denied_name(("Mahsa",), ("Karimi",))
    assert all(
        is_denied_name((n.split()[0],), (" ".join(n.split()[1:]),)) for n in REAL_NAMES_DENYLIST
    )

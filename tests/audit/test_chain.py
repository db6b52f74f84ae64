"""The audit chain detects altered, removed and reordered entries, and a cut tail."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from haven.audit.models import AppendOnlyError, AuditEntry
from haven.audit.services import audit_verify, chain_head


def _raw(sql: str, params: list | None = None) -> None:
    """Write the database as an attacker with full SQL access would."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL session_replication_role = replica")  # bypass the trigger
        cur.execute(sql, params or [])


@pytest.fixture
def chain(world, person_factory):
    for i in range(5):
        person_factory(given_name=f"Person{i}")
    entries = list(AuditEntry.objects.order_by("seq"))
    assert len(entries) == 5
    assert audit_verify().ok
    return entries


def test_intact_chain_verifies(chain, capsys):
    call_command("audit", "verify")
    assert "intact: 5 entries" in capsys.readouterr().out


def test_altered_entry_is_named(chain):
    _raw("UPDATE audit_auditentry SET actor_username = %s WHERE seq = 3", ["someone_else"])
    result = audit_verify()
    assert not result.ok and result.broken_seq == 3 and "altered" in result.reason
    with pytest.raises(CommandError, match="entry #3"):
        call_command("audit", "verify")


def test_altered_changes_detected(chain):
    _raw("UPDATE audit_auditentry SET changes = %s WHERE seq = 2", ['{"given_name": [null, "X"]}'])
    assert audit_verify().broken_seq == 2


def test_deleted_entry_detected(chain):
    _raw("DELETE FROM audit_auditentry WHERE seq = 2")
    result = audit_verify()
    assert not result.ok and result.broken_seq == 3 and "missing" in result.reason


def test_deleted_and_renumbered_detected(chain):
    _raw("DELETE FROM audit_auditentry WHERE seq = 2")
    for seq in (3, 4, 5):
        _raw("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [seq - 1, seq])
    result = audit_verify()
    assert not result.ok and result.broken_seq == 2


def test_reordered_entries_detected(chain):
    _raw("UPDATE audit_auditentry SET seq = 100 WHERE seq = 2")
    _raw("UPDATE audit_auditentry SET seq = 2 WHERE seq = 4")
    _raw("UPDATE audit_auditentry SET seq = 4 WHERE seq = 100")
    result = audit_verify()
    assert not result.ok and result.broken_seq == 2


def test_cut_tail_detected_by_kept_head(chain):
    head = chain_head()
    _raw("DELETE FROM audit_auditentry WHERE seq = 5")
    _raw("UPDATE audit_audithead SET seq = 4")  # the attacker also moves the tip
    assert audit_verify().ok  # consistent in itself...
    result = audit_verify(head=head)  # ...but not with the head kept elsewhere
    assert not result.ok and result.broken_seq == 5
    with pytest.raises(CommandError, match="#5"):
        call_command("audit", "verify", "--head", head)


def test_cut_tail_detected_without_head_when_tip_kept(chain):
    _raw("DELETE FROM audit_auditentry WHERE seq = 5")
    assert not audit_verify().ok


def test_rewritten_history_with_recomputed_macs_fails_without_key(chain, settings):
    """An attacker who recomputes the chain with a guessed key is caught by the real key."""
    from haven.audit.services import compute_mac

    settings.AUDIT_KEY = "attacker-guess"
    prev = "0" * 64
    for entry in AuditEntry.objects.order_by("seq"):
        entry.actor_username = "nobody" if entry.seq == 2 else entry.actor_username
        mac = compute_mac(prev, entry)
        _raw(
            "UPDATE audit_auditentry SET actor_username=%s, prev_mac=%s, mac=%s WHERE seq=%s",
            [entry.actor_username, prev, mac, entry.seq],
        )
        prev = mac
    settings.AUDIT_KEY = "test-audit-key"
    assert audit_verify().broken_seq == 1


def test_head_command_prints_seq_and_mac(chain, capsys):
    call_command("audit", "head")
    out = capsys.readouterr().out.strip()
    assert out.startswith("5:") and len(out.split(":")[1]) == 64
    call_command("audit", "verify", "--head", out)


def test_bad_head_is_an_error(chain):
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--head", "not-a-head")


def _short(head: str, n: int = 12) -> str:
    seq, mac = head.split(":")
    return f"{seq}:{mac[:n]}"


def _typo(head: str) -> str:
    seq, mac = head.split(":")
    return f"{seq}:{mac[:10]}{'0' if mac[10] != '0' else '1'}{mac[11:]}"


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_short, "has 12 characters, not 64"),  # the MAC the audit page shows
        (lambda h: h.split(":")[1], "is not a chain head"),  # the MAC without its number
        (lambda h: h.replace(":", ";"), "is not a chain head"),
        (lambda h: h[:-1] + "g", "is not a chain head"),  # not hexadecimal
        (lambda h: h + "0", "has 65 characters"),
        (_typo, "differs from entry #5's MAC in 1 character"),  # one character mistyped
    ],
)
def test_a_head_that_cannot_be_checked_is_its_own_error(chain, make, says):
    """Not "history was rewritten": the head given is unusable, exit code 3."""
    head = make(chain_head())
    result = audit_verify(head=head)
    assert not result.ok and result.bad_head and says in result.reason
    assert "history was rewritten" not in result.reason
    with pytest.raises(CommandError, match="cannot check the head") as caught:
        call_command("audit", "verify", "--head", head)
    assert caught.value.returncode == 3


def test_a_rewritten_history_is_still_told_apart_from_a_typo(chain):
    """A head kept before history was rewritten has an unrelated MAC: exit code 1."""
    seq, mac = chain_head().split(":")
    other = "".join("0123456789abcdef"[(int(c, 16) + 7) % 16] for c in mac)
    result = audit_verify(head=f"{seq}:{other}")
    assert not result.ok and not result.bad_head and "rewritten" in result.reason
    with pytest.raises(CommandError, match="rewritten") as caught:
        call_command("audit", "verify", "--head", f"{seq}:{other}")
    assert caught.value.returncode == 1


def test_a_head_is_read_whatever_its_case_and_spaces(chain):
    assert audit_verify(head=f"  {chain_head().upper()}\n").ok


def test_orm_refuses_change_and_delete(chain):
    entry = chain[0]
    entry.note = "x"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL trigger")
def test_postgres_refuses_update_and_delete(chain):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET note = 'x' WHERE seq = 1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE seq = 1")

"""Values kept in audit entries are sealed: the MAC covers a salted digest of each value,
so erasure can remove a person's values and the chain still verifies, while any other
change to a value, a digest or a nonce still breaks it."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection, transaction

from haven.audit.models import AuditEntry
from haven.audit.services import audit_erase_values, audit_verify


def _raw(sql: str, params: list | None = None) -> None:
    """Write the database as an attacker with full SQL access would."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL session_replication_role = replica")  # bypass the trigger
        cur.execute(sql, params or [])


@pytest.fixture
def entry(world, person_factory):
    person_factory(given_name="Sealed", family_name="Person", address="1 Secret Road")
    made = AuditEntry.objects.get(subject_type="person", action="create")
    assert audit_verify().ok
    return made


def test_kept_values_are_sealed_and_secrets_are_not_kept(entry):
    assert entry.changes["given_name"]["new"] == "Sealed"
    assert set(entry.sealed["given_name"]) == {"nonce", "digest"}
    assert entry.changes["address"] == {"class": "whereabouts"}
    assert "address" not in entry.sealed
    assert "1 Secret Road" not in json.dumps([entry.changes, entry.sealed])


def test_an_altered_value_breaks_the_chain(entry):
    changes = dict(entry.changes, given_name={"class": "identity", "old": None, "new": "Other"})
    _raw(
        "UPDATE audit_auditentry SET changes = %s WHERE seq = %s", [json.dumps(changes), entry.seq]
    )
    result = audit_verify()
    assert not result.ok and result.broken_seq == entry.seq and "altered" in result.reason


@pytest.mark.parametrize("part", ["digest", "nonce"])
def test_an_altered_seal_breaks_the_chain(entry, part):
    sealed = dict(entry.sealed)
    sealed["given_name"] = dict(sealed["given_name"], **{part: "0" * 32})
    _raw("UPDATE audit_auditentry SET sealed = %s WHERE seq = %s", [json.dumps(sealed), entry.seq])
    assert audit_verify().broken_seq == entry.seq


def test_a_dropped_nonce_with_the_value_kept_breaks_the_chain(entry):
    sealed = dict(entry.sealed, given_name={"digest": entry.sealed["given_name"]["digest"]})
    _raw("UPDATE audit_auditentry SET sealed = %s WHERE seq = %s", [json.dumps(sealed), entry.seq])
    assert audit_verify().broken_seq == entry.seq


def test_erased_values_leave_a_verifiable_chain(entry):
    assert audit_erase_values(AuditEntry.objects.filter(pk=entry.pk)) == 1
    erased = AuditEntry.objects.get(pk=entry.pk)
    assert erased.changes["given_name"] == {"class": "identity", "erased": True}
    assert "nonce" not in erased.sealed["given_name"]
    assert (erased.mac, erased.seq, erased.action) == (entry.mac, entry.seq, entry.action)
    assert "Sealed" not in json.dumps([erased.changes, erased.sealed])
    assert audit_verify().ok
    assert audit_erase_values(AuditEntry.objects.filter(pk=entry.pk)) == 0  # once


def test_an_erased_value_put_back_breaks_the_chain(entry):
    audit_erase_values(AuditEntry.objects.filter(pk=entry.pk))
    erased = AuditEntry.objects.get(pk=entry.pk)
    changes = dict(erased.changes, given_name={"class": "identity", "erased": True, "new": "X"})
    _raw(
        "UPDATE audit_auditentry SET changes = %s WHERE seq = %s", [json.dumps(changes), entry.seq]
    )
    assert audit_verify().broken_seq == entry.seq


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL trigger")
def test_the_guard_lets_only_erasure_through(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET changes = '{}' WHERE seq = %s", [entry.seq])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL haven.audit_erasure = 'on'")
        cur.execute("UPDATE audit_auditentry SET note = 'x' WHERE seq = %s", [entry.seq])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL haven.audit_erasure = 'on'")
        cur.execute("DELETE FROM audit_auditentry WHERE seq = %s", [entry.seq])
    assert audit_erase_values(AuditEntry.objects.filter(pk=entry.pk)) == 1
    assert audit_verify().ok

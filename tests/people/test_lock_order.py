"""Concurrent writes to one person never deadlock on the audit chain's head (PostgreSQL).

The soak found it: a PATCH of a person (``person_update`` locks the person, then the
head) against a write that inserts a row pointing at that person (a document) and takes
the head in ``audit_log``; Django's foreign keys are checked at COMMIT, so that check
asked for a key-share lock on the person after the head was held: head -> person
against person -> head. SQLite serialises writers, so this runs on PostgreSQL only.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import OperationalError, connection, connections

from haven.audit.services import audit_verify
from haven.people import selectors, services
from haven.people.models import Person

ROUNDS = 25

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: no lock order to test"
)


def _run(n: int, target: Any, errors: list[BaseException]) -> threading.Thread:
    def body() -> None:
        try:
            target()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    return threading.Thread(target=body, name=f"writer-{n}")


@pytest.mark.django_db(transaction=True)
def test_edit_and_document_and_read_of_one_person_do_not_deadlock(world: Any) -> None:
    person = services.person_create(
        actor=world.caseworker, fields={"given_name": "Nasrin", "family_name": "Rezaei"}
    )
    barrier = threading.Barrier(3, timeout=30)
    errors: list[BaseException] = []

    def edit() -> None:
        for i in range(ROUNDS):
            barrier.wait()
            fresh = Person.objects.get(pk=person.pk)
            services.person_update(
                actor=world.caseworker, person=fresh, fields={"place_of_origin": f"Soak {i}"}
            )

    def document() -> None:
        for i in range(ROUNDS):
            barrier.wait()
            fresh = Person.objects.get(pk=person.pk)
            services.document_create(
                actor=world.caseworker,
                person=fresh,
                fields={"kind": "passport", "status": "issued", "number": f"P{i:05d}"},
            )

    def read() -> None:
        for _ in range(ROUNDS):
            barrier.wait()
            fresh = selectors.person_get(user=world.caseworker, person_id=person.pk)
            selectors.person_read(user=world.caseworker, person=fresh)

    threads = [_run(n, t, errors) for n, t in enumerate((edit, document, read))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    deadlocks = [e for e in errors if isinstance(e, OperationalError)]
    assert not deadlocks, deadlocks[0]
    assert not errors, errors[0]
    assert Person.objects.get(pk=person.pk).place_of_origin == f"Soak {ROUNDS - 1}"
    assert person.documents.count() == ROUNDS
    assert audit_verify().ok

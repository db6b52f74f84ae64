"""A child process for the drills: ``python -m tests.maintenance.worker VERB ...`` with
DATABASE_URL and the secrets in its environment. It prints one line per acknowledged
(committed) step, flushed at once, so the parent knows what it was told before a kill."""

from __future__ import annotations

import json
import os
import random
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from haven.accounts.models import Agency, User  # noqa: E402
from haven.accounts.roles import Role  # noqa: E402
from haven.audit.models import AuditEntry  # noqa: E402
from haven.audit.services import audit_verify  # noqa: E402
from haven.people.models import Document, Person  # noqa: E402
from haven.people.services import document_create, person_create  # noqa: E402

GIVEN = ["Nasrin", "Hossein", "Leyla", "Arben", "Drita", "Parisa", "Kamran", "Elira"]
FAMILY = ["Rezaei", "Karimi", "Hoxha", "Krasniqi", "Tehrani", "Shala", "Moradi"]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def caseworker() -> User:
    user = User.objects.filter(username="drill_caseworker").first()
    if user is None:
        agency, _ = Agency.objects.get_or_create(name="Drill Shelter", kind=Agency.Kind.NGO)
        user = User(username="drill_caseworker", role=Role.CASEWORKER, agency=agency)
        user.set_unusable_password()
        user.save()
    return user


def person_fields(rng: random.Random, i: int) -> dict[str, object]:
    return {
        "given_name": rng.choice(GIVEN),
        "family_name": rng.choice(FAMILY),
        "address": f"{i} Drill Street",
        "phone": f"+000 555 {i:04d}",
        "current_site": f"Drill house {i % 7}",
        "birth_precision": "year",
        "birth_year": rng.randint(1950, 2010),
    }


def seed(n: int) -> None:
    actor, rng = caseworker(), random.Random(n)
    for i in range(n):
        p = person_create(actor=actor, fields=person_fields(rng, i))
        document_create(
            actor=actor,
            person=p,
            fields={"kind": "passport", "status": "applied", "number": f"X{i:06d}"},
        )
    say(f"seeded {n}")


def write(seed_value: int) -> None:
    """Register a person and a document in one transaction, over and over; print the
    ids once committed."""
    actor, rng = caseworker(), random.Random(seed_value)
    say("ready")
    i = 0
    while True:
        i += 1
        with transaction.atomic():
            p = person_create(actor=actor, fields=person_fields(rng, i))
            d = document_create(
                actor=actor,
                person=p,
                fields={"kind": "passport", "status": "applied", "number": f"D{seed_value}-{i}"},
            )
        say(f"ack {p.pk} {d.pk}")


def rotate(batch: int) -> None:
    from haven.maintenance.keys import keys_rotate

    keys_rotate(batch_size=batch, on_batch=lambda label, n: say(f"batch {label} {n}"))
    say("rotated")


def status() -> None:
    from haven.maintenance.keys import keys_status

    readable = all(
        p.address is not None and p.phone is not None and p.current_site is not None
        for p in Person.objects.all()
    ) and all(d.number is not None for d in Document.objects.all())
    say(
        json.dumps(
            {
                "columns": [s.__dict__ for s in keys_status()],
                "readable": readable,
                "addresses": sorted(p.address for p in Person.objects.all()),
            }
        )
    )


def check() -> None:
    """What the crash drill asserts, read from the database after the kills."""
    people = {str(pk) for pk in Person.objects.values_list("pk", flat=True)}
    audited = set(
        AuditEntry.objects.filter(subject_type="person", action="create").values_list(
            "subject_id", flat=True
        )
    )
    docs = {str(pk): str(pid) for pk, pid in Document.objects.values_list("pk", "person_id")}
    audited_docs = set(
        AuditEntry.objects.filter(subject_type="document", action="create").values_list(
            "subject_id", flat=True
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM people_document d LEFT JOIN people_person p "
            "ON p.id = d.person_id WHERE p.id IS NULL"
        )
        orphans = cursor.fetchone()[0]
    result = audit_verify()
    say(
        json.dumps(
            {
                "people": sorted(people),
                "documents": docs,
                "people_without_audit": sorted(people - audited),
                "audit_without_person": sorted(audited - people),
                "documents_without_audit": sorted(set(docs) - audited_docs),
                "people_without_document": sorted(people - set(docs.values())),
                "orphan_documents": orphans,
                "chain_ok": result.ok,
                "chain_reason": result.reason,
                "entries": result.checked,
            }
        )
    )


if __name__ == "__main__":
    verb, *args = sys.argv[1:]
    {
        "seed": lambda: seed(int(args[0])),
        "write": lambda: write(int(args[0])),
        "rotate": lambda: rotate(int(args[0])),
        "status": status,
        "check": check,
    }[verb]()

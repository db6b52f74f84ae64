from django.db import connection

from haven.people.services import document_create


def test_whereabouts_and_document_numbers_are_not_readable_in_raw_rows(world, person_factory):
    person = person_factory(
        address="Rruga e Kalasë 12", phone="+355690001234", current_site="Safe house 2"
    )
    document_create(
        actor=world.caseworker,
        person=person,
        fields={"kind": "passport", "status": "issued", "number": "K9988776"},
    )
    with connection.cursor() as cur:
        cur.execute(
            "SELECT address, phone FROM people_person WHERE id = %s",
            [person.pk.hex if connection.vendor == "sqlite" else person.pk],
        )
        address, phone = cur.fetchone()
        cur.execute("SELECT number FROM people_document")
        (number,) = cur.fetchone()
    assert "Kalas" not in address and "0001234" not in phone and "K9988776" not in number
    assert address.startswith("gAAAA")  # a Fernet token
    person.refresh_from_db()
    assert person.address == "Rruga e Kalasë 12"


def test_key_rotation_reads_old_rows(world, person_factory, settings):
    from cryptography.fernet import Fernet

    person = person_factory(phone="+355690009999")
    settings.FIELD_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_KEYS]
    person.refresh_from_db()
    assert person.phone == "+355690009999"


def test_lists_never_read_or_decrypt_the_encrypted_fields(world, person_factory):
    """The register's list (API and page) shows identity only: its rows are fetched
    without the encrypted fields, so nothing decrypts them for a list."""
    from haven.people.fieldclasses import SECRET_FIELDS
    from haven.people.selectors import person_list

    person_factory(address="Rruga e Kalasë 12", current_site="Safe house 2")
    person_factory(given_name="Arben", family_name="Hoxha", phone="+355690001234")
    for filters in ({}, {"search": "Hoxha"}):
        rows = list(person_list(user=world.caseworker, filters=filters))
        assert rows and all(row.get_deferred_fields() >= SECRET_FIELDS for row in rows)

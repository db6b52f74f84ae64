"""Encrypt the current sites stored in clear before 0003 (they name safe houses)."""

from django.db import migrations

TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts so


def _rewrite(apps, schema_editor, convert, wanted) -> None:
    Person = apps.get_model("people", "Person")
    table = schema_editor.quote_name(Person._meta.db_table)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, current_site FROM {table} WHERE current_site <> ''")  # noqa: S608
        rows = [(pk, value) for pk, value in cursor.fetchall() if wanted(value)]
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {table} SET current_site = %s WHERE id = %s",  # noqa: S608
                [convert(value), pk],
            )


def encrypt_sites(apps, schema_editor) -> None:
    from haven.crypto import encrypt

    _rewrite(apps, schema_editor, encrypt, lambda v: not v.startswith(TOKEN_PREFIX))


def decrypt_sites(apps, schema_editor) -> None:
    from haven.crypto import decrypt

    _rewrite(apps, schema_editor, decrypt, lambda v: v.startswith(TOKEN_PREFIX))


class Migration(migrations.Migration):
    dependencies = [("people", "0003_current_site_encrypted")]

    operations = [migrations.RunPython(encrypt_sites, decrypt_sites)]

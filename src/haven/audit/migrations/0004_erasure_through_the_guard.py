"""On PostgreSQL, the append-only guard lets one kind of UPDATE through: erasure of a
person's kept values (``haven.audit.services.audit_erase_values``), which sets
``haven.audit_erasure`` for its transaction and changes ``changes`` and ``sealed`` only.
Every other column must stay as it was; DELETE stays refused. The chain still verifies
after erasure because the MAC covers each value's digest, not the value.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION haven_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('haven.audit_erasure', true) = 'on'
       AND NEW.id = OLD.id AND NEW.seq = OLD.seq AND NEW.at = OLD.at
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.actor_username = OLD.actor_username AND NEW.role = OLD.role
       AND NEW.agency = OLD.agency AND NEW.action = OLD.action
       AND NEW.subject_type = OLD.subject_type AND NEW.subject_id = OLD.subject_id
       AND NEW.classes = OLD.classes AND NEW.fields = OLD.fields AND NEW.note = OLD.note
       AND NEW.prev_mac = OLD.prev_mac AND NEW.mac = OLD.mac THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""

REVERSE = """
CREATE OR REPLACE FUNCTION haven_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_sealed_values_erasure")]
    operations = [migrations.RunPython(forward, reverse)]

"""Indexes for a register of a million people, on PostgreSQL (SQLite, the embedded
default, keeps its small-register plan).

- ``people_person_search_trgm``: a trigram GIN index on ``search_text`` (pg_trgm), which
  serves the register search's prefix tests (``LIKE 'x%'`` and ``LIKE '% x%'``) and
  their counts without reading the table.
- ``people_person_list_order``: the lists' order (family name, given name, id) with the
  columns the scope and the common filters read INCLUDEd, so that a page, a capped
  count and a deep page's ids come from an index-only scan (haven.paging).

Built CONCURRENTLY, so that migrating a live register does not lock it.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS people_person_search_trgm "
    "ON people_person USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS people_person_list_order "
    "ON people_person (family_name, given_name, id) "
    "INCLUDE (agency_id, caseworker_id, status, group_status, merged_into_id)",
]
REVERSE = [
    "DROP INDEX CONCURRENTLY IF EXISTS people_person_list_order",
    "DROP INDEX CONCURRENTLY IF EXISTS people_person_search_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("people", "0005_field_limits")]
    operations = [migrations.RunPython(forward, reverse)]

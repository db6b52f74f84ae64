"""Field-key rotation: re-encrypt every encrypted field under the first key.

``HAVEN_FIELD_KEYS`` lists Fernet keys; the first encrypts and all decrypt (MultiFernet),
so the old keys keep every value readable while ``keys_rotate`` works through the
columns in primary-key order, one batch per transaction. Each batch rewrites only the
values not yet under the first key, with a compare-and-swap (a value the application
changed meanwhile was written under the first key already and is left alone), records
its progress in the same transaction, and is audited (column names and counts, never a
value). A killed run resumes after its last committed batch. ``keys_status`` says how
many values each column still holds under an old key: when every count is 0, the old
keys may leave ``HAVEN_FIELD_KEYS`` (keep them with any backup made before).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from haven.audit.services import audit_log
from haven.crypto import EncryptedTextField, cipher
from haven.maintenance.models import KeyRotationProgress

DEFAULT_BATCH = 500


@dataclass(frozen=True)
class Column:
    model: type[models.Model]
    field: str

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def column(self) -> str:
        return self.model._meta.get_field(self.field).column  # type: ignore[union-attr]

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field}"


@dataclass
class ColumnStatus:
    label: str
    values: int = 0
    under_first_key: int = 0
    under_old_keys: int = 0
    unreadable: int = 0


def encrypted_columns() -> list[Column]:
    """Every EncryptedTextField of every installed model: a module's new encrypted
    field is rotated without being listed anywhere."""
    out = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedTextField):
                out.append(Column(model, f.name))
    return sorted(out, key=lambda c: c.label)


def key_id(key: str | None = None) -> str:
    key = key or settings.FIELD_KEYS[0]
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _first() -> Fernet:
    return Fernet(settings.FIELD_KEYS[0].encode())


def _under_first(first: Fernet, token: str) -> bool:
    try:
        first.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def _raw_rows(column: Column, after: str, limit: int) -> list[tuple[object, str]]:
    """(pk, token) in pk order after ``after``: the stored text, not decrypted."""
    qs = column.model._default_manager.all()
    if after:
        qs = qs.filter(pk__gt=after)
    rows = (
        qs.exclude(**{column.field: ""})
        .exclude(**{f"{column.field}__isnull": True})
        .annotate(raw=Cast(column.field, models.TextField()))
        .order_by("pk")
        .values_list("pk", "raw")[:limit]
    )
    return list(rows)


def _swap(column: Column, pk: object, old: str, new: str) -> int:
    pk_field = column.model._meta.pk
    assert pk_field is not None
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q(column.table)} SET {q(column.column)} = %s "  # noqa: S608 -- names from the models
            f"WHERE {q(pk_field.column)} = %s AND {q(column.column)} = %s",
            [new, pk_field.get_db_prep_value(pk, connection), old],
        )
        return cursor.rowcount


def _batches(column: Column, progress: KeyRotationProgress, size: int) -> Iterator[int]:
    """Rotate one batch per transaction; yield how many values each rewrote."""
    first, multi = _first(), cipher()
    while True:
        with transaction.atomic():
            rows = _raw_rows(column, progress.last_pk, size)
            if not rows:
                progress.done = True
                progress.updated_at = timezone.now()
                progress.save()
                return
            rotated = 0
            for pk, token in rows:
                if not _under_first(first, token):
                    rotated += _swap(column, pk, token, multi.rotate(token.encode()).decode())
            progress.last_pk = str(rows[-1][0])
            progress.rotated += rotated
            progress.updated_at = timezone.now()
            progress.save()
            if rotated:
                audit_log(
                    actor=None,
                    action="change",
                    subject_type="field_keys",
                    subject_id=key_id(),
                    fields=[column.label],
                    note=f"re-encrypted {rotated} value(s) of {column.label} under the first key",
                )
        yield rotated


def keys_rotate(
    *,
    batch_size: int = DEFAULT_BATCH,
    now: dt.datetime | None = None,
    on_batch: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Re-encrypt every encrypted value under the first key; resumes where a previous
    run for the same first key stopped. Returns values rewritten per column."""
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    kid = key_id()
    out: dict[str, int] = {}
    for column in encrypted_columns():
        progress, _ = KeyRotationProgress.objects.get_or_create(
            key_id=kid,
            table=column.table,
            column=column.column,
            defaults={"updated_at": now or timezone.now()},
        )
        if progress.done:
            # finished earlier; a value written since is under the first key already
            out[column.label] = 0
            continue
        total = 0
        for rotated in _batches(column, progress, batch_size):
            total += rotated
            if on_batch is not None:
                on_batch(column.label, rotated)
        out[column.label] = total
    # finished: the next run (after the next new key, or for stragglers) starts afresh
    KeyRotationProgress.objects.filter(key_id=kid).delete()
    audit_log(
        actor=None,
        action="change",
        subject_type="field_keys",
        subject_id=kid,
        note="field-key rotation finished: every encrypted value is under the first key",
        at=now,
    )
    return out


def keys_status() -> list[ColumnStatus]:
    """For each encrypted column: values under the first key, under an old one, and
    under none of the configured keys (a key was removed too early)."""
    first, multi = _first(), cipher()
    out = []
    for column in encrypted_columns():
        status = ColumnStatus(column.label)
        after = ""
        while rows := _raw_rows(column, after, 2000):
            for _pk, token in rows:
                status.values += 1
                if _under_first(first, token):
                    status.under_first_key += 1
                    continue
                try:
                    multi.decrypt(token.encode())
                    status.under_old_keys += 1
                except InvalidToken:
                    status.unreadable += 1
            after = str(rows[-1][0])
        out.append(status)
    return out

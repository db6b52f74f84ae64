from __future__ import annotations

from django.db import models


class KeyRotationProgress(models.Model):
    """How far ``haven keys rotate`` got through one encrypted column, for one new key:
    updated in the same transaction as each batch, so a killed run resumes after the
    last batch it committed."""

    key_id = models.CharField(max_length=16)  # first 16 hex of SHA-256 of the new key
    table = models.CharField(max_length=100)
    column = models.CharField(max_length=100)
    last_pk = models.CharField(max_length=64, blank=True)
    rotated = models.BigIntegerField(default=0)
    done = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key_id", "table", "column"], name="one_progress_per_key_and_column"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table}.{self.column} under {self.key_id}: {self.rotated}"

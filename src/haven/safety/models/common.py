"""What every safety record shares: limits and the validator helper."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator

NARRATIVE_MAX = 10000
NOTE_MAX = 5000
SHORT_MAX = 300
REFERENCE_MAX = 100


def limit(n: int) -> dict[str, Any]:
    """``max_length`` for forms and serializers, and its validator (text fields do not
    enforce ``max_length`` themselves)."""
    return {"max_length": n, "validators": [MaxLengthValidator(n)]}


class Errors(dict[str, list[str]]):
    def add(self, name: str, message: Any) -> None:
        self.setdefault(name, []).append(str(message))

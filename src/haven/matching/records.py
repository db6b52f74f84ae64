"""The engine's value types: frozen dataclasses in, ranked results out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Record:
    """One person as the engine sees them; every field is optional except ``id``.

    A birth year of 1300-1404 (``birth_year``, ``birth_year_max`` or the year of
    ``birth_date``) is read as Solar Hijri; ``birth_text`` is a date or year as
    written on a document (``1365/02/31``, ``۱۳۶۵``, ``1986/05/21``), used when the
    fields above are empty (see ``dates.parse``)."""

    id: str
    given_name: str = ""
    family_name: str = ""
    other_names: tuple[str, ...] = ()
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    birth_year_max: int | None = None
    place_of_origin: str = ""
    identifiers: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    birth_text: str = ""


@dataclass(frozen=True, slots=True)
class FieldExplanation:
    """What one field contributed to a score.

    ``detail`` is a short technical line; ``similarity`` (names: how alike the two
    names are, 1.0 only for the same spelling), ``values`` (the two values compared, the
    query's first) and ``frequency`` (names: "rare" or "common" when the name's
    frequency moved the weight) let a caller put the explanation in its users' words."""

    field: str
    outcome: str
    weight: float
    detail: str
    similarity: float | None = None
    values: tuple[str, str] = ("", "")
    frequency: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A register record found for a query."""

    record_id: str
    probability: float
    weight: float
    explanation: tuple[FieldExplanation, ...]


@dataclass(frozen=True, slots=True)
class MatchPair:
    """Two records judged by the batch modes."""

    left_id: str
    right_id: str
    probability: float
    weight: float
    explanation: tuple[FieldExplanation, ...]

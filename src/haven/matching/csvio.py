"""CSV input and output for ``haven link`` (stdlib csv only).

Input columns: ``id,given_name,family_name,other_names,sex,birth_date,
birth_year,place_of_origin`` (any order, any may be empty except ``id``;
``birth_year_max`` is accepted too).  Dates and years may be written in Persian
or Arabic-Indic digits and in the Solar Hijri calendar (a year of 1300-1404, a
date such as ``1365/02/31``); such a value is kept as given (``Record.birth_text``)
and understood by the engine (``dates.parse``).  Bad rows are reported with their
line number and skipped -- never guessed."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from .dates import ascii_digits, is_sh_year
from .dates import parse as parse_birth
from .explain import why
from .records import Candidate, Record

COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_date",
    "birth_year",
    "place_of_origin",
)
OPTIONAL_COLUMNS = ("birth_year_max",)
RESULT_COLUMNS = ("query_id", "candidate_id", "rank", "probability", "why")

_SEX = {
    "female": "female",
    "f": "female",
    "male": "male",
    "m": "male",
    "other": "other",
    "o": "other",
    "unknown": "unknown",
    "u": "unknown",
    "": "",
}
_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:[-–/]|\.\.)\s*(\d{4})\s*$")
MIN_YEAR, MAX_YEAR = 1850, 2100
_DATE_HELP = "a date (YYYY-MM-DD, or Solar Hijri such as 1365/02/31)"


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str


class _BadRow(ValueError):
    pass


def _year(text: str, what: str) -> int:
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise _BadRow(f"{what} {text!r} is not a year between {MIN_YEAR} and {MAX_YEAR}")
    return int(text)


def _record(row: dict[str, str]) -> Record:
    def get(key: str) -> str:
        return (row.get(key) or "").strip()

    rid = get("id")
    if not rid:
        raise _BadRow("id is missing")
    sex_raw = get("sex")
    sex = _SEX.get(sex_raw.lower())
    if sex is None:
        raise _BadRow(f"sex {sex_raw!r} is not one of female, male, other, unknown (or f/m/o/u)")
    birth_date = None
    birth_text = ""
    raw_date = get("birth_date")
    if raw_date:
        try:
            birth_date = datetime.date.fromisoformat(raw_date)
        except ValueError:
            if parse_birth(raw_date) is None:
                raise _BadRow(f"birth_date {raw_date!r} is not {_DATE_HELP}") from None
            birth_text = raw_date  # kept as given: another calendar or digits
    year: int | None = None
    year_max: int | None = None
    text, text_max = get("birth_year"), get("birth_year_max")
    if text and (ascii_digits(text) != text or _is_sh_text(ascii_digits(text))):
        # in Persian digits or the Solar Hijri calendar: kept as given
        given = f"{text}-{text_max}" if text_max else text
        parsed = parse_birth(given)
        if parsed is None or parsed.date is not None:
            raise _BadRow(f"birth_year {given!r} is not a year (or a Solar Hijri year)")
        if birth_text or birth_date is not None:
            raise _BadRow("give birth_year or birth_date, not both, in another calendar or digits")
        birth_text, text, text_max = given, "", ""
    if text:
        m = _YEAR_RANGE.match(text)
        if m:
            year, year_max = _year(m.group(1), "birth_year"), _year(m.group(2), "birth_year")
            if year_max < year:
                raise _BadRow(f"birth_year range {text!r} ends before it starts")
        else:
            year = _year(text, "birth_year")
    if text_max:
        if year is None:
            raise _BadRow("birth_year_max given without birth_year")
        year_max = _year(text_max, "birth_year_max")
        if year_max < year:
            raise _BadRow("birth_year_max is before birth_year")
    if year_max == year:
        year_max = None
    known = birth_date.year if birth_date is not None else None
    if birth_text and year is not None:
        parsed = parse_birth(birth_text)
        known = parsed.lo if parsed is not None else None
    if known is not None and year is not None:
        if not year <= known <= (year_max or year):
            raise _BadRow("birth_date and birth_year disagree")
        year = year_max = None
    others = tuple(n.strip() for n in get("other_names").split("|") if n.strip())
    return Record(
        id=rid,
        given_name=get("given_name"),
        family_name=get("family_name"),
        other_names=others,
        sex=sex,
        birth_date=birth_date,
        birth_year=year,
        birth_year_max=year_max,
        place_of_origin=get("place_of_origin"),
        birth_text=birth_text,
    )


def _is_sh_text(text: str) -> bool:
    """A Solar Hijri year or range (1300-1404), in ASCII digits."""
    m = _YEAR_RANGE.match(text)
    first = m.group(1) if m else text.strip()
    return first.isdigit() and is_sh_year(int(first))


def read_records(
    source: str | os.PathLike[str] | IO[str],
) -> tuple[list[Record], list[RowError]]:
    """Records from a CSV file or open text file, and the rows that were refused."""
    if isinstance(source, str | os.PathLike):
        with open(source, newline="", encoding="utf-8-sig") as fh:
            return _read(fh)
    return _read(source)


def _read(fh: IO[str]) -> tuple[list[Record], list[RowError]]:
    reader = csv.DictReader(fh)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL_COLUMNS]
    if not header or "id" not in header or unknown:
        what = f"unknown column(s) {', '.join(unknown)}" if unknown else "no id column"
        return [], [RowError(1, f"bad header ({what}); expected {','.join(COLUMNS)}")]
    reader.fieldnames = header
    records: list[Record] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if None in row:
            errors.append(RowError(start, "more cells than columns"))
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        try:
            rec = _record(row)
        except _BadRow as exc:
            errors.append(RowError(start, str(exc)))
            continue
        if rec.id in seen:
            errors.append(RowError(start, f"duplicate id {rec.id!r}"))
            continue
        seen.add(rec.id)
        records.append(rec)
    return records, errors


def write_results(
    target: str | os.PathLike[str] | IO[str],
    rows: Iterable[tuple[str, Sequence[Candidate]]],
) -> int:
    """Write ``query_id,candidate_id,rank,probability,why`` for each query's
    ranked candidates; returns the number of lines written (without header)."""
    if isinstance(target, str | os.PathLike):
        with open(target, "w", newline="", encoding="utf-8") as fh:
            return _write(fh, rows)
    return _write(target, rows)


def _write(fh: IO[str], rows: Iterable[tuple[str, Sequence[Candidate]]]) -> int:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(RESULT_COLUMNS)
    n = 0
    for query_id, candidates in rows:
        for rank, c in enumerate(candidates, start=1):
            writer.writerow(
                [query_id, c.record_id, rank, f"{c.probability:.4f}", why(c.explanation)]
            )
            n += 1
    return n


def records_to_csv(records: Iterable[Record]) -> str:
    """The CSV text of records (for tests and exports)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS + OPTIONAL_COLUMNS)
    for r in records:
        w.writerow(
            [
                r.id,
                r.given_name,
                r.family_name,
                "|".join(r.other_names),
                r.sex,
                r.birth_date.isoformat() if r.birth_date else r.birth_text,
                r.birth_year or "",
                r.place_of_origin,
                r.birth_year_max or "",
            ]
        )
    return buf.getvalue()

"""Dates of birth however they were written: the Solar Hijri calendar of Iranian
and Afghan documents (years 1300-1404), Persian and Arabic-Indic digits, and
Gregorian dates, years and ranges.

A Solar Hijri year runs from Nowruz (20 or 21 March) to the next, so it spans two
Gregorian years: 1365 is 21 March 1986 - 20 March 1987, compared as the range
1986-1987.  A Solar Hijri date is one Gregorian day.  The conversion is the
arithmetic of the jalaali calendar (Borkowski's 33-year cycles with the break
years of the astronomical calendar), exact over these years.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

SH_MIN, SH_MAX = 1300, 1404  # Solar Hijri years read as such (Gregorian 1921-2026)
GREGORIAN_MIN, GREGORIAN_MAX = 1850, 2100

_DIGITS = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789"
)  # Persian, then Arabic-Indic
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
           2324, 2394, 2456, 3178)  # fmt: skip


def _div(a: int, b: int) -> int:
    return int(a / b)  # truncated, as the published algorithm


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def _jal_cal(jy: int) -> tuple[int, int, int]:
    """(leap, Gregorian year of Nowruz, March day of Nowruz) of a Solar Hijri year;
    ``leap`` is 0 in a leap year."""
    gy = jy + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        jp = jm
    n = jy - jp
    leap_j += _div(n, 33) * 8 + _div(_mod(n, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - n == 4:
        leap_j += 1
    leap_g = _div(gy, 4) - _div((_div(gy, 100) + 1) * 3, 4) - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + _div(jump + 4, 33) * 33
    leap = _mod(_mod(n + 1, 33) - 1, 4)
    return (4 if leap == -1 else leap), gy, march


def is_sh_leap(year: int) -> bool:
    return _jal_cal(year)[0] == 0


def sh_month_days(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_sh_leap(year) else 29


def sh_to_gregorian(year: int, month: int, day: int) -> datetime.date:
    """The Gregorian date of a Solar Hijri date; ValueError if there is no such day."""
    if not 1 <= month <= 12 or not 1 <= day <= sh_month_days(year, month):
        raise ValueError(f"no Solar Hijri date {year}/{month}/{day}")
    _, gy, march = _jal_cal(year)
    offset = (month - 1) * 31 - (month // 7) * (month - 7) + day - 1
    return datetime.date(gy, 3, march) + datetime.timedelta(days=offset)


def is_sh_year(year: int) -> bool:
    return SH_MIN <= year <= SH_MAX


class Parsed(NamedTuple):
    """A birth as understood: Gregorian years ``lo``..``hi`` and, when the day is
    known, the Gregorian ``date``; ``solar_hijri`` when it was given in that calendar."""

    lo: int
    hi: int
    date: datetime.date | None
    solar_hijri: bool


_SH_MARK = re.compile(r"\s*(?:sh|s\.h\.|ap|ه\s*\.?\s*ش\.?|هـ\s*\.?\s*ش\.?|ش|شمسی)\s*$", re.I)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|/|\.\.)\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def year_range(lo: int, hi: int | None = None) -> tuple[int, int] | None:
    """Gregorian years of a year or range as given (a Solar Hijri year spans two);
    None when it is neither a plausible Gregorian nor a Solar Hijri year."""
    hi = lo if hi is None else max(hi, lo)
    if is_sh_year(lo) and is_sh_year(hi):
        return lo + 621, hi + 622
    if lo >= GREGORIAN_MIN and hi <= GREGORIAN_MAX:
        return lo, hi
    return None


def parse(text: str) -> Parsed | None:
    """A year (``1365``, ``1986``), a range (``1363-1367``) or a date
    (``1365/02/31``, ``۱۳۶۵-۰۲-۳۱``, ``1986/05/21``), year first, in any digits;
    a year of 1300-1404 is Solar Hijri.  None when it is none of these, or no such day."""
    t = ascii_digits(text).strip().replace("\u200f", "").replace("\u200e", "")
    marked = bool(_SH_MARK.search(t)) and not t.isdigit()
    t = _SH_MARK.sub("", t)
    if m := _YEAR.match(t):
        r = year_range(int(m.group(1)))
        return Parsed(r[0], r[1], None, is_sh_year(int(m.group(1)))) if r else None
    if m := _RANGE.match(t):
        lo, hi = int(m.group(1)), int(m.group(2))
        r = year_range(lo, hi) if hi >= lo else None
        return Parsed(r[0], r[1], None, is_sh_year(lo)) if r else None
    m = _YMD.match(t)
    if not m:  # day first (21/05/1986) is not guessed: 03/05 reads both ways
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        if is_sh_year(y) or (marked and 1200 < y < 1500):
            day = sh_to_gregorian(y, mo, d)
            return Parsed(day.year, day.year, day, True)
        if GREGORIAN_MIN <= y <= GREGORIAN_MAX:
            day = datetime.date(y, mo, d)
            return Parsed(y, y, day, False)
    except ValueError:
        return None
    return None

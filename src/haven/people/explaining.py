"""A match explanation in a caseworker's words, in the user's language.

The engine explains a score field by field with codes (``exact``, ``year_within_2``)
that machines keep using; these are the same facts as phrases ("same given name",
"spelled differently (99%)", "born within two years"), translated. "Same" is said only
of the same spelling. Percentages everywhere follow one rule: ``percent``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.matching import Candidate, FieldExplanation

# Unicode isolates: a value of either direction inside a phrase of the other (FSI…PDI)
_FSI, _PDI = "\u2068", "\u2069"


def percent(fraction: float) -> int:
    """A probability or similarity as a whole percentage: rounded, but never up to a
    certain 100 (nor down to an impossible 0) unless it is exactly that."""
    value = round(fraction * 100)
    if value >= 100 and fraction < 1:
        return 99
    if value <= 0 < fraction:
        return 1 if fraction >= 0.005 else 0
    return int(value)


_NAMES: dict[str, dict[str, Promise]] = {
    "given_name": {
        "same": gettext_lazy("same given name"),
        "spelled": gettext_lazy("same given name, spelled differently (%(percent)s%%)"),
        "script": gettext_lazy("same given name, in another script (%(percent)s%%)"),
        "strong": gettext_lazy("very similar given names (%(percent)s%%)"),
        "similar": gettext_lazy("similar given names (%(percent)s%%)"),
        "weak": gettext_lazy("given names a little alike (%(percent)s%%)"),
        "different": gettext_lazy("different given names"),
        "missing": gettext_lazy("no given name to compare"),
    },
    "family_name": {
        "same": gettext_lazy("same family name"),
        "spelled": gettext_lazy("same family name, spelled differently (%(percent)s%%)"),
        "script": gettext_lazy("same family name, in another script (%(percent)s%%)"),
        "strong": gettext_lazy("very similar family names (%(percent)s%%)"),
        "similar": gettext_lazy("similar family names (%(percent)s%%)"),
        "weak": gettext_lazy("family names a little alike (%(percent)s%%)"),
        "different": gettext_lazy("different family names"),
        "missing": gettext_lazy("no family name to compare"),
    },
}
_FREQUENCY = {"rare": gettext_lazy("a rare name"), "common": gettext_lazy("a common name")}
_OTHER: dict[str, dict[str, Promise]] = {
    "birth": {
        "exact": gettext_lazy("same date of birth"),
        "day_month_swapped": gettext_lazy("day and month of birth swapped"),
        "one_typo": gettext_lazy("dates of birth one digit apart"),
        "same_year": gettext_lazy("born the same year"),
        "year": gettext_lazy("year of birth within the range given"),
        "year_within_1": gettext_lazy("born within a year of each other"),
        "year_within_2": gettext_lazy("born within two years of each other"),
        "year_within_5": gettext_lazy("born within five years of each other"),
        "different": gettext_lazy("born years apart"),
        "missing": gettext_lazy("no date of birth to compare"),
    },
    "sex": {
        "same": gettext_lazy("same sex"),
        "different": gettext_lazy("different sex"),
    },
    "place": {
        "exact": gettext_lazy("same place of origin"),
        "similar": gettext_lazy("similar places of origin"),
        "different": gettext_lazy("different places of origin"),
        "missing": gettext_lazy("no place of origin to compare"),
    },
    "identifier": {
        "exact": gettext_lazy("same document number"),
        "similar": gettext_lazy("document numbers nearly the same"),
        "different": gettext_lazy("different document numbers"),
        "missing": gettext_lazy("no document number to compare"),
    },
}
_ANY_FIELD = {
    "exact": gettext_lazy("other details the same"),
    "similar": gettext_lazy("other details similar"),
    "different": gettext_lazy("other details different"),
    "missing": gettext_lazy("no other details to compare"),
}
_SAME_YEAR = gettext_lazy("same year of birth")
_SHOWN_VALUES = frozenset({"birth", "place", "identifier"})


@dataclass(frozen=True)
class ExplainedField:
    """One line of an explanation: the engine's codes, and the words for them."""

    field: str
    outcome: str
    weight: float
    detail: str
    phrase: str  # in the active language
    values: tuple[str, str] | None  # the two values compared, shown beside the phrase

    @property
    def text(self) -> str:
        """The phrase with the values, as plain text (values isolated for bidi)."""
        if not self.values:
            return self.phrase
        a, b = self.values
        return f"{self.phrase} ({_FSI}{a}{_PDI} / {_FSI}{b}{_PDI})"


def _script(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return name.split(" ", 1)[0]
    return ""


def _name_phrase(e: FieldExplanation) -> str:
    words = _NAMES[e.field]
    s = e.similarity
    if e.outcome == "missing":
        return str(words["missing"])
    if s is None:  # an explanation without similarities (the batch modes): as it came
        return e.detail
    if e.outcome == "exact":
        if s >= 1.0:
            key = "same"
        elif _script(e.values[0]) != _script(e.values[1]):
            key = "script"
        else:
            key = "spelled"
    else:
        key = e.outcome if e.outcome in words else "different"
    phrase = str(words[key])
    if "%(percent)s" in phrase:
        phrase = phrase % {"percent": percent(s)}
    if e.frequency in _FREQUENCY:
        phrase = _("%(phrase)s; %(frequency)s") % {
            "phrase": phrase,
            "frequency": _FREQUENCY[e.frequency],
        }
    return phrase


def explain_field(e: FieldExplanation) -> ExplainedField:
    if e.field in _NAMES:
        phrase, values = _name_phrase(e), None
    else:
        words = _OTHER.get(e.field, _ANY_FIELD)
        phrase = str(words.get(e.outcome, _ANY_FIELD.get(e.outcome, _ANY_FIELD["different"])))
        if e.field == "birth" and e.outcome == "year" and e.values[0] == e.values[1]:
            phrase = str(_SAME_YEAR)
        shown = e.field in _SHOWN_VALUES and e.outcome != "missing" and all(e.values)
        values = e.values if shown else None
    return ExplainedField(e.field, e.outcome, e.weight, e.detail, phrase, values)


def explain_candidate(candidate: Candidate) -> list[ExplainedField]:
    """The candidate's explanation, line by line, in the active language."""
    return [explain_field(e) for e in candidate.explanation]

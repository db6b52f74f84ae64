"""The Splink peer of the register benchmarks (``latin.py``, ``scale.py``): a
hand-made Splink 5 model, built as a data engineer who knows Splink would build one
for a person register, so that Haven is compared with a competent peer.

* Input cleaned as Splink's own examples do: names and places lower-cased, accents
  removed (``ë`` -> ``e``), hyphens and apostrophes read as nothing or a space, the
  first given name as a column of its own; a birth year from the date, the year, or
  the middle of a year range; a year-only or range birth is flagged so that "same
  year" is not read as "same date".
* Comparisons: given and family names each with exact (term frequencies), Jaro-Winkler
  >= 0.95, >= 0.88, >= 0.75 and a level for the first given name alone (a dropped
  second name); birth:
  exact date, one edit in the date, same year, year +-1, +-3; sex; place exact (term
  frequencies) and Jaro-Winkler >= 0.88.
* Blocking: both names; family name + year; given name + year; first given name +
  family name; date of birth; three-letter prefixes of both names + year.
* Training: the prior from deterministic rules (recall 0.2), u by random sampling,
  m by EM blocked on the date of birth and on first given name + family name + place
  + sex; pairs at p >= threshold.

Tried at 100,000 records of ``gen_eval.latin`` (precision / recall): a name-swap level
in both name comparisons 0.59 / 0.14 (counted twice: namesakes written in swapped order
scored 0.99); EM on both names for the birth comparison 0.99 / 0.13 (birth m fitted to
namesakes); the prior from EM 0.41-0.73 / 0.40; this model 0.97 / 0.31 (deterministic
recall 0.1: 0.95 / 0.33, 0.4: 0.98 / 0.28).

``dedupe(rows, threshold)`` takes plain rows (``id, given_name, family_name, sex,
birth_date`` ISO, ``birth_year``, ``birth_year_max``, ``place_of_origin``; strings,
empty when unknown) and returns the pairs of ids; the caller times it, frame
building included.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

_DROP = re.compile(r"[’'`ʿʾ.]")
_SPACE = re.compile(r"[\s\-_]+")


def clean(text: str | None) -> str | None:
    """Lower case, no accents, no apostrophes, hyphens as spaces, one space."""
    if not text:
        return None
    s = unicodedata.normalize("NFKD", text.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _SPACE.sub(" ", _DROP.sub("", s)).strip()
    return s or None


def frame(rows: Sequence[Mapping[str, str]]) -> Any:
    import pandas as pd

    def year(r: Mapping[str, str]) -> int | None:
        if r.get("birth_date"):
            return int(r["birth_date"][:4])
        lo, hi = r.get("birth_year"), r.get("birth_year_max")
        if lo and hi:
            return (int(lo) + int(hi)) // 2
        return int(lo) if lo else None

    given = [clean(r.get("given_name")) for r in rows]
    return pd.DataFrame(
        {
            "unique_id": [r["id"] for r in rows],
            "given_name": given,
            "first_given": [g.split(" ")[0] if g else None for g in given],
            "family_name": [clean(r.get("family_name")) for r in rows],
            "sex": [r.get("sex") or None for r in rows],
            "birth_date": [r.get("birth_date") or None for r in rows],
            "birth_year": pd.array([year(r) for r in rows], dtype="Int64"),
            "place_of_origin": [clean(r.get("place_of_origin")) for r in rows],
        }
    )


def _name(column: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    levels = [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column, term_frequency_adjustments=True),
        cll.JaroWinklerLevel(column, 0.95),
        cll.JaroWinklerLevel(column, 0.88),
    ]
    if column == "given_name":  # one of two given names left out
        levels.append(cll.ExactMatchLevel("first_given", term_frequency_adjustments=True))
    levels += [cll.JaroWinklerLevel(column, 0.75), cll.ElseLevel()]
    return cl.CustomComparison(levels, output_column_name=column)


def settings(link_type: str = "dedupe_only") -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type=link_type,
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "family_name"),
            block_on("family_name", "birth_year"),
            block_on("given_name", "birth_year"),
            block_on("first_given", "family_name"),
            block_on("birth_date"),
            block_on("substr(given_name, 1, 3)", "substr(family_name, 1, 3)", "birth_year"),
        ],
        comparisons=[
            _name("given_name"),
            _name("family_name"),
            # one birth comparison (two would count the same evidence twice)
            cl.CustomComparison(
                [
                    cll.NullLevel("birth_year"),
                    cll.ExactMatchLevel("birth_date"),
                    cll.DamerauLevenshteinLevel("birth_date", 1),
                    cll.ExactMatchLevel("birth_year"),
                    cll.AbsoluteDifferenceLevel("birth_year", 1),
                    cll.AbsoluteDifferenceLevel("birth_year", 3),
                    cll.ElseLevel(),
                ],
                output_column_name="birth",
            ),
            cl.ExactMatch("sex"),
            cl.CustomComparison(
                [
                    cll.NullLevel("place_of_origin"),
                    cll.ExactMatchLevel("place_of_origin", term_frequency_adjustments=True),
                    cll.JaroWinklerLevel("place_of_origin", 0.88),
                    cll.ElseLevel(),
                ],
                output_column_name="place_of_origin",
            ),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def dedupe(rows: Sequence[Mapping[str, str]], threshold: float) -> list[tuple[str, str]]:
    """Pairs of ids at probability >= ``threshold`` (frame, training, prediction)."""
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI()
    table = db_api.register(frame(rows), dataset_display_name="register")
    linker = Linker(table, settings(), log_level=logging.WARNING)
    # the deterministic rules find few of the duplicates in a register written this
    # loosely (every spelling counts): their recall is taken as 0.2
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("given_name", "family_name", "birth_date"),
            block_on("given_name", "family_name", "birth_year", "place_of_origin"),
        ],
        recall=0.2,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    # names (and sex, place) trained on pairs of the same date of birth; birth on pairs
    # of the same first given name, family name, place and sex (the same names alone
    # are mostly namesakes: EM then reads "same names, other birth" as a match)
    for rule in (
        block_on("birth_date"),
        block_on("first_given", "family_name", "place_of_origin", "sex"),
    ):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    found = predictions.as_duckdbpyrelation().select("unique_id_l, unique_id_r").fetchall()
    return [(str(a), str(b)) for a, b in found]

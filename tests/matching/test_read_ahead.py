"""The index reads the search readings of its spellings ahead (``compare.ahead``):
a search then finds them cached, and answers exactly as if it had read them."""

from __future__ import annotations

import random

import pytest

from haven.matching import Index, Record
from haven.matching.compare import ahead, profile
from haven.matching.compare import search as readings
from haven.matching.normalise import latin_key_readings, latin_vowel_readings

from .crossscript import draw_person, render


def _forget_readings() -> None:
    for cache in (
        ahead._READ,
        readings._SKELETONS,
        readings._DELETIONS,
        readings._COMPOUND_KEYS,
        readings._SEARCH_SIM,
        readings._JOINED_SIM,
        readings._SEARCH_TOKENS,
    ):
        cache.clear()
    latin_vowel_readings.cache_clear()
    latin_key_readings.cache_clear()


def test_adding_a_record_reads_its_spellings_ahead() -> None:
    _forget_readings()
    rec = Record(id="r1", given_name="Mir Mohammad Reza", family_name="Hosseinzadeh")
    Index().add(rec)
    given, family = profile(rec).forms[0]
    assert given in ahead._READ and family in ahead._READ
    for t in given + family:
        if len(t.fold) >= readings.PERSIAN_TYPO_MIN:
            assert t.fold in readings._DELETIONS
    # the two tokens joined, and the given name without its Mir, read too
    assert "mohammadreza" in readings._DELETIONS
    assert latin_vowel_readings.cache_info().currsize > 0


def _answers(records: list[Record], queries: list[Record]) -> list[list[tuple[str, float, float]]]:
    index = Index()
    for r in records:
        index.add(r)
    return [
        [(c.record_id, c.probability, c.weight) for c in index.search(q, top=5)] for q in queries
    ]


def test_a_search_answers_the_same_with_or_without_reading_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = random.Random(11)
    people = [draw_person(r) for _ in range(1500)]
    persian = [r.random() < 0.5 for _ in people]
    records = [
        render(r, f"P{i}", p, persian=s, query=False)
        for i, (p, s) in enumerate(zip(people, persian, strict=True))
    ]
    queries = [
        render(r, f"Q{i}", people[i], persian=not persian[i], query=True)
        for i in r.sample(range(len(people)), 150)
    ]
    _forget_readings()
    ahead_answers = _answers(records, queries)
    _forget_readings()
    monkeypatch.setattr("haven.matching.index.store.read_ahead", lambda toks: None)
    lazy_answers = _answers(records, queries)
    assert not ahead._READ  # nothing was read ahead this time
    assert ahead_answers == lazy_answers
    assert sum(bool(a) for a in ahead_answers) >= 140

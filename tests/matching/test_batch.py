"""Batch linkage and de-duplication."""

from __future__ import annotations

import datetime

from haven.matching import MatchModel, MatchPair, Record, dedupe, link

LEFT = [
    Record(
        "a1", "Nasrin", "Rezaei", birth_date=datetime.date(1987, 5, 3), place_of_origin="Tabriz"
    ),
    Record("a2", "Hossein", "Karimi", birth_year=1975, place_of_origin="Mashhad"),
    Record("a3", "Zahra", "Ahmadi", birth_date=datetime.date(1990, 1, 12)),
    Record("a4", "Kamal", "Yazdani", birth_year=1940),
]
RIGHT = [
    Record("b1", "نسرین", "رضایی", birth_date=datetime.date(1987, 3, 5), place_of_origin="تبریز"),
    Record("b2", "Husayn", "Kareemi", birth_year=1976, place_of_origin="Mashad"),
    Record("b3", "Zahraa", "Ahmady", birth_date=datetime.date(1990, 1, 12)),
    Record("b4", "Farhad", "Tehrani", birth_year=2001),
]


def test_link_finds_the_pairs() -> None:
    pairs = link(LEFT, RIGHT, threshold=0.5, model=MatchModel.default(), one_to_one=True)
    assert all(isinstance(p, MatchPair) for p in pairs)
    assert {(p.left_id, p.right_id) for p in pairs} == {("a1", "b1"), ("a2", "b2"), ("a3", "b3")}
    swapped = next(p for p in pairs if p.left_id == "a1")
    birth = next(e for e in swapped.explanation if e.field == "birth")
    assert birth.outcome == "day_month_swapped"


def test_link_top_keeps_at_most_top_per_left_record() -> None:
    pairs = link(LEFT, RIGHT, top=1, model=MatchModel.default())
    lefts = [p.left_id for p in pairs]
    assert len(lefts) == len(set(lefts))


def test_dedupe() -> None:
    records = [*LEFT, Record("a5", "Nasreen", "Rezaie", birth_date=datetime.date(1987, 5, 3))]
    pairs = dedupe(records, threshold=0.5, model=MatchModel.default())
    assert {(p.left_id, p.right_id) for p in pairs} == {("a1", "a5")}


def test_estimate_learns_from_the_data() -> None:
    model = MatchModel.estimate(LEFT, other=RIGHT)
    assert 0 < model.prior < 1
    assert set(model.to_dict()["fields"]) >= {"given_name", "family_name", "birth"}

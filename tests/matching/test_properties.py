"""Property-based tests: symmetry, self-match first, monotonic agreement."""

from __future__ import annotations

import dataclasses
import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.matching import Index, MatchModel, Record, score
from haven.matching.names import FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, PLACES

GIVEN = [e[0] for e in GIVEN_NAMES_FEMALE + GIVEN_NAMES_MALE] + [
    r for e in GIVEN_NAMES_FEMALE[:20] + GIVEN_NAMES_MALE[:20] for r in e[1]
]
FAMILY = [e[0] for e in FAMILY_NAMES] + [r for e in FAMILY_NAMES[:40] for r in e[1]]
PLACE = [e[0] for e in PLACES] + [e[1][0] for e in PLACES]


def typo(text: str, i: int) -> str:
    return text if len(text) < 3 else text[: i % len(text)] + text[i % len(text) + 1 :]


name = st.one_of(st.sampled_from(GIVEN), st.builds(typo, st.sampled_from(GIVEN), st.integers()))
family = st.one_of(st.sampled_from(FAMILY), st.builds(typo, st.sampled_from(FAMILY), st.integers()))
dates = st.dates(datetime.date(1940, 1, 1), datetime.date(2015, 12, 31))


@st.composite
def records(draw: st.DrawFn, rid: str = "r") -> Record:
    birth_kind = draw(st.sampled_from(["date", "year", "range", "none"]))
    d = draw(dates)
    birth: dict[str, object] = {}
    if birth_kind == "date":
        birth = {"birth_date": d}
    elif birth_kind == "year":
        birth = {"birth_year": d.year}
    elif birth_kind == "range":
        birth = {"birth_year": d.year - 2, "birth_year_max": d.year + 2}
    return Record(
        id=draw(st.text("abcdef0123456789", min_size=1, max_size=8)) if rid == "r" else rid,
        given_name=draw(name),
        family_name=draw(family),
        other_names=tuple(
            draw(st.lists(st.builds(lambda g, f: f"{g} {f}", name, family), max_size=2))
        ),
        sex=draw(st.sampled_from(["", "female", "male", "unknown"])),
        place_of_origin=draw(st.sampled_from(["", *PLACE])),
        identifiers=tuple(
            draw(st.lists(st.text("0123456789", min_size=5, max_size=7), max_size=1))
        ),
        extra=tuple(
            draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["address_1", "address_2", "postcode"]),
                        st.sampled_from(["1 a st", "2 b rd", "2600"]),
                    ),
                    max_size=3,
                    unique_by=lambda kv: kv[0],
                )
            )
        ),
        **birth,  # type: ignore[arg-type]
    )


@settings(max_examples=300, deadline=None)
@given(records(rid="a"), records(rid="b"))
def test_score_is_symmetric(a: Record, b: Record) -> None:
    ab, ba = score(a, b), score(b, a)
    assert abs(ab.weight - ba.weight) < 1e-9
    assert abs(ab.probability - ba.probability) < 1e-12


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=30, unique_by=lambda r: r.id), st.data())
def test_a_record_matches_itself_first(register: list[Record], data: st.DataObject) -> None:
    index = Index()
    for r in register:
        index.add(r)
    me = data.draw(st.sampled_from(register))
    found = index.search(me, top=len(register))
    assert found, "a record with a name is always found"
    mine = [c for c in found if c.record_id == me.id]
    assert mine and mine[0].weight == found[0].weight


FIELDS = ("sex", "birth", "place_of_origin", "identifiers", "extra", "family_name")


@settings(max_examples=300, deadline=None)
@given(records(rid="a"), records(rid="b"), st.sampled_from(FIELDS))
def test_one_more_field_agreeing_never_lowers_the_weight(a: Record, b: Record, field: str) -> None:
    model = MatchModel.default()
    if field == "birth":
        changes = {
            "birth_date": a.birth_date,
            "birth_year": a.birth_year,
            "birth_year_max": a.birth_year_max,
        }
    elif field == "family_name":
        # with the same given names, making the family name agree too
        b = dataclasses.replace(b, given_name=a.given_name, other_names=())
        a = dataclasses.replace(a, other_names=())
        changes = {"family_name": a.family_name}
    else:
        changes = {field: getattr(a, field)}
    agreeing = dataclasses.replace(b, **changes)  # type: ignore[arg-type]
    before = score(a, b, model=model).weight
    after = score(a, agreeing, model=model).weight
    assert after >= before - 1e-9

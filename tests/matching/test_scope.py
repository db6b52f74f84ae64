"""A search through a Scope sees only the records in scope, as if the index held nothing
else: records outside it move no score and crowd out no candidate."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.matching import Candidate, Index, Record, Scope
from tests.matching.test_properties import records

MINE = Scope(partitions=frozenset({"mine"}))


def _results(found: list[Candidate]) -> list[tuple[str, float, float, tuple[object, ...]]]:
    return [(c.record_id, c.probability, c.weight, c.explanation) for c in found]


def test_a_rare_name_stays_rare_when_other_partitions_register_it() -> None:
    # issue 7 item 3: the score moved from "a rare name" to "a common name" as another
    # agency registered the same name, although the caller could see one person only
    index = Index()
    index.add(Record("mine-1", "Shirin", "Mohtasham", birth_year=1990), partition="mine")
    for i in range(400):
        index.add(Record(f"filler-{i}", f"Given{i}", f"Family{i}"), partition="mine")
    query = Record("q", "Shirin", "Mohtasham", birth_year=1990)
    before = index.search(query, scope=MINE)
    for i in range(3):
        index.add(Record(f"other-{i}", "Shirin", "Mohtasham", birth_year=1990), partition="other")
    after = index.search(query, scope=MINE)
    assert _results(after) == _results(before)
    assert [c.record_id for c in after][:1] == ["mine-1"]
    name = next(e for e in after[0].explanation if e.field == "family_name")
    assert "rare" in name.detail
    # the unscoped search, for the system's own use, counts everyone
    unscoped = index.search(query, top=10)
    assert {c.record_id for c in unscoped} >= {"mine-1", "other-0", "other-1", "other-2"}
    assert unscoped[0].weight < before[0].weight


def test_other_partitions_do_not_crowd_out_the_callers_own_record() -> None:
    # 300 namesakes of the right year elsewhere: an unscoped search scores 50
    # candidates, and the caller's own (born ten years later) is not among them
    index = Index()
    index.add(Record("mine", "Maryam", "Ahmadi", birth_year=1980), partition="mine")
    for i in range(300):
        index.add(Record(f"o{i}", "Maryam", "Ahmadi", birth_year=1970), partition="other")
    query = Record("q", "Maryam", "Ahmadi", birth_year=1970)
    assert "mine" not in [c.record_id for c in index.search(query, top=50)]
    found = index.search(query, scope=MINE)
    assert [c.record_id for c in found] == ["mine"]


def test_extra_records_are_seen_once_and_others_not_at_all() -> None:
    index = Index()
    index.add(Record("a", "Hamid", "Babaei", birth_year=1980), partition="mine")
    index.add(Record("b", "Hamid", "Babaei", birth_year=1980), partition="other")
    index.add(Record("c", "Hamid", "Babaei", birth_year=1980), partition="other")
    query = Record("q", "Hamid", "Babayi", birth_year=1980)
    scope = Scope(partitions=frozenset({"mine"}), extra=frozenset({"b", "a", "gone"}))
    assert sorted(c.record_id for c in index.search(query, scope=scope)) == ["a", "b"]
    alone = Index()
    alone.add(Record("a", "Hamid", "Babaei", birth_year=1980))
    alone.add(Record("b", "Hamid", "Babaei", birth_year=1980))
    assert _results(index.search(query, scope=scope)) == _results(alone.search(query))
    assert index.search(query, scope=Scope()) == []
    assert index.partition("b") == "other" and index.partition("nobody") is None


def test_a_record_moved_to_another_partition_leaves_the_scope() -> None:
    index = Index()
    record = Record("a", "Hamid", "Babaei", birth_year=1980)
    index.add(record, partition="mine")
    index.add(record, partition="other")
    assert index.search(record, scope=MINE) == []
    assert index.view(MINE).size == 0


@st.composite
def _register(draw: st.DrawFn) -> tuple[list[Record], list[tuple[str, Record]]]:
    """Records in scope, and a sequence of changes outside it: add, change, remove."""
    mine = draw(st.lists(records(), min_size=1, max_size=15, unique_by=lambda r: r.id))
    mine = [dataclasses.replace(r, id=f"m{i}") for i, r in enumerate(mine)]
    ops: list[tuple[str, Record]] = []
    for n, r in enumerate(draw(st.lists(records(), min_size=1, max_size=25))):
        kind = draw(st.sampled_from(["add", "add", "change", "remove"]))
        if kind == "add" or not ops:
            ops.append(("add", dataclasses.replace(r, id=f"o{n}")))
        else:
            target = draw(st.sampled_from([rec.id for op, rec in ops if op == "add"]))
            ops.append((kind, dataclasses.replace(r, id=target)))
    return mine, ops


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_register(), st.data())
def test_changes_outside_the_scope_change_nothing_inside_it(
    register: tuple[list[Record], list[tuple[str, Record]]], data: st.DataObject
) -> None:
    mine, ops = register
    query = data.draw(st.one_of(st.sampled_from(mine), records(rid="q")))
    index = Index()
    for r in mine:
        index.add(r, partition="mine")
    before = _results(index.search(query, top=10, scope=MINE))
    for kind, r in ops:
        if kind == "remove":
            index.remove(r.id)
        else:
            index.add(r, partition=data.draw(st.sampled_from(["other", "third"])))
        assert _results(index.search(query, top=10, scope=MINE)) == before
    # and the same as an index that holds the records in scope only
    alone = Index()
    for r in mine:
        alone.add(r)
    assert _results(alone.search(query, top=10)) == before

"""The vectorised batch path equals the per-pair path; term-frequency weighting."""

from __future__ import annotations

import datetime
import random

import numpy as np
import pytest

from haven.matching import Index, MatchModel, Record, batch, blocking, dedupe, vector
from haven.matching.compare import compare, profile
from haven.matching.names import FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, PLACES


def _people(n: int, seed: int = 5) -> list[Record]:
    rng = random.Random(seed)
    out: list[Record] = []
    for k in range(n):
        female = rng.random() < 0.5
        pool = GIVEN_NAMES_FEMALE if female else GIVEN_NAMES_MALE
        g = rng.choice(pool[:12])
        f = rng.choice(FAMILY_NAMES[:12])
        persian = rng.random() < 0.3

        def spell(entry: tuple[str, tuple[str, ...]], persian: bool = persian) -> str:
            return entry[0] if persian else rng.choice(entry[1])

        given, family = spell(g), spell(f)
        if rng.random() < 0.2:
            given = given + " " + spell(rng.choice(pool[:12]))
        if rng.random() < 0.1:
            given, family = family, given
        if rng.random() < 0.1 and len(family) > 3:
            i = rng.randrange(1, len(family) - 1)
            family = family[:i] + family[i + 1 :]
        other = (f"{g[0]} {f[0]}",) if rng.random() < 0.2 else ()
        u = rng.random()
        date = year = year_max = None
        if u < 0.5:
            date = datetime.date(
                1960 + rng.randrange(5), 1 + rng.randrange(12), 1 + rng.randrange(28)
            )
        elif u < 0.7:
            year = 1960 + rng.randrange(5)
        elif u < 0.8:
            year = 1958 + rng.randrange(5)
            year_max = year + 4
        out.append(
            Record(
                f"r{k}",
                given,
                family,
                other_names=other,
                sex=rng.choice(("female" if female else "male", "", "other")),
                birth_date=date,
                birth_year=year,
                birth_year_max=year_max,
                place_of_origin=spell(rng.choice(PLACES[:5])) if rng.random() < 0.7 else "",
            )
        )
    return out


def test_vectorised_levels_equal_the_per_pair_comparison() -> None:
    ps = [profile(r) for r in _people(400)]
    enc = vector.encode(ps)
    rng = random.Random(1)
    pairs = [(rng.randrange(400), rng.randrange(400)) for _ in range(3000)]
    pairs += blocking.candidate_pairs(ps, ps, same=True)
    i = np.array([a for a, _ in pairs], dtype=np.int64)
    j = np.array([b for _, b in pairs], dtype=np.int64)
    core = vector.core_levels(enc, i, j)
    for k, (a, b) in enumerate(pairs):
        assert vector.pair_levels(core, None, k) == compare(ps[a], ps[b]), (a, b)


def test_vectorised_weights_equal_the_model_total() -> None:
    ps = [profile(r) for r in _people(200)]
    enc = vector.encode(ps)
    i, j = vector.blocked_pairs(enc)
    assert len(i) and bool((i < j).all())
    core = vector.core_levels(enc, i, j)
    model = MatchModel.default()
    w = vector.weights(core, None, model.weight, model.total)
    for k in range(len(i)):
        assert abs(w[k] - model.total(compare(ps[int(i[k])], ps[int(j[k])]))) < 1e-9


def test_blocking_pairs_every_record_of_a_small_block() -> None:
    key = np.array([3, 1, 3, -1, 3, 1], dtype=np.int64)
    left, right = vector.sorted_pairs(key, np.zeros(6, dtype=np.int64), window=5)
    got = {(min(a, b), max(a, b)) for a, b in zip(left.tolist(), right.tolist(), strict=True)}
    assert got == {(0, 2), (0, 4), (2, 4), (1, 5)}


def test_large_dedupe_path_finds_duplicates(monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setattr(batch, "SMALL_DEDUPE", 10)
    try:
        recs = [
            Record("a", "Nasrin", "Rezaei", birth_date=datetime.date(1987, 5, 3), sex="female"),
            Record("b", "نسرین", "رضایی", birth_date=datetime.date(1987, 5, 3), sex="female"),
            *_people(300),
        ]
        pairs = dedupe(recs, threshold=0.5, model=MatchModel.default())
    finally:
        mp.undo()
    found = {(p.left_id, p.right_id) for p in pairs}
    assert ("a", "b") in found or ("b", "a") in found
    assert all(p.explanation for p in pairs)
    assert [p.weight for p in pairs] == sorted((p.weight for p in pairs), reverse=True)


def test_term_frequency_rare_name_weighs_more() -> None:
    model = MatchModel.default()
    assert model.tf_adjustment("family_name", 0, 0.0001) > 0
    assert model.tf_adjustment("family_name", 0, 0.2) < 0
    assert model.tf_adjustment("family_name", 1, 0.0001) == 0.0  # only exact agreement
    index = Index()
    for k in range(50):
        index.add(Record(f"c{k}", "Ali", "Rezaei", birth_year=1900 + k))
    index.add(Record("rare", "Ali", "Tabrizchi", birth_year=1990))
    index.add(Record("common", "Ali", "Rezaei", birth_year=1990))
    rare = index.search(Record("q1", "Ali", "Tabrizchi", birth_year=1990), top=1)[0]
    common = index.search(Record("q2", "Ali", "Rezaei", birth_year=1990), top=1)[0]
    assert rare.record_id == "rare" and common.record_id == "common"
    assert rare.weight > common.weight
    fam = next(e for e in rare.explanation if e.field == "family_name")
    fam_common = next(e for e in common.explanation if e.field == "family_name")
    assert fam.weight > fam_common.weight
    assert "a common name" in fam_common.detail
    assert abs(sum(e.weight for e in rare.explanation) - rare.weight) < 1e-2


def test_removing_records_updates_name_frequencies() -> None:
    index = Index()
    index.add(Record("a", "Ali", "Rezaei"))
    index.add(Record("b", "Ali", "Rezaei"))
    p = profile(Record("q", "Ali", "Rezaei"))
    assert index.name_share("family_name", p) == 1.0
    index.remove("b")
    index.add(Record("c", "Ali", "Karimi"))
    assert index.name_share("family_name", p) == 0.5


FAR_KEYS = [
    ("Azadi", "Aqaaai", 3),  # vowels alike, most consonants not: at most weak
    ("Hamid", "Hadi", 3),
    ("Amal", "Amani", 3),
    ("Ruqayya", "Roukaiya", 2),  # one edit in the closest readings (ou as u): similar
    ("Nur", "Noorkhel", 2),  # one root, two family names: similar
    ("Assadi", "Azadi", 2),  # one consonant apart
]


@pytest.mark.parametrize(("a", "b", "level"), FAR_KEYS)
def test_far_keys_are_weak_in_both_paths(a: str, b: str, level: int) -> None:
    ps = [profile(Record("a", a, "Karimi")), profile(Record("b", b, "Karimi"))]
    assert dict(compare(ps[0], ps[1]))["given_name"] == level
    enc = vector.encode(ps)
    core = vector.core_levels(enc, np.array([0], dtype=np.int64), np.array([1], dtype=np.int64))
    assert vector.pair_levels(core, None, 0) == compare(ps[0], ps[1])

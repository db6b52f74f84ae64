"""The array-wise batch path agrees with the per-pair comparison."""

from __future__ import annotations

import datetime
import random

import numpy as np

from haven.matching import MatchModel, Record, dedupe, link
from haven.matching.compare import compare, name_level, profile, tokens_similarity
from haven.matching.names import FAMILY_NAMES, GIVEN_NAMES_MALE
from haven.matching.vector import encode, encode_records, other_arrays, pair_levels


def _names(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        parts = []
        for pool in (GIVEN_NAMES_MALE, GIVEN_NAMES_MALE, FAMILY_NAMES)[: rng.randint(1, 3)]:
            fa, lat = rng.choice(pool[:30])
            parts.append(fa if rng.random() < 0.3 else rng.choice(lat))
        name = " ".join(parts)
        if rng.random() < 0.2 and len(name) > 4:
            k = rng.randrange(1, len(name) - 1)
            name = name[:k] + name[k + 1 :]
        out.append(name)
    return out


def test_token_table_name_similarity_equals_tokens_similarity() -> None:
    rng = random.Random(3)
    recs = [Record(str(k), given_name=t) for k, t in enumerate(_names(rng, 400))]
    enc = encode_records(recs)
    names = enc.names
    x = np.array([rng.randrange(len(names)) for _ in range(3000)], dtype=np.int64)
    y = np.array([rng.randrange(len(names)) for _ in range(3000)], dtype=np.int64)
    got = enc.table.name_sims(x, y)
    want = np.array([tokens_similarity(names[a], names[b]) for a, b in zip(x, y, strict=True)])
    # Python caches token similarity by folded text, so a compound's joined
    # token can reuse a plain token's cached value: allow rare low-score drift
    assert (np.abs(got - want) < 1e-12).mean() > 0.99
    levels = [name_level(a) == name_level(b) for a, b in zip(got, want, strict=True)]
    assert np.mean(levels) > 0.995


def test_encode_records_equals_encode_of_profiles() -> None:
    rng = random.Random(5)
    recs = [
        Record(
            str(k),
            given_name=g,
            family_name=f,
            other_names=(o,) if rng.random() < 0.3 else (),
            sex=rng.choice(("female", "M", "", "other")),
            birth_date=datetime.date(1970 + k % 20, 1 + k % 12, 1 + k % 28) if k % 3 else None,
            birth_year=1980 if k % 3 == 0 and k % 2 else None,
            place_of_origin=rng.choice(("Tabriz", "تبریز", "", "Herat")),
        )
        for k, (g, f, o) in enumerate(
            zip(_names(rng, 300), _names(rng, 300), _names(rng, 300), strict=True)
        )
    ]
    a, b = encode_records(recs), encode([profile(r) for r in recs])
    for field in ("form_g", "form_f", "form_count", "lo", "hi", "ymd", "sex", "place", "ph"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def _febrl_like(n: int, seed: int) -> list[Record]:
    rng = random.Random(seed)
    out = []
    streets = ["kent street", "miller crescent", "o'connor place", "banks road"]
    for k in range(n):
        a1, a2 = rng.choice(streets), rng.choice(["", "unit 3", "flat 2", "kent street"])
        if rng.random() < 0.2:
            a1, a2 = a2, a1
        extra = [
            ("address_1", a1),
            ("address_2", a2),
            ("postcode", rng.choice(["2600", "2601", "2060", "3000"])),
            ("suburb", rng.choice(["belconnen", "belconen", "kingston", ""])),
        ]
        ids: tuple[str, ...] = (rng.choice(["123 456", "123457", "9876543", "654-321"]),)
        if rng.random() < 0.1:
            ids = (*ids, "55555")
        if rng.random() < 0.1:
            ids = ()
        out.append(
            Record(
                f"r{k}",
                given_name=rng.choice(["john", "jon", "mary", "marie"]),
                family_name=rng.choice(["smith", "smyth", "brown"]),
                identifiers=ids,
                extra=tuple((x, v) for x, v in extra if v),
            )
        )
    return out


def test_identifier_and_extra_levels_equal_the_per_pair_comparison() -> None:
    recs = _febrl_like(120, 1)
    ps = [profile(r) for r in recs]
    rng = random.Random(2)
    pairs = [(rng.randrange(120), rng.randrange(120)) for _ in range(2000)]
    i = np.array([a for a, _ in pairs], dtype=np.int64)
    j = np.array([b for _, b in pairs], dtype=np.int64)
    other = other_arrays(recs, i, j)
    enc = encode(ps)
    from haven.matching.vector import core_levels

    core = core_levels(enc, i, j)
    for k, (a, b) in enumerate(pairs):
        assert pair_levels(core, other, k) == compare(ps[a], ps[b]), (recs[a], recs[b])


def test_link_weights_and_explanations_equal_the_per_pair_path() -> None:
    left, right = _febrl_like(80, 3), _febrl_like(80, 4)
    model = MatchModel.default()
    for pair in link(left, right, top=3, model=model):
        a = next(r for r in left if r.id == pair.left_id)
        b = next(r for r in right if r.id == pair.right_id)
        levels = compare(profile(a), profile(b))
        assert abs(pair.weight - model.total(levels)) < 1e-9
        got = {(e.field, e.outcome) for e in pair.explanation if e.outcome != "missing"}
        assert len(got) == len(levels)


def test_large_dedupe_path_uses_lazy_profiles_and_explains_pairs(monkeypatch: object) -> None:
    import haven.matching.batch as batch

    recs = [
        Record("a", "Hossein", "Rezaei", birth_date=datetime.date(1980, 1, 2)),
        Record("b", "Hosein", "Rezaie", birth_date=datetime.date(1980, 1, 2)),
        Record("c", "Maryam", "Karimi", birth_date=datetime.date(1975, 5, 6)),
    ] * 1
    monkeypatch.setattr(batch, "SMALL_DEDUPE", 1)  # type: ignore[attr-defined]
    out = dedupe(recs, threshold=0.0, model=MatchModel.default())
    ab = [p for p in out if {p.left_id, p.right_id} == {"a", "b"}]
    assert ab and ab[0].explanation
    assert ab[0].probability == max(p.probability for p in out)


def _register(n: int, seed: int) -> list[Record]:
    """People with a second registration under another spelling for a third."""
    rng = random.Random(seed)
    out: list[Record] = []
    for k in range(n):
        g, f = _names(rng, 2)
        d = datetime.date(1950 + rng.randrange(50), 1 + rng.randrange(12), 1 + rng.randrange(28))
        sex = rng.choice(("female", "male", ""))
        place = rng.choice(("Tabriz", "تبریز", "", "Herat", "Kabul"))
        out.append(Record(f"p{k}", g, f, sex=sex, birth_date=d, place_of_origin=place))
        if rng.random() < 0.35:
            g2 = g if rng.random() < 0.5 else _names(rng, 1)[0]
            d2 = d if rng.random() < 0.6 else d.replace(day=1 + (d.day % 28))
            others = (f"{g2} {f}",) if rng.random() < 0.2 else ()
            out.append(
                Record(
                    f"q{k}",
                    g2,
                    f if rng.random() < 0.7 else f[:-1] or f,
                    other_names=others,
                    sex=sex,
                    birth_date=d2 if rng.random() < 0.8 else None,
                    birth_year=d2.year,
                    place_of_origin=place,
                )
            )
    return out


def test_large_dedupe_prefilter_drops_no_pair_above_the_threshold(monkeypatch: object) -> None:
    """The pre-filter (best possible weight, then the family name alone) only
    drops pairs that cannot reach the threshold: the result equals the
    unfiltered comparison's pairs above it, with the same weights."""
    import haven.matching.batch as batch

    recs = _register(700, 11)
    monkeypatch.setattr(batch, "SMALL_DEDUPE", 1)  # type: ignore[attr-defined]
    model = MatchModel.default()
    for threshold in (0.5, 0.9):
        fast = dedupe(recs, threshold=threshold, model=model)
        full = [p for p in dedupe(recs, threshold=0.0, model=model) if p.probability >= threshold]
        assert fast, threshold
        assert [(p.left_id, p.right_id) for p in fast] == [(p.left_id, p.right_id) for p in full]
        assert all(abs(a.weight - b.weight) < 1e-9 for a, b in zip(fast, full, strict=True))


def test_known_family_levels_give_the_same_core_levels() -> None:
    from haven.matching import vector

    recs = _register(400, 12)
    enc = encode_records(recs)
    rng = random.Random(3)
    i = np.array([rng.randrange(len(recs)) for _ in range(3000)], dtype=np.int64)
    j = np.array([rng.randrange(len(recs)) for _ in range(3000)], dtype=np.int64)
    full = vector.core_levels(enc, i, j, swap_all=False)
    simple = vector.single_reading(enc, i, j)
    assert simple.any() and not simple.all()
    fam = np.full(len(i), -2, dtype=np.int64)
    fam[simple] = vector.family_levels(enc, i[simple], j[simple])
    assert np.array_equal(fam[simple], full["family_name"][simple])
    got = vector.core_levels(enc, i, j, swap_all=False, family=fam)
    for field, lv in full.items():
        assert np.array_equal(got[field], lv), field


def test_best_weights_bound_the_weights() -> None:
    from haven.matching import vector

    recs = _register(400, 13)
    enc = encode_records(recs)
    i, j = vector.blocked_pairs(enc, 4)
    model = MatchModel.default()
    core = vector.core_levels(enc, i, j, swap_all=False)
    w = vector.weights(core, None, model.weight)
    w += vector.tf_weights(enc, i, j, core, model.tf_adjustment)
    w += vector.place_parts(enc, i, j, core["place"], model.tf_adjustment)
    cheap = vector.cheap_levels(enc, i, j)
    bound = vector.best_weights(enc, i, j, cheap, None, model.weight, model.tf_adjustment)
    assert (bound >= w - 1e-9).all()


def test_birth_levels_of_date_typos_equal_the_per_pair_comparison() -> None:
    from haven.matching import vector

    d = datetime.date
    dates = [d(1980, 3, 12), d(1980, 12, 3), d(1980, 3, 21), d(1908, 3, 12), d(1980, 3, 13)]
    dates += [d(1981, 3, 12), d(1979, 4, 12), d(1983, 3, 12), d(1990, 3, 12), d(1980, 3, 12)]
    recs = [Record(str(k), "Ali", "Rezaei", birth_date=x) for k, x in enumerate(dates)]
    recs.append(Record("y", "Ali", "Rezaei", birth_year=1980))
    recs.append(Record("r", "Ali", "Rezaei", birth_year=1978, birth_year_max=1982))
    ps = [profile(r) for r in recs]
    n = len(recs)
    i = np.repeat(np.arange(n, dtype=np.int64), n)
    j = np.tile(np.arange(n, dtype=np.int64), n)
    lv = vector.birth_levels(encode_records(recs), i, j)
    for k in range(len(i)):
        want = dict(compare(ps[int(i[k])], ps[int(j[k])])).get("birth", -1)
        assert lv[k] == want, (recs[int(i[k])], recs[int(j[k])])


def test_link_pairs_cross_the_two_lists_and_find_each_block() -> None:
    from haven.matching import vector

    left, right = _febrl_like(60, 5), _febrl_like(60, 6)
    both = [*left, *right]
    enc = encode_records(both)
    i, j = vector.link_pairs(enc, vector.encode_other(both), len(left))
    assert len(i) and (i < len(left)).all() and (j >= len(left)).all()
    codes = set(zip(i.tolist(), j.tolist(), strict=True))
    assert len(codes) == len(i)
    # records sharing a (rare) identifier in the two lists are paired
    ids = {}
    for k, r in enumerate(left):
        if len(r.identifiers) == 1:
            ids.setdefault(r.identifiers[0], []).append(k)
    for k, r in enumerate(right):
        if len(r.identifiers) == 1 and len(ids.get(r.identifiers[0], ())) <= 3:
            for a in ids.get(r.identifiers[0], ()):
                assert (a, k + len(left)) in codes


def test_large_dedupe_explanations_add_up_to_the_weight(monkeypatch: object) -> None:
    """Explanations of the large path include the term-frequency adjustments."""
    import haven.matching.batch as batch

    monkeypatch.setattr(batch, "SMALL_DEDUPE", 1)  # type: ignore[attr-defined]
    out = dedupe(_register(500, 14), threshold=0.5, model=MatchModel.default())
    assert out
    for p in out:
        assert abs(sum(e.weight for e in p.explanation) - p.weight) < 0.01
    assert any(
        "common name" in e.detail or "rare name" in e.detail for p in out for e in p.explanation
    )


def test_batch_tokeniser_gives_the_tokens_of_name_tokens() -> None:
    """``vector.Tokeniser`` folds word by word; its tokens equal those of
    ``normalise.name_tokens`` on the name lists (every spelling, alone, with
    particles and honorifics, in pairs) and on random strings."""
    from haven.matching.compare import make_token
    from haven.matching.names import GIVEN_NAMES_FEMALE, PLACES
    from haven.matching.normalise import name_tokens
    from haven.matching.vector import Tokeniser

    spellings = [
        x
        for pool in (GIVEN_NAMES_MALE, GIVEN_NAMES_FEMALE, FAMILY_NAMES, PLACES)
        for fa, lat in pool
        for x in (fa, *lat)
    ]
    rng = random.Random(3)
    extras = ["Seyed", "Haj", "Abdol", "zadeh", "-Pour", "ol", "Mir", "سید", "عبد", "ال", "nejad"]
    texts = spellings + [
        " ".join(rng.choice(spellings + extras) for _ in range(rng.randint(1, 4)))
        for _ in range(3000)
    ]
    alphabet = [*"abdeiouhkzs -'`_.", "ë", "ç", "\u0301", "\u200c", "ي", "ك", "ة", "ـ", "\u00a0"]
    alphabet += ["\t", "ß", "İ", "ﷲ", "㈀", "¨", "ﺃ", "٣", "Ⅳ", "ﬁ", " al ", "abdul ", " haji "]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(12))) for _ in range(5000)]
    tk = Tokeniser()
    for t in texts + texts:  # the second time from the word cache
        assert tk(t) == tuple(make_token(x) for x in name_tokens(t)), t


def test_large_dedupe_explanations_equal_the_per_pair_explanation(monkeypatch: object) -> None:
    """``vector.explain_pairs`` (array-wise, no profiles) gives the explanation
    of ``explain.explain`` for pairs whose names have one reading."""
    import haven.matching.batch as batch
    from haven.matching.explain import explain

    monkeypatch.setattr(batch, "SMALL_DEDUPE", 1)  # type: ignore[attr-defined]
    recs = [r for r in _register(600, 21) if not r.other_names]
    model = MatchModel.default()
    out = dedupe(recs, threshold=0.5, model=model)
    assert out
    by_id = {r.id: r for r in recs}
    same = 0
    for p in out:
        a, b = profile(by_id[p.left_id]), profile(by_id[p.right_id])
        levels = list(compare(a, b))
        lv = dict(levels)
        adjust = {  # the term-frequency adjustments the pair was given
            e.field: e.weight - model.weight(e.field, lv[e.field])
            for e in p.explanation
            if e.field in ("given_name", "family_name", "place") and e.field in lv
        }
        ref = explain(model, a, b, levels, adjust)
        if [e.field for e in ref] == [e.field for e in p.explanation]:
            same += all(
                x.outcome == y.outcome and x.detail == y.detail and abs(x.weight - y.weight) < 1e-3
                for x, y in zip(ref, p.explanation, strict=True)
            )
    assert same >= 0.95 * len(out)


def test_large_register_model_penalises_disagreeing_known_years() -> None:
    import haven.matching.batch as batch

    base = MatchModel.default()
    large = batch._large_register(base)
    for field in batch.LARGE_M:
        assert abs(sum(m for m, _ in large.mu(field)) - 1.0) < 1e-9
    for level in (5, 6, 7, 8):  # year_within_1 .. different
        assert large.weight("birth", level) < base.weight("birth", level)
    assert large.weight("birth", 4) >= base.weight("birth", 4)  # a year range: not penalised
    assert large.weight("given_name", 1) < base.weight("given_name", 1)


def test_large_dedupe_in_two_threads_equals_one_thread(monkeypatch: object) -> None:
    """The name stages of a large ``dedupe`` split over two threads (each with
    its own similarity memos) give exactly the pairs of one thread."""
    import haven.matching.batch as batch

    monkeypatch.setattr(batch, "SMALL_DEDUPE", 1)  # type: ignore[attr-defined]
    recs = _register(1500, 8)
    monkeypatch.setattr(batch, "PARALLEL_PAIRS", 10**12)  # type: ignore[attr-defined]
    one = dedupe(recs, threshold=0.5)
    monkeypatch.setattr(batch, "PARALLEL_PAIRS", 1)  # type: ignore[attr-defined]
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 2)  # type: ignore[attr-defined]
    assert batch._parts(1000) == [(0, 500), (500, 1000)]
    two = dedupe(recs, threshold=0.5)
    assert one
    assert two == one

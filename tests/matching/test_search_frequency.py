"""Term frequencies in a search: a partial agreement (``strong``, ``similar``) on a
common name never outweighs exact agreement on it (issue 13, second round)."""

from __future__ import annotations

import pytest

from haven.matching import Index, Record

GIVEN = ["Ali", "Reza", "Hassan", "Hossein", "Mehdi", "Saeed", "Omid", "Nima", "Arash", "Babak"]

# (case, the right record's given/family, a rival's given/family, the enquiry's given/family,
# fillers sharing the common name: given/family with {i} for a rare other part)
CASES = [
    (
        "common family name, rival only strong",
        ("Fatemeh", "Mohammadi"),
        ("Fatemeh", "al-Muhammadi"),
        ("Fatemeh", "Mohammadi"),
        ("{i}", "Mohammadi"),
    ),
    (
        "common given name, rival has a middle name",
        ("Mohammad", "Moradi"),
        ("Mohammad Sadegh", "Moradi"),
        ("Mohammad", "Moradi"),
        ("Mohammad", "{i}zadeh"),
    ),
    (
        "common given name in another script, rival has a middle name",
        ("محمد", "مرادی"),
        ("Mohammad Sadegh", "Moradi"),
        ("Mohammad", "Moradi"),
        ("Mohammad", "{i}pour"),
    ),
]


@pytest.mark.parametrize(
    ("case", "right", "rival", "typed", "filler"), CASES, ids=[c[0] for c in CASES]
)
def test_partial_agreement_on_a_common_name_weighs_no_more_than_exact(
    case: str,
    right: tuple[str, str],
    rival: tuple[str, str],
    typed: tuple[str, str],
    filler: tuple[str, str],
) -> None:
    index = Index()
    for n in range(60):
        g, f = (x.replace("{i}", GIVEN[n % len(GIVEN)] + "i" * (n // 10)) for x in filler)
        index.add(Record(f"f{n}", g, f, birth_year=1950 + n % 40))
    index.add(Record("right", *right))
    index.add(Record("rival", *rival))
    found = index.search(Record("q", *typed), top=10)
    ids = [c.record_id for c in found]
    assert ids[0] == "right", (case, ids)
    weight = {c.record_id: c.weight for c in found}
    assert weight["right"] > weight["rival"], case
    # the explanation shows the adjustment on the partial agreement too
    rival_c = next(c for c in found if c.record_id == "rival")
    assert any(e.frequency == "common" for e in rival_c.explanation), case


@pytest.mark.parametrize(
    ("common", "rare"),
    [
        ("الجبوري", "Jobouri"),  # the article and the written و left out
        ("Al-Jubouri", "Jubury"),
        ("حسینی", "Husayni"),
    ],
)
def test_every_spelling_of_a_name_counts_as_that_name(common: str, rare: str) -> None:
    """A rare spelling of a common family name is as common as the name: it
    weighs no more than the name's usual spelling (else a record in a rare
    spelling would outrank the right one in the usual spelling)."""
    index = Index()
    for n in range(40):
        index.add(Record(f"c{n}", GIVEN[n % len(GIVEN)], common))
    index.add(Record("r", "Omid", rare))
    for n in range(200):
        index.add(Record(f"x{n}", "Sara", f"Family{n}"))
    usual = index.name_share("family_name", index._profiles[index._slot["c0"]])
    spelt = index.name_share("family_name", index._profiles[index._slot["r"]])
    assert spelt == usual == 41 / len(index)


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Muhamad Nabi", ("محمدنبی", "")),  # the compound agrees: as rare as it
        ("Rahimi Mohammad-Reza", ("محمدرضا", "رحیمی")),  # both names agree, surname first
    ],
)
def test_a_whole_name_in_one_field_weighs_by_the_name_that_agreed(
    stored: str, typed: tuple[str, str]
) -> None:
    """A whole name typed into one field is counted by its commonest part only
    when the agreement is on that part: when the enquiry's name agrees with
    one of its parts, or two neighbouring ones, it weighs as that name, as the
    same name in its own field does."""
    index = Index()
    for n in range(50):  # Mohammad is common, its compounds are not
        index.add(Record(f"m{n}", "Mohammad", f"{GIVEN[n % len(GIVEN)]}{'i' * (n // 10)}"))
    index.add(Record("one-field", stored))
    split = stored.split()
    index.add(
        Record("two-fields", " ".join(split[1:]), split[0])
        if typed[1]
        else Record("two-fields", stored, "Popalzai")
    )
    found = {c.record_id: c for c in index.search(Record("q", *typed), top=10)}
    one = {e.field: e.weight for e in found["one-field"].explanation}
    two = {e.field: e.weight for e in found["two-fields"].explanation}
    assert one["given_name"] == pytest.approx(two["given_name"])

"""Table-driven tests of name normalisation and blocking keys."""

from __future__ import annotations

import pytest

from haven.matching import Record, name_keys, normalise_name, score
from haven.matching.compare import name_level, profile, tokens_similarity
from haven.matching.normalise import fold, latin_key, name_tokens, skeleton


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),  # Arabic yeh -> Persian yeh
        ("علـــی", "علی"),  # tatweel
        ("مصطفى", "مصطفی"),  # alef maksura
        ("كريمي", "کریمی"),  # Arabic kaf
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("أحمد", "احمد"),  # hamza on alef
        ("إبراهيم", "ابراهیم"),  # hamza below alef
        ("آرش", "ارش"),  # alef madda
        ("مسؤول", "مسوول"),  # hamza on waw
        ("رئيس", "رییس"),  # hamza on yeh
        ("حسین\u200cزاده", "حسینزاده"),  # ZWNJ
        ("مُحَمَّد", "محمد"),  # harakat
        ("۱۳۶۶", "1366"),  # Persian digits
        ("١٩٨٧", "1987"),  # Arabic-Indic digits
        ("ＮＡＳＲＩＮ", "nasrin"),  # NFKC full-width
        ("Ja'far", "jafar"),
        ("Çelë", "cele"),  # Albanian
        ("Šahlā Ḫālidī", "shahla khalidi"),  # one letter for two (UNGEGN, DIN 31635)
        ("ŽALEH Ġulām-Ḥusayn", "zhaleh ghulam husayn"),
        ("Ḵosrow Ḡaffārī Ǧaʿfar", "khosrow ghaffari jafar"),  # Iranica, DIN
        ("Šaćiri", "shaciri"),  # Serbian Latin
        ("Gjergj Kastrioti", "gjergj kastrioti"),
        ("ZAHRA  rezaei", "zahra rezaei"),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Seyed Ali Mousavi", "ali mousavi"),
        ("Sayyid Ali", "ali"),
        ("Haj Ahmad", "ahmad"),
        ("Hajj Ahmad", "ahmad"),
        ("Sheikh Hassan", "hassan"),
        ("سید علی", "علی"),
        ("Abdol Reza", "abdulreza"),  # ʿAbd al- is spelled one way
        ("Abdol-Reza", "abdulreza"),
        ("Abdul Reza", "abdulreza"),
        ("Abd al Reza", "abdulreza"),
        ("Mohammad-zadeh", "mohammadzadeh"),
        ("Mohammad Zade", "mohammadzadeh"),
        ("Ali poor", "alipour"),
        ("Nik-pur", "nikpour"),
        ("Nasr ollah", "nasrollah"),
        ("حسین زاده", "حسینزاده"),
        ("Mir Hosseini", "mirhosseini"),
        ("Seyed", "seyed"),  # an honorific alone is kept
    ],
)
def test_particles_and_honorifics(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


ROMANISATIONS = [
    ["Hossein", "Husayn", "Hosein", "Hussein", "Hosayn", "حسین"],
    ["Nasrin Rezaei", "Nasreen Rezaie", "نسرین رضایی"],
    ["Mohammad", "Muhammad", "Mohammed", "Mohamad", "محمد"],
    ["Fatemeh", "Fatima", "Fatemah", "فاطمه"],
    ["Zahra", "Zahraa", "زهرا"],
    ["Ali Reza", "Alireza", "علیرضا", "Ali-Reza"],
    ["Mohammadzadeh", "Mohammad-zadeh", "محمدزاده", "محمد\u200cزاده"],
    ["Abdolreza", "Abdol-Reza", "Abdul Reza", "Abdulreza", "عبدالرضا"],
    ["Khosrow", "Xosrow", "خسرو"],
    ["Gholamreza", "Qolamreza", "غلامرضا"],
    ["Jaleh", "Zhaleh", "ژاله"],
    ["Mousavi", "Moosavi", "Mousawi", "موسوی"],
    ["Nikpour", "Nikpoor", "Nikpur", "نیک‌پور"],
    ["Yasser", "Yaser", "یاسر"],
    ["Shirin", "Chirine", "Shireen", "شیرین"],
    ["Djavad", "Javad", "Jawad", "جواد"],
    ["Ahmadnezhad", "Ahmadnejhad", "Ahmadnejad", "احمدنژاد"],
]


@pytest.mark.parametrize("group", ROMANISATIONS, ids=lambda g: g[0])
def test_romanisations_share_a_key(group: list[str]) -> None:
    keys = [name_keys(x) for x in group]
    common = frozenset.intersection(*keys)
    assert common, f"no common blocking key in {group}: {keys}"


@pytest.mark.parametrize("group", ROMANISATIONS, ids=lambda g: g[0])
def test_romanisations_are_strong_name_agreement(group: list[str]) -> None:
    for a in group:
        for b in group:
            ta = profile(Record("a", given_name=a)).forms[0][0]
            tb = profile(Record("b", given_name=b)).forms[0][0]
            s = tokens_similarity(ta, tb)
            assert name_level(s) <= 1, f"{a} vs {b}: {s:.2f}"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hossein", "Hassan"), ("Zahra", "Sara"), ("Maryam", "Marziyeh"), ("Ali", "Amir")],
)
def test_different_names_are_not_strong(a: str, b: str) -> None:
    ta = profile(Record("a", given_name=a)).forms[0][0]
    tb = profile(Record("b", given_name=b)).forms[0][0]
    assert name_level(tokens_similarity(ta, tb)) >= 2


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("hossein", "hsyn"),
        ("حسین", "hsyn"),
        ("rezaei", "rzy"),
        ("رضایی", "rzy"),
        ("khosrow", "xsrv"),
        ("fatemeh", "ftm"),
        ("فاطمه", "ftm"),
    ],
)
def test_latin_key(token: str, key: str) -> None:
    assert latin_key(token) == key


def test_skeleton_ignores_vowels_doubles_and_weak_letters() -> None:
    assert skeleton(latin_key("hassan")) == skeleton(latin_key("hasan")) == "hsn"
    assert skeleton(latin_key("ghasem")) == skeleton(latin_key("qasem"))


def test_name_order_swap_scores_like_the_right_order() -> None:
    a = Record("a", given_name="Nasrin", family_name="Rezaei", birth_year=1987)
    b = Record("b", given_name="Rezaei", family_name="Nasrin", birth_year=1987)
    c = Record("c", given_name="Nasrin", family_name="Rezaei", birth_year=1987)
    assert score(a, b).weight > score(a, c).weight - 1.0


def test_middle_name_dropped_still_strong() -> None:
    a = Record("a", given_name="Mohammad Ali", family_name="Karimi")
    b = Record("b", given_name="Mohammad", family_name="Karimi")
    given = next(e for e in score(a, b).explanation if e.field == "given_name")
    assert given.outcome == "strong"


def test_other_names_are_compared() -> None:
    a = Record("a", given_name="نسرین", family_name="رضایی", other_names=("Nasreen Rezaie",))
    b = Record("b", given_name="Nasrin", family_name="Rezaei")
    fields = {e.field: e.outcome for e in score(a, b).explanation}
    assert fields["given_name"] in ("exact", "strong")
    assert fields["family_name"] in ("exact", "strong")


def test_name_tokens_empty() -> None:
    assert name_tokens("") == ()
    assert name_keys("  -- ") == frozenset()


@pytest.mark.parametrize(
    ("persian", "latin"),
    [
        ("آیدا", "Aida"),  # leading آی read as a long vowel
        ("ایرج", "Iraj"),  # ... or as a short i
        ("مصطفی", "Mostafa"),  # final alef maksura
        ("مرتضی", "Morteza"),
        ("موسی", "Musa"),
        ("رویا", "Roya"),
        ("فتح‌اللهی", "Fathollahi"),  # t-h, not th
    ],
)
def test_other_readings_across_scripts_agree(persian: str, latin: str) -> None:
    a, b = profile(Record("a", persian, "")), profile(Record("b", latin, ""))
    assert name_level(tokens_similarity(a.forms[0][0], b.forms[0][0])) == 0

"""The search-only name readings (``compare.search_tokens_similarity``), used by
``Index.search`` to re-rank its best candidates; the batch path does not use them.
Also the comparison of places, which both paths share."""

from __future__ import annotations

import pytest

from haven.matching import Index, Record
from haven.matching.compare import (
    _tokens,
    name_level,
    place_level,
    profile,
    search_given_similarity,
    search_tokens_similarity,
    tokens_similarity,
)

PAIRS = [
    ("Dariusch", "داریوش", 0),  # its i and u read as the written ی and و
    ("Yusuf Kaveh", "یوسف کاوه", 0),  # u read as the written و
    ("Hamid Reza", "حمیدرضا عبدالرضا", 1),  # adjacent tokens joined, one name missing
    ("Nazanim Khadijeh", "Nazanin Khadijeh", 1),  # misspelt, not below missing
    ("Atifa Khadijeh", "Atefeh Khadijeh", 0),  # the other reading of i: one name (عاطفه)
    ("Mahsa Shabnam", "Mahsa Taraneh", 2),  # a different name stays below
    ("Kubra", "کبری", 0),  # Latin key = the Persian alef maksura read "a"
    ("Mustafa", "مصطفی", 0),
    ("Mashadi", "مشهدی", 1),  # the medial ه unwritten in the romanisation
    ("Askari", "عسگری", 1),  # گ romanised k
    ("Asgar", "Asqar", 1),  # gh written g, or q: two Latin spellings of اصغر
    ("مصطف", "مصطفی", 1),  # a Persian letter dropped: a typo, as in Latin
    ("یعقب", "یعقوب", 1),
    ("Hossein", "Hassan", 3),  # inner vowels still tell Latin names apart
    ("حسین", "حسن", 3),  # too short to call one letter a typo
    ("Chalid", "خالد", 1),  # German ch for خ (French and English write it for ش, چ)
    ("Sachidadi", "سخیدادی", 1),
    ("Chadidscha", "خدیجه", 1),
    ("Chosro", "Khosro", 1),
    ("Sherzad", "شیرزاد", 0),  # Dari e for ی between consonants
    ("Riiadh", "Reza", 1),  # ... Reza read so (Riza) has Riyadh's key, not its vowels
    ("Chirine", "شیرین", 0),  # the French ch is still the first reading
    ("مریمو", "Maryam", 1),  # across scripts, one typo: a letter added
    ("Mohammafi", "محمدی", 1),  # ... or changed
    ("Mohammad", "محمدی", 2),  # ... but a final -i added is an ending: only similar
    ("محمد", "Mohammadi", 2),
    ("سکیته", "Sakineh", 1),
    ("Hasan", "حسین", 1),  # the same consonants without the inner ی (as before)
    ("Nima", "نیکا", 4),  # keys under four consonants: no typo reading
    ("Kijani", "کیانی", 1),  # German j for ی
    ("Sarmina", "زرمینه", 1),  # German s for ز
    ("Isa", "Aziz", 4),  # ... but not on a key of one letter (Iza: z, as Aziz with i short)
    ("Oumar", "عمر", 0),  # a French ou first is a short u
    ("Djoubouri", "الجبوري", 0),  # the article left out, ou short then long
    ("Ahmad", "حامد", 3),  # one key (hmd), the vowel first on one side only
    ("احمدی", "حامدی", 3),  # ... not a typo reading either
    ("Abdulwahid", "عبدالواحد", 0),  # each vowel read on its own: short u, short i
    ("Mouhamad", "محمد", 0),  # the French ou of a short u
    ("Mouhmad", "Mohamad", 1),  # between Latin spellings only with the vowels where they are
    ("Mahmoud", "Muhammad", 2),  # ... Mahmoud's ou where Muhammad has none: another name
    ("Mahmoud", "Mohammad", 2),
    ("Abdulwahid", "Abdolvahed", 0),  # each vowel where the other's is
    ("El-Joubouri", "Juburi", 0),  # ... after the article
    ("El-Joubouri", "الجبوري", 0),  # ... and of a long one, the article on both sides
    ("Nuri", "نور", 2),  # a final i is the written ی: Nuri is not Nur, only like it
    ("Mohammadjavad", "محمد جواد", 0),  # d+j where the compound joins, not French dj
    ("Mohammadjavad", "مجید", 4),  # an h left out makes no double: mmjd is not mjd
    ("Hamad", "الحمد", 1),  # the article in Arabic script, before three consonants
    ("Elmira", "Mir", 4),  # ... but not el- in Latin before so few: two names
    ("Huda", "هدى", 0),  # a final alef maksura read "a" in Arabic women's names
    ("Souha", "سهى", 0),  # ... the ه before it a letter
    ("Doha", "ضحى", 0),  # ... and ض as the Arabic d
    ("Ramadan", "رمضان", 0),
    ("Morteza", "مرتضی", 0),  # the Persian z stays the first reading
    ("فاطمةو", "Fatima", 1),  # a letter too many in Arabic script: ه made medial
    ("کریمهو", "Karimeh", 1),
    ("زهرهی", "Zohreh", 2),  # a final ی is an ending (-i), not a stray letter
    ("Karimla", "کریم", 1),  # ... or in Latin
    ("Zahraw", "زهرا", 1),
    ("احمدی", "Hamid", 4),  # a letter left out must leave a reading, not a vowel first
    ("Fatemehzahra", "فاطمه زهرا", 0),  # fused in Latin, the final ه of the first part kept
    ("Mehdi", "مهدی", 0),  # ... an h after the first letter is no part's end
    ("Gulhal", "گلخیل", 1),  # خ written h, as in Turkish and Azeri spellings
    ("Halil", "خلیل", 1),
    ("Khasan", "Hasan", 1),  # ... and ح written kh, as in Russian ones
    ("Khalil", "Jalil", 2),  # another letter: at most similar
    ("Hafajee", "al-Khafāji", 1),  # kh written h, and the article left out
    ("حسنی", "حسین", 4),  # the last two letters swapped, one a ی: another name, no typo
    ("Majdi", "مجید", 4),
    ("Nazari", "نذیر", 4),
    ("Aliahmed", "حمید", 4),  # read al-Iahmed, it begins with a vowel: no Hamid
    ("al-Ubaidi", "عبیدی", 1),  # ... as Ubaidi and عبیدی both do
    ("Modjtaabapour", "مجتبی پور", 0),  # the ی of Mojtaba read a before a suffix
    ("Mostafazadeh", "مصطفی‌زاده", 0),
    ("Musapour", "موسی‌پور", 0),
    ("Musapour", "موسوی", 4),  # موسوی (Musavi) is no Musa with a suffix
    ("Ali", "Khaalid", 4),  # a vowel first on one side and other consonants: two names
    ("Ahmad", "Hamed", 3),  # ... one key: at most weak
]


@pytest.mark.parametrize(
    ("a", "b", "given", "family"),
    [
        ("Mir Ali", "Ali", 1, 4),  # Mir before a given name: a title
        ("میرعلی", "علی", 1, 4),
        ("Mīr Mohammad-Alī", "محمد علي", 1, 2),
        ("Mirhosseini", "Hosseini", 1, 3),  # as a family name, another family
    ],
)
def test_mir_is_a_title_of_given_names_only(a: str, b: str, given: int, family: int) -> None:
    ta, tb = _tokens(a), _tokens(b)
    assert name_level(search_given_similarity(ta, tb)) == given
    assert search_given_similarity(ta, tb) == search_given_similarity(tb, ta)
    assert name_level(search_tokens_similarity(ta, tb)) == family


@pytest.mark.parametrize(("a", "b", "level"), PAIRS)
def test_search_readings(a: str, b: str, level: int) -> None:
    ta, tb = _tokens(a), _tokens(b)
    s = search_tokens_similarity(ta, tb)
    assert s == search_tokens_similarity(tb, ta)
    assert s >= tokens_similarity(ta, tb)
    assert name_level(s) == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Tabriz", "Tebriz", 0),
        ("Mashhad", "Mashad", 0),
        ("Meshed", "مشهد", 0),
        ("Urmia", "ارومیه", 0),
        ("Kazvin", "قزوین", 0),
        ("Bandar Abbas", "بندرعباس", 0),
        ("Nishapur", "نیشابور", 0),  # Arabic script has no پ
        ("Nishapur", "Nishabur", 0),
        ("Isfahan", "Isfaham", 1),  # a typo: similar, not the same place
        ("Kerman", "Kermanshah", 1),  # one name extends the other: another place
        ("Kirman", "Kermanshah", 1),
        ("Tabriz", "Tehran", 2),
        ("El Basra", "Basra", 0),  # the Arabic article written or not: one place
        ("Al-Basrah", "البصرة", 0),
        ("Alnajef", "Najaf", 0),
        ("An-Najaf", "النجف", 0),  # ... assimilated to a sun letter
        ("Ar-Ramadi", "Ramadi", 0),
        ("Al Mawsil", "Mosul", 0),
        ("Elbasan", "Basra", 2),  # what is left must still be the other place
        ("Lattakia", "اللاذقية", 0),  # another spelling of an exonym (Latakia)
        ("Korytza", "Korçë", 0),
    ],
)
def test_places(a: str, b: str, level: int) -> None:
    pa = profile(Record("a", place_of_origin=a)).place
    pb = profile(Record("b", place_of_origin=b)).place
    assert pa is not None and pb is not None
    assert place_level(pa, pb) == place_level(pb, pa) == level


def test_misspelt_not_below_missing() -> None:
    q = _tokens("Atifa Khadijeh")
    misspelt = search_tokens_similarity(q, _tokens("Atefeh Khadijeh"))
    missing = search_tokens_similarity(q, _tokens("Khadijeh"))
    assert misspelt > missing


def test_index_ranks_with_search_readings() -> None:
    index = Index()
    index.rerank = 10
    index.add(Record("a", "حمیدرضا عبدالرضا", "اصغرنیا", birth_year=1986))
    index.add(Record("b", "Muhammad Reza", "Asgharniya", birth_year=1986))
    found = index.search(Record("q", "Hamid Reza", "Asqar Niya", birth_year=1986), top=2)
    assert [c.record_id for c in found] == ["a", "b"]
    index.rerank = 0  # without the re-ranking the namesake comes first
    found = index.search(Record("q", "Hamid Reza", "Asqar Niya", birth_year=1986), top=2)
    assert found[0].record_id == "b"


def test_mahmoud_is_not_found_as_mohammad() -> None:
    # two of the commonest names, with one key once Mahmoud's ou is read as a
    # short u: between Latin spellings the vowels must stand where the
    # other's do for that reading
    index = Index()
    index.add(Record("m", "Mohammad", "Karimi", birth_year=1980))
    index.add(Record("d", "Mahmud", "Karimi", birth_year=1980))
    found = index.search(Record("q", "Mahmoud", "Karimi", birth_year=1980), top=2)
    assert [c.record_id for c in found] == ["d", "m"]
    given = {
        c.record_id: e.outcome for c in found for e in c.explanation if e.field == "given_name"
    }
    assert given == {"d": "exact", "m": "similar"}


def test_mir_is_a_title_also_when_the_names_are_in_the_other_order() -> None:
    from haven.matching.compare import compare_names

    q = profile(Record(id="q", given_name="میر محمد", family_name="مرادی"))
    r = profile(Record(id="r", given_name="Moradee", family_name="Mohammad"))
    g, f, _, _ = compare_names(q, r, search_tokens_similarity)
    assert (name_level(g), name_level(f)) == (1, 0)
    g, f, _, _ = compare_names(q, r)  # the batch reading has no titles of Mir
    assert name_level(min(g, f)) == 4


def test_a_whole_name_in_one_field_is_brought_close_in_either_order() -> None:
    """Surname first ("al-Hoseini Mariam Yusuf") or last: the candidates whose
    names are closest are found by both readings of the field."""
    import numpy as np

    ix = Index()
    names = [("Maryam", "Husseyni"), ("Yusuf", "Hoseini"), ("Mariam", "Yusufi")]
    for k, (g, f) in enumerate(names):
        ix.add(Record(id=f"r{k}", given_name=g, family_name=f))
    slots = np.arange(3, dtype=np.int32)
    whole = profile(Record(id="q", given_name="al-Hoseini Mariam Yusuf"))
    split = profile(Record(id="q", given_name="Mariam Yusuf", family_name="al-Hoseini"))
    assert ix._name_closeness(whole, slots)[0] >= ix._name_closeness(split, slots)[0]
    assert ix._name_similarity(whole, slots)[0] >= ix._name_similarity(split, slots)[0]


def test_a_name_known_only_to_the_search_readings_is_read_again_when_common() -> None:
    """The re-ranking looks at every candidate that its readings could lift into
    the list, counting what a common name's frequency already took from it: a
    French spelling of a common name (Mouhamad El-Joubouri = محمد الجبوري) whose
    place agrees comes first."""
    index = Index()
    index.add(Record("right", "Mouhamad", "El-Joubouri", sex="male", place_of_origin="Najaf"))
    index.add(Record("rival", "محمد", "الجبوري", sex="male"))
    given = ["علي", "حسن", "عمر", "احمد", "خالد", "يوسف", "حسين", "محمود"]
    for n in range(40):
        index.add(Record(f"j{n}", given[n % len(given)], "الجبوري", sex="male"))
        index.add(Record(f"m{n}", "محمد", f"Family{n}", sex="male"))
    query = Record("q", "السيد محمد", "الجبوري", sex="male", place_of_origin="النجف")
    found = index.search(query)
    assert found[0].record_id == "right"


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Schafik", "شفیق"),  # ق written k: the record shares no key but by this reading
        ("Tarik", "طارق"),
        ("قاسم", "Kasim"),  # ... and a Latin k looked up as ق
    ],
)
def test_qaf_written_k_is_looked_up(stored: str, typed: str) -> None:
    index = Index()
    index.add(Record("right", stored, sex="male", birth_year=2003))
    for k in range(300):  # a common name of the other reading, born elsewhen
        index.add(Record(f"x{k}", "Shafigh" if k % 2 else "Qasem", birth_year=1950 + k % 40))
    found = index.search(Record("q", typed, birth_year=2003), top=5)
    assert "right" in [c.record_id for c in found]

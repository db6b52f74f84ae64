"""The search-only name readings.

``Index.search`` ranks a few hundred candidates per enquiry, so it can afford
readings the batch path (``vector``, which must give the same levels as
``compare``) does not compute: they are used through ``compare(..., sim=
search_tokens_similarity)`` by the index only: skeletons across scripts, typos
in Persian script and across scripts, the German, Dari and French readings of
Latin letters, adjacent tokens joined, and Mir before a given name."""

from __future__ import annotations

import re
from collections.abc import Collection

from rapidfuzz.distance import OSA

from ..normalise import (
    arabic_d_keys,
    latin_key,
    latin_key_alt,
    latin_key_readings,
    latin_vowel_readings,
)
from .names import (
    SAME_KEY,
    NameSim,
    _greedy_sims,
    _joined,
    article_free,
    token_similarity,
    tokens_similarity,
)
from .profile import PairCache, Token, Tokens, _intern, _vowel_first, make_token

SKELETON_SIM = 0.95  # across scripts, same consonant skeleton without v/y
PERSIAN_TYPO_SIM = 0.9  # two Persian spellings one edit apart ...
PERSIAN_TYPO_MIN = 4  # ... of at least so many letters
# entries a per-spelling cache holds before it starts again: more than the
# spellings of a register of a few million (the index reads them ahead: ``ahead``)
READ_CAP = 2_000_000


_VY = str.maketrans({"v": "", "y": ""})
_VYH = str.maketrans({"v": "", "y": "", "h": "", "x": ""})
# g/gh/q one letter; kh (x) one with h: خ is h in Turkish and Azeri spellings
# (Halil, Zalmaihel), ح kh in Russian ones (Khasan)
_K = str.maketrans({"G": "k", "g": "k", "x": "h"})


_SKELETONS: dict[tuple[str, ...], set[str]] = {}


def _skeletons(token: Token) -> set[str]:
    """A token's Latin keys (both readings) without their inner v/y, and also
    without inner h and with g/gh/q/k as one: و/ی/ه written or not, ق/غ/گ
    romanised k or g (Yusuf = یوسف, Mashad = مشهد, Askari = عسگری, Bagdad =
    بغداد).  Only skeletons of three letters or more: shorter ones say little.
    Used by the search readings and by ``place_similarity`` (both paths)."""
    return _key_skeletons(token.key, token.alt)


def _key_skeletons(*keys: str) -> set[str]:
    out = _SKELETONS.get(keys)
    if out is not None:
        return out
    if len(_SKELETONS) > READ_CAP:
        _SKELETONS.clear()
    out = _SKELETONS[keys] = set()
    for key in set(keys):
        if len(key) < 3:
            continue
        inner = key[1:-1]
        for sk in (
            key[0] + inner.translate(_VY) + key[-1],
            (key[0] + inner.translate(_VYH) + key[-1]).translate(_K),
        ):
            # no doubles collapsed: a pair made by a letter left out is two
            # letters (Mohammadjavad, mhmjvd, is not Majid, mjyd: mmjd, mjd)
            if len(sk) >= 3:
                out.add(sk)
    return out


_SEARCH_SIM: PairCache[Token] = PairCache(1_000_000)


def search_token_similarity(a: Token, b: Token) -> float:
    """``token_similarity``, plus across scripts: either reading of one side
    the same as either reading of the other (Kubra = کبری) is "exact", the same
    consonant skeleton (``_skeletons``: Dariusch = داریوش, Yusuf = یوسف) is
    "strong"; two Latin spellings with g for gh or q (Asgar = Asghar = Asqar)
    are "strong"; and two Persian-script spellings one typo apart (a letter
    dropped, added, changed or two swapped: مصطف = مصطفی) are "strong" when
    both have four letters or more (حسن and حسین are two names)."""
    return _cached_readings(a, b, _SEARCH_SIM, letter_added=True)


def _cached_readings(a: Token, b: Token, cache: PairCache[Token], *, letter_added: bool) -> float:
    af, bf = a.fold, b.fold
    if af == bf:
        return 1.0  # as ``token_similarity``
    # every pair's value is cached, those no reading changes too: one lookup;
    # by the tokens (see ``token_similarity``), which the differing folds order
    x, y = (a, b) if af < bf else (b, a)
    r = cache.get(x, y)
    if r is not None:
        return r
    s = token_similarity(a, b)
    r = s if s >= SKELETON_SIM else _reading_similarity(a, b, s, letter_added=letter_added)
    return cache.put(x, y, r)


def _reading_similarity(a: Token, b: Token, s: float, *, letter_added: bool) -> float:
    """The search readings of two tokens whose ``token_similarity`` is ``s``
    (below ``SKELETON_SIM``), the first that applies (uncached)."""
    # between Latin spellings the vowel and further readings need the vowels
    # in the same places (``_vowel_slots``), as every spelling of one name has
    placed = not (a.latin and b.latin) or _vowel_slots(a) == _vowel_slots(b)
    if a.vstart != b.vstart and not (article_free(a) or article_free(b)):
        r = s  # Ahmad and Hamed: no further reading makes them one name
    elif placed and (_vowel_reading(a, b) or _vowel_reading(b, a)):
        r = SAME_KEY
    elif placed and (_further_reading(a, b) or _further_reading(b, a)):
        r = SKELETON_SIM
    elif a.latin and b.latin:
        r = SKELETON_SIM if _k_keys(a) & _k_keys(b) else s
    elif a.latin == b.latin:
        typo = (
            min(len(a.fold), len(b.fold)) >= PERSIAN_TYPO_MIN
            and OSA.distance(a.fold, b.fold, score_cutoff=1) <= 1
            and not _final_y_swapped(a.fold, b.fold)
        )
        r = max(s, PERSIAN_TYPO_SIM) if typo else s
    elif (
        a.key in (b.key, b.alt)
        or a.alt in (b.key, b.alt)
        or _arabic_reading(a, b)
        or _arabic_reading(b, a)
        or _compound_reading(a, b)
        or _compound_reading(b, a)
    ):
        r = SAME_KEY
    elif _search_skeletons(a, b) & _search_skeletons(b, a):
        r = SKELETON_SIM
    elif across := _one_typo_across(a, b):
        r = max(s, across)
    elif letter_added and (added := max(_letter_added_across(a, b), _letter_added_across(b, a))):
        r = max(s, added)
    else:
        r = s
    return r


def _k_keys(t: Token) -> set[str]:
    """A Latin token's key with g/gh/q/k one letter and kh one with h, with
    and without its Arabic article (Hafajee = al-Khafaji)."""
    art = article_free(t)
    return {t.key.translate(_K), art.translate(_K)} if art else {t.key.translate(_K)}


def _search_skeletons(t: Token, other: Token) -> set[str]:
    """``_skeletons``, and those of the name without its Arabic article
    (Djoubouri = الجبوري: the article and the French ou both left out) when
    it then begins with a vowel as ``other`` does, with or without its own
    article (Aliahmed, read al-Iahmed, is no Hamid)."""
    art = article_free(t)
    if not art or not _same_start(t.fold[2:], other):
        return _skeletons(t)
    return _skeletons(t) | _article_free_skeletons(t, art)


def _article_free_skeletons(t: Token, art: str) -> set[str]:
    """``_key_skeletons`` of a token's two readings without its Arabic
    article (``art``, its ``article_free`` key)."""
    return _key_skeletons(art, t.alt[1:] if t.alt[:1] == "l" else art)


def _final_y_swapped(x: str, y: str) -> bool:
    """The last two letters swapped, one of them y or ی: no typo but another
    name, a final -i (nisba) for a long i before the last letter (Hasani ~
    Hosein, حسنی ~ حسین; Majdi ~ Majid; Bushra ~ Bashir)."""
    return (
        len(x) == len(y) >= 2
        and x[:-2] == y[:-2]
        and x[-2:] == y[:-3:-1]
        and any(c in "yی" for c in x[-2:])
    )


def _one_typo_across(a: Token, b: Token) -> float:
    """Across scripts, a reading of one side one typo from a reading of the other
    (a letter dropped, added, changed or two swapped: مریمو = Maryam, Mohammafi =
    محمدی), both keys of four consonants or more: ``PERSIAN_TYPO_SIM``, as two
    Persian spellings; only ``ENDING_SIM`` when the typo is a final -i, another
    name (Mohammad ~ محمدی, as Nur ~ نوری); else 0."""
    if min(len(a.key), len(b.key)) < PERSIAN_TYPO_MIN:
        return 0.0
    out = 0.0
    for x in {a.key, a.alt}:
        for y in {b.key, b.alt}:
            if (
                x
                and y
                and -1 <= len(x) - len(y) <= 1
                and OSA.distance(x, y, score_cutoff=1) <= 1
                and not _final_y_swapped(x, y)
            ):
                if x + "y" != y and y + "y" != x:
                    return PERSIAN_TYPO_SIM
                out = ENDING_SIM
    return out


_DELETIONS: dict[str, tuple[str, str]] = {}
_VOWELS = "aeiouا"
_ENDINGS = frozenset("iyی")  # a final -i (Nuri, نوری) is an ending: another name
ENDING_SIM = 0.85  # a name and the same with an -i: Nur ~ نوری is "similar", as Nur ~ Noori
DELETION_GROWTH = 4  # a letter left out lengthens a key by at most 3 (measured), and 1 to spare


def _deletion_keys(t: Token) -> tuple[str, str]:
    """The keys (both readings) of a token with one letter left out, of three
    consonants or more, each at most two letters shorter than the reading it
    comes from (a ه before the letter may become a silent final one: فاطمهو);
    never a letter between two of the same consonants, whose key would make
    them one (Mirmohammad without its r, mimohammad, is not mhmd).  Those with
    a final -i left out apart.  Each as one string, "|k1|k2|...|" (``_has_key``):
    cached per spelling and read ahead for the whole register, as sets they
    took 1.8 kB a spelling."""
    out = _DELETIONS.get(t.fold)
    if out is None:
        if len(_DELETIONS) > READ_CAP:
            _DELETIONS.clear()
        fold = t.fold
        inner: set[str] = set()
        ending: set[str] = set()
        for i in range(len(fold)):
            left, right = fold[:i].rstrip(_VOWELS), fold[i + 1 :].lstrip(_VOWELS)
            if left and right and left[-1] == right[0]:
                continue
            v = fold[:i] + fold[i + 1 :]
            found = ending if i == len(fold) - 1 and fold[i] in _ENDINGS else inner
            for k, whole in ((latin_key(v), t.key), (latin_key_alt(v), t.alt)):
                if len(k) >= max(3, len(whole) - 2):
                    found.add(k)
        out = _DELETIONS[fold] = (_key_list(inner), _key_list(ending - inner))
    return out


def _key_list(keys: set[str]) -> str:
    return f"|{'|'.join(sorted(keys))}|" if keys else ""


def _has_key(keys: str, readings: Collection[str]) -> bool:
    """Whether one of ``readings`` is in a ``_key_list`` (keys hold no "|")."""
    return bool(keys) and any(f"|{r}|" in keys for r in readings)


def _letter_added_across(a: Token, b: Token) -> float:
    """How alike ``a`` with a letter too many is to ``b`` in the other script:
    ``PERSIAN_TYPO_SIM`` when it is then a reading of ``b`` (فاطمةو = Fatima,
    Karimla = کریم), ``ENDING_SIM`` when the letter is a final -i (Nuri ~ نور),
    else 0.  A stray letter can change the keys by more than one letter (it
    makes a final ه medial), so letters are left out before the keys are read."""
    if a.latin == b.latin or len(a.fold) < PERSIAN_TYPO_MIN:
        return 0.0
    readings, lengths = _all_readings(b)
    # the deletion keys are at most two letters shorter (``_deletion_keys``) and,
    # breaking a digraph (dsch without its h: dsc), a few longer: no reading of
    # a length between, no need to compute them
    lo = max(3, min(len(a.key), len(a.alt)) - 2)
    hi = max(len(a.key), len(a.alt)) + DELETION_GROWTH
    if not any(lengths[lo : hi + 1]):
        return 0.0
    inner, ending = _deletion_keys(a)
    if _has_key(inner, readings):
        return PERSIAN_TYPO_SIM
    return ENDING_SIM if _has_key(ending, readings) else 0.0


_ALL_READINGS: dict[Token, tuple[frozenset[str], bytes]] = {}


def _all_readings(t: Token) -> tuple[frozenset[str], bytes]:
    """A token's key, other reading and, in Latin, ``latin_vowel_readings``;
    and which lengths they have (``lengths[n]`` 1 when one has n letters).
    Cached."""
    out = _ALL_READINGS.get(t)
    if out is None:
        if len(_ALL_READINGS) > READ_CAP:
            _ALL_READINGS.clear()
        readings = frozenset({t.key, t.alt}) | (
            latin_vowel_readings(t.fold) if t.latin else frozenset()
        )
        lengths = bytearray(max(map(len, readings)) + 1)
        for r in readings:
            lengths[len(r)] = 1
        out = _ALL_READINGS[t] = (readings, bytes(lengths))
    return out


def _vowel_reading(a: Token, b: Token) -> bool:
    """A reading of Latin ``a`` with its vowels read one by one as written or
    not (``latin_vowel_readings``: Abdulwahid = عبدالواحد, Mouhamad = محمد) is
    the key of ``b``, or of ``b`` without its article (El-Joubouri = الجبوري
    is an article away: Joubouri = جبوری).  Tried between two Latin spellings
    only with their vowels in the same places (``_vowel_slots``): Mouhamad =
    Mohammad, but Mahmoud, with its ou where Mohammad has none, is another
    name, though read with a short u it has Mohammad's key."""
    if not a.latin:
        return False
    readings = latin_vowel_readings(a.fold)
    if not readings:
        return False
    if b.key in readings or b.alt in readings:
        return True
    art_a, art_b = article_free(a), article_free(b)
    return (bool(art_b) and art_b in readings) or (
        bool(art_a)
        and _same_start(a.fold[2:], b)
        and bool(latin_vowel_readings(a.fold[2:]) & {b.key, b.alt})
    )


_VOWEL_RUN = re.compile(r"[aeiou]+")
_CONSONANT_RUN = re.compile(r"[^aeiouV]+")


_VOWEL_SLOTS: dict[Token, str] = {}


def _vowel_slots(t: Token) -> str:
    """Where a Latin token's vowels are: its vowel-class form with each run
    of vowels and each of consonants one slot (Mouhamad, Mohammad and
    Khosro's Chosro: CVCVCVC, CVCV; Mahmoud: CVCVC), after its Arabic
    article if it has one."""
    out = _VOWEL_SLOTS.get(t)
    if out is None:
        if len(_VOWEL_SLOTS) > READ_CAP:
            _VOWEL_SLOTS.clear()
        v = t.vowels
        if article_free(t) and v[:2] in ("al", "il"):
            v = v[2:]
        out = _VOWEL_SLOTS[t] = _CONSONANT_RUN.sub("C", _VOWEL_RUN.sub("V", v))
    return out


def _same_start(rest: str, other: Token) -> bool:
    """A name without its article (``rest``) begins with a vowel as ``other``
    does, or as ``other`` without its own article does: al-Iahmed is no Hamid."""
    v = _vowel_first(rest)
    return v == other.vstart or (bool(article_free(other)) and v == _vowel_first(other.fold[2:]))


_SILENT_H = re.compile(r"(?<=[a-z]{2}[ae])h(?=[^aeiouh])")
_COMPOUND_KEYS: dict[str, frozenset[str]] = {}


def _compound_keys(fold: str) -> frozenset[str]:
    """The keys of a fused Latin compound read with the final ه of its first
    part silent (Fatemehzahra as فاطمه زهرا, Zohrehsadat): each inner -eh or
    -ah before a consonant left without its h.  Cached."""
    out = _COMPOUND_KEYS.get(fold)
    if out is None:
        if len(_COMPOUND_KEYS) > READ_CAP:
            _COMPOUND_KEYS.clear()
        keys: set[str] = set()
        for m in _SILENT_H.finditer(fold):
            v = fold[: m.start()] + fold[m.end() :]
            keys.update((latin_key(v), latin_key_alt(v)))
        out = _COMPOUND_KEYS[fold] = frozenset(keys)
    return out


def _compound_reading(a: Token, b: Token) -> bool:
    """Latin ``a``, a fused compound whose first part ends in a silent ه, is a
    reading of ``b`` in Persian script (``_compound_keys``)."""
    if not a.latin or b.latin:
        return False
    keys = _compound_keys(a.fold)
    return bool(keys) and not keys.isdisjoint((b.key, b.alt))


def _arabic_reading(a: Token, b: Token) -> bool:
    """Arabic-script ``a`` read with ض as the Arabic d (``arabic_d_keys``:
    Doha = ضحى) is a reading of Latin ``b``."""
    if a.latin:
        return False
    keys = arabic_d_keys(a.fold)
    return bool(keys) and bool(keys & ({b.key, b.alt} | latin_vowel_readings(b.fold)))


def _further_reading(a: Token, b: Token) -> bool:
    """A further reading of Latin ``a`` (German ch, Dari e:
    ``latin_key_readings``) is a reading of ``b`` of two letters or more
    (Isa read as Iza has the key z, as Aziz with its i short: two names);
    tried between Latin spellings only with their vowels in the same places,
    as each further reading leaves them (Reza read as Riza has the key of
    Riyadh)."""
    if not a.latin:
        return False
    readings = latin_key_readings(a.fold)
    return bool(readings) and (
        (len(b.key) >= FURTHER_MIN and b.key in readings)
        or (len(b.alt) >= FURTHER_MIN and b.alt in readings)
    )


FURTHER_MIN = 2  # letters of a key a further reading is matched on


_JOINED_SIM: PairCache[Token] = PairCache(1_000_000)


def _joined_similarity(a: Token, b: Token) -> float:
    """``search_token_similarity`` of two names of two tokens or more, each
    joined, without the reading of a letter too many: their tokens are
    compared one by one, with that reading, already, and the letters left out
    one at a time of two long joined names are the costliest reading of all
    (a fused name against a split one keeps it: Mohammadreaza = محمد رضا).
    Its own cache: a joined name may be spelt as some record's single token."""
    return _cached_readings(a, b, _JOINED_SIM, letter_added=False)


PRESENT_MIN = 0.8  # a token at least this similar counts as present, misspelt
PRESENT_CAP = 0.984  # the present-but-misspelt reading never reaches "exact"


def _search_plain(a: Tokens, b: Tokens) -> float:
    if len(a) > len(b):
        a, b = b, a
    sims = _greedy_sims(a, b, search_token_similarity)
    score = sum(sims) / len(sims)
    if len(a) == len(b):
        if score < 1.0:  # else the other order does no better
            other = _greedy_sims(b, a, search_token_similarity)
            if sum(other) > sum(sims):
                sims, score = other, sum(other) / len(other)
        if len(sims) >= 2:
            # a name present but misspelt must not score below a name missing
            # (which costs 5%): drop the weakest token, credit it a little
            low = min(sims)
            if low >= PRESENT_MIN:
                rest = (sum(sims) - low) / (len(sims) - 1)
                score = max(score, min(0.95 * rest + 0.03 * low, PRESENT_CAP))
    else:
        score *= 0.95
    if score < 1.0:
        ja, jb = _joined(a), _joined(b)
        joined = (
            _joined_similarity(ja, jb)
            if len(a) > 1 and len(b) > 1
            else search_token_similarity(ja, jb)
        )
        if joined > score:
            score = joined
    return score


def _adjacent_joins(toks: Tokens) -> list[Tokens]:
    """``toks`` with two neighbouring tokens joined ("Hamid Reza X" -> "Hamidreza X")."""
    return [
        _intern((*toks[:i], _joined(toks[i : i + 2]), *toks[i + 2 :])) for i in range(len(toks) - 1)
    ]


_SEARCH_TOKENS: PairCache[Tokens] = PairCache(1_000_000)


def search_tokens_similarity(a: Tokens, b: Tokens) -> float:
    """``tokens_similarity`` with the search-only readings: cross-script
    skeletons (``search_token_similarity``), a misspelt token scoring at
    least as a missing one, and two adjacent tokens joined on either side
    ("Hamid Reza" = "Hamidreza Abdolreza").  Symmetric; never below
    ``tokens_similarity``."""
    x, y = (a, b) if id(a) < id(b) else (b, a)
    cached = _SEARCH_TOKENS.get(x, y)
    if cached is not None:
        return cached
    s = tokens_similarity(a, b)
    if s < 1.0:  # else no reading does better
        s = max(s, _search_plain(a, b))
    if s < 0.95 and len(a) + len(b) >= 3:
        for ja in _adjacent_joins(a):
            s = max(s, _search_plain(ja, b))
        for jb in _adjacent_joins(b):
            s = max(s, _search_plain(a, jb))
    return _SEARCH_TOKENS.put(x, y, s)


_MIR = ("mir", "میر")
MIR_MIN = 3  # letters after Mir for it to be read as a title


def _without_mir(toks: Tokens) -> Tokens:
    """A given name without a leading Mir (Mir Ali = Ali: ``name_tokens`` joins
    Mir to the next token, as Mirhosseini is a family name of its own), or ()."""
    if not toks:
        return ()
    f = toks[0].fold
    for mir in _MIR:
        if f.startswith(mir) and len(f) - len(mir) >= MIR_MIN:
            return _intern((make_token(f[len(mir) :]), *toks[1:]))
    return ()


def search_given_similarity(a: Tokens, b: Tokens) -> float:
    """``search_tokens_similarity`` for given names: a Mir written before one
    of them is read as a title too (Mir Ali ~ Ali is "strong"; family names
    are never read so: Mirhosseini is not Hosseini)."""
    s = search_tokens_similarity(a, b)
    if s >= SKELETON_SIM:
        return s
    a2, b2 = _without_mir(a), _without_mir(b)
    if a2 and not b2:
        s = max(s, min(search_tokens_similarity(a2, b), SKELETON_SIM))
    elif b2 and not a2:
        s = max(s, min(search_tokens_similarity(a, b2), SKELETON_SIM))
    return s


_GIVEN_READINGS: dict[NameSim, NameSim] = {search_tokens_similarity: search_given_similarity}

"""Name comparisons of the batch path and the search: tokens and names
into similarities, similarities into outcome levels."""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from .profile import _TOKENS_SIM, PairCache, Token, Tokens

_SIM_CACHE: PairCache[Token] = PairCache(2_000_000)
SAME_KEY = 0.99  # two spellings of one name: agreement as good as identical
EXACT_MIN = 0.985  # name similarity counted as "exact"


def token_similarity(a: Token, b: Token) -> float:
    """1.0 identical; 0.99 same romanisation key (``SAME_KEY``: the same name in
    another spelling or script, "exact" agreement); else string similarity
    (cached: names repeat, so most pairs of tokens have been seen before)."""
    af, bf = a.fold, b.fold
    if af == bf:
        return 1.0
    if a.key == b.key and a.key and a.vstart == b.vstart:
        return GENDER_SIM if gendered(a, b) else SAME_KEY
    # by the tokens, not their letters: a compound's parts joined have the
    # letters of the compound written fused, not always its keys
    x, y = (a, b) if af < bf else (b, a)  # the folds differ: they order the tokens
    s = _SIM_CACHE.get(x, y)
    return _SIM_CACHE.put(x, y, _token_similarity(a, b)) if s is None else s


GENDER_SIM = 0.85  # a man's name and the woman's made from it: Karim ~ Karima is "similar"


def name_ending(t: Token) -> int:
    """How a Latin token ends: 1 in -a, -ah or -eh (Karima, Hamideh, and
    Fatima, Abdullah), 2 in another consonant (Karim, Hamid), 0 in another
    vowel or not Latin."""
    f = t.fold
    if not t.latin or not f:
        return 0
    if f.endswith(("a", "ah", "eh")):
        return 1
    return 0 if f[-1] in "aeiouy" else 2


def gendered(a: Token, b: Token) -> bool:
    """A Latin name ending in a consonant and the same letters with -a, -ah or
    -eh added: a man's name and the woman's made from it (Karim, Karima; Arben,
    Arbena; Hamid, Hamideh), two names, though their key is one (it drops the
    ending, which stands for the silent final ه of Fatemeh = فاطمه)."""
    if not 1 <= abs(len(a.fold) - len(b.fold)) <= 2:  # the ending is one or two letters
        return False
    if {name_ending(a), name_ending(b)} != {1, 2}:
        return False
    x, y = (a.fold, b.fold) if len(a.fold) < len(b.fold) else (b.fold, a.fold)
    return len(x) >= 3 and y.startswith(x) and y[len(x) :] in ("a", "ah", "eh")


ARTICLE_SIM = 0.95  # the Arabic article written or left out: al-Jubouri = Jubouri
SHORT_SIM = 0.9  # a common short form: Mamad = Mohammad
SUFFIX_CAP = 0.85  # one root, two family names: Hosseini ~ Hosseinzadeh is "similar"
VOWEL_FIRST_CAP = 0.75  # one key, a vowel first on one side only: Ahmad ~ Hamed is "weak"
OTHER_START_CAP = 0.6  # another key too: Ali ~ Khalid is "different"
FAR_KEYS_CAP = 0.75  # Latin names two edits apart or more in half their consonants: "weak"
_FAMILY_SUFFIX = re.compile(
    r"(?<=[a-z]{3})(zadeh|[zs]ai|[zs]ay|[zs]ei|[zs]ey|pour|nejad|nezhad|nejhad|neschad)$"
)
_SUFFIX_SPELLING = {"nezhad": "nejad", "nejhad": "nejad", "neschad": "nejad"}  # and zai


def family_suffix(t: Token) -> str:
    """The family-name suffix of a Latin token (-zadeh, -zai, -pour, -nejad, in one
    spelling each), or "": a name with another suffix, or none, is another family of
    the same root (Hosseini, Hosseinzadeh, Hosseinpour; Ahmadi, Ahmadzai), however
    close the letters."""
    m = _FAMILY_SUFFIX.search(t.fold) if t.latin else None
    if m is None:
        return ""
    x = m.group(1)
    return "zai" if len(x) == 3 else _SUFFIX_SPELLING.get(x, x)  # German s for z: Ahmadsai


def article_free(t: Token) -> str:
    """The Latin key without a leading Arabic article (al-, el-, ال), when the
    token has one and at least four consonants follow it (three in Arabic
    script, where ال before a name is the article: الحمد = Hamad; in Latin
    Elmira is not Mir); else ""."""
    f = t.fold
    if t.key[:1] == "l" and (
        (len(t.key) >= 5 and f.startswith(("al", "el"))) or (len(t.key) >= 4 and f[:2] == "ال")
    ):
        return t.key[1:]
    return ""


_SHORT_SECOND = ("", "rz", "ly", "hsyn", "hsn", "jvd", "mhdy", "tqy", "bqr", "sdq", "kzm", "nby")


def expand_short(key: str) -> str:
    """The Latin key of the full form of a short one (Mamad, Mammad, ممد =
    Mohammad; Mamadreza = Mohammadreza, Mamadali = Mohammadali); "" when
    ``key`` is none.  The keys write a doubled letter once, so Mamad's is md:
    only md alone or with the second part of a compound (Madina is not one)."""
    return "mhmd" + key[2:] if key[:2] == "md" and key[2:] in _SHORT_SECOND else ""


def _token_similarity(a: Token, b: Token) -> float:
    s = _string_similarity(a, b)
    ka, kb = a.key, b.key
    if ka[:1] == "l" or kb[:1] == "l":  # else neither has an article (``article_free``)
        art_a, art_b = article_free(a), article_free(b)
        if (art_a and art_a == kb) or (art_b and art_b == ka):
            s = max(s, ARTICLE_SIM)
    if ka[:2] == "md" or kb[:2] == "md":  # else neither is a short form (``expand_short``)
        short_a, short_b = expand_short(ka), expand_short(kb)
        if (short_a and short_a == kb) or (short_b and short_b == ka):
            s = max(s, SHORT_SIM)
    return s


def vowel_start(t: Token) -> bool:
    """Whether a token begins with a vowel (in Persian and Arabic script: alef
    or ain; in Latin not the French ou of و before a vowel: Ouahidi = Wahidi).
    The Latin keys leave out short vowels and a, so Ahmad and Hamed (احمد,
    حامد) share the key hmd; what tells them apart is where the vowel is."""
    return t.vstart


def _string_similarity(a: Token, b: Token) -> float:
    start = a.vstart == b.vstart
    if start and a.latin and b.latin and a.key and b.key and (a.alt == b.key or a.key == b.alt):
        # the other reading of single i/u: Musavi = Moussavy, Fatima = Fatemeh
        return GENDER_SIM if gendered(a, b) else SAME_KEY
    s = Levenshtein.normalized_similarity(a.key, b.key)
    if a.latin != b.latin:  # across scripts: either reading of the Latin side
        if start and a.alt == b.alt:
            return SAME_KEY
        s = max(s, Levenshtein.normalized_similarity(a.alt, b.alt))
    s *= 0.95
    if a.latin and b.latin:
        j = max(JaroWinkler.similarity(a.fold, b.fold), JaroWinkler.similarity(a.vowels, b.vowels))
        if j > SUFFIX_CAP and OSA.distance(a.key, b.key, score_cutoff=2) >= 2:
            j = SUFFIX_CAP  # a long prefix shared, two names: Mohammadali ~ Mohammadsadeq
        if j > FAR_KEYS_CAP and _far_keys(a, b):
            j = FAR_KEYS_CAP  # vowels alike, most consonants not: Azadi ~ Aqaei
        if j > s:
            s = j
        if s > SUFFIX_CAP and family_suffix(a) != family_suffix(b):
            s = SUFFIX_CAP
    if not start:
        # a vowel first on one side only: one key at most "weak" (Ahmad ~ Hamed),
        # two keys at most "different" (Ali ~ Khalid)
        s = min(s, VOWEL_FIRST_CAP if a.key == b.key else OTHER_START_CAP)
    return s


def _far_keys(a: Token, b: Token) -> bool:
    """Two Latin tokens whose readings (key and other reading, the closest
    pair) are two edits apart or more, in at least half their consonants."""
    for x in (a.key, a.alt):
        for y in (b.key, b.alt):
            # far: at least two edits and half the longer; the distance is
            # only counted up to that (``score_cutoff``)
            far = max(2, (max(len(x), len(y)) + 1) // 2)
            if OSA.distance(x, y, score_cutoff=far - 1) < far:
                return False
    return True


_JOINED: dict[Tokens, Token] = {}


def _joined(toks: Tokens) -> Token:
    t = _JOINED.get(toks)
    if t is None:
        if len(_JOINED) > 1_000_000:
            _JOINED.clear()
        t = _JOINED[toks] = _join(toks)
    return t


def joined_key(toks: Tokens) -> str:
    """The Latin key of a name's tokens joined (cached)."""
    return _joined(toks).key


def _join(toks: Tokens) -> Token:
    return Token(
        "".join(t.fold for t in toks),
        "".join(t.key for t in toks),
        all(t.latin for t in toks),
        "".join(t.vowels for t in toks),
        "".join(t.alt for t in toks),
        toks[0].vstart if toks else False,
    )


def _greedy_sims(
    a: Tokens, b: Tokens, sim: Callable[[Token, Token], float] = token_similarity
) -> list[float]:
    """Each token of ``a`` greedily matched to an unused token of ``b``."""
    if len(a) == 1:  # the commonest case: the best of ``b``
        ta, best = a[0], 0.0
        for tb in b:
            s = sim(ta, tb)
            if s > best:
                best = s
                if s >= 1.0:  # none does better (similarities are at most 1)
                    break
        return [best]
    return _greedy_in_turn(a, b, sim)


def _greedy_in_turn(a: Tokens, b: Tokens, sim: Callable[[Token, Token], float]) -> list[float]:
    """``_greedy_sims`` of any length: each token of ``a`` in turn takes the
    best unused token of ``b`` (the first on ties)."""
    used: set[int] = set()
    out: list[float] = []
    for ta in a:
        best, best_j = 0.0, -1
        for j, tb in enumerate(b):
            if j not in used:
                s = sim(ta, tb)
                if s > best:
                    best, best_j = s, j
                    if s >= 1.0:  # none does better, and ties go to the first
                        break
        used.add(best_j)
        out.append(best)
    return out


def _greedy(a: Tokens, b: Tokens) -> float:
    return sum(_greedy_sims(a, b)) / len(a)


def tokens_similarity(a: Tokens, b: Tokens) -> float:
    """Order-free token-wise similarity (symmetric); compounds are compared
    joined as well ("Ali Reza" = "Alireza"); a missing middle name costs 5%."""
    if len(a) == 1 and len(b) == 1:
        return token_similarity(a[0], b[0])
    x, y = (a, b) if id(a) < id(b) else (b, a)
    s = _TOKENS_SIM.get(x, y)
    return _TOKENS_SIM.put(x, y, _tokens_similarity(a, b)) if s is None else s


def _tokens_similarity(a: Tokens, b: Tokens) -> float:
    if len(a) > len(b):
        a, b = b, a
    score = _greedy(a, b)
    if len(a) == len(b):
        if score < 1.0:  # else no order does better
            score = max(score, _greedy(b, a))
    else:
        score *= 0.95
    if score < 1.0:
        joined = token_similarity(_joined(a), _joined(b))
        if joined > score:
            score = joined
    return score


def name_level(s: float) -> int:
    if s >= EXACT_MIN:
        return 0
    if s >= 0.9:
        return 1
    if s >= 0.8:
        return 2
    if s >= 0.65:
        return 3
    return 4


NameSim = Callable[[Tokens, Tokens], float]

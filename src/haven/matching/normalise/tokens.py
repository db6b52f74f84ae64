"""Name tokens: particles joined, titles and honorifics dropped, compounds and
the Arabic article spelled one way."""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold

# --- particles, honorifics, compounds -------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and honorifics, in the spellings of Persian, Dari, Arabic and Albanian
# documents and of English, French, German and UN romanisations: dropped from a
# name unless they are the whole of it (Seyed Ali = Ali; Mir stays: Mirhosseini
# is a family name of its own).
_HONORIFICS = _words(
    # seyyed (a descendant of the Prophet), seyyede
    "seyed seyyed sayed sayyed sayyid seyyid sayid syed seyd sied sejjed seijed sejjid "
    "seijid saiyid saiyed sayd seyyd "  # not sajjid: written once it is Sajid, a name
    "seyedeh seyyedeh sayedeh sayyedeh seyede seyyede sayyida sayida sayyidah sayidah "
    "seyida seijida seijidah seijedeh sejjedeh sejjide sejjida seyyida "
    # haj, hajj, haji (a pilgrim), hajieh
    "haj hajj haji hajji hadji hadj hadschi hadsch hajie hajiyeh hajieh hajiye hajiya "
    "hajja hajjah hadja hadjia hadjiye hadjiyeh haxhi "
    # sheikh, mullah, karbalaei, mashhadi, agha, bibi, mawlawi, ostad, khanom
    "sheikh shaikh sheykh shaykh sheik shaik sheyx seyx šeyx scheich schaich scheikh "
    "cheikh chaikh cheykh cheick "
    "mulla mullah molla mollah mola mulah moulla moullah "
    "karbalaei karbalai karbalayi karbalaee karbalaie kerbalai karbalaiy karbalaii "
    "mashhadi mashadi mashhadee machhadi maschhadi "
    "agha aqa aga aka aqha aghaa "
    "bibi bibee beebee "
    "mawlawi mawlavi maulvi maulawi moulavi molavi mowlavi mawlawie mowlawi "
    "ostad ustad ostaad "
    "khanom khanum khanoum khaanom xanom khanim chanom "
    "سید سیده حاج حاجی حاجیه شیخ ملا کربلایی مشهدی آقا آغا بیبی مولوی استاد خانم "
    "السيد السيدة سيد سيدة الحاج الحاجة الحاجه حجي حاجي الشيخ شيخ الملا"
    # more Latin spellings seen on documents: Saiyedeh, al-Haje
    " saiyedeh saiyida saiyideh saiyidah haje hadje saijid saijida saijed"
)
# the list as folded tokens are (Arabic ي ة as Persian ی ه: السيد = السید)
_HONORIFICS = frozenset(fold(w) for w in _HONORIFICS)


def _title_form(tok: str) -> str:
    """A Latin title with long vowels and double letters written one way, so that
    ad-hoc spellings meet the list (Haajee = Haji, Biebi = Bibi, Maoulawi = Maulawi)."""
    for a, b in (
        ("eiy", "ey"),  # Seiyida = Seyida, Seiied = Seyed
        ("eii", "ey"),
        ("aa", "a"),
        ("ee", "i"),
        ("ie", "i"),
        ("ii", "i"),
        ("oo", "u"),
        ("ou", "u"),
    ):
        tok = tok.replace(a, b)
    return _DOUBLE_LETTERS.sub(r"\1", tok)


_DOUBLE_LETTERS = re.compile(r"(.)\1+")
_TITLE_FORMS = frozenset(_title_form(w) for w in _HONORIFICS if w.isascii())


@lru_cache(maxsize=1 << 16)
def is_title(tok: str) -> bool:
    """A folded token that is a title or honorific (in any of its spellings; in
    Arabic script also with the article: الحاج, السید)."""
    if tok in _HONORIFICS:
        return True
    if tok.isascii():
        if len(tok) > 2 and _title_form(tok) in _TITLE_FORMS:
            return True
        # with the article written fused (Alhajja, Alsaiyed), a title of four
        # letters or more (Alaka is no Aka)
        return tok[:2] in ("al", "el") and len(tok) > 5 and _title_form(tok[2:]) in _TITLE_FORMS
    return tok.startswith("ال") and tok[2:] in _HONORIFICS


_JOIN_NEXT = _words(
    "abd abdol abdul abdal abdel abdu abdo abol abul abo abu abou mir pour poor pur عبد ابو میر پور"
)
_JOIN_PREV = _words(
    "zadeh zade zada zadah zaade pour poor pur ollah ullah allah olah ulah alah "
    "nejad nezhad nejhad nia niya far lou loo "
    "zai zay zei zey khel khail "  # Pashtun tribal names: Ahmad Zai = Ahmadzai
    "زاده پور الله اله نژاد نیا فر لو زی خیل"
)
# the Arabic article written apart (al-Jubouri, El Djoboury): joined to the name it
# belongs to, spelled one way ("al"), or dropped before a title (al-Hajj)
_ARTICLES = _words("al el ul ol il ال")
_JOIN_BOTH = _ARTICLES  # kept for callers of the former name
# words written as two (بی بی = بی‌بی with its ZWNJ typed as a space)
_PAIRS = {("بی", "بی"): "بیبی"}
_POUR_END = re.compile(r"(?:poor|pur)$")
_POUR_START = re.compile(r"^(?:poor|pur)")
_ZADEH_END = re.compile(r"(?:zade|zada|zadah|zaade)$")
# ʿAbd al- in one word: Abdel-, Abdol-, Abdal-, Abd-ul-, and assimilated before a
# sun letter (Abdurrahman, Abderrahmane, Abdussalam): one spelling, abdul-
_ABD = re.compile(r"^abd(?:[aeiou]l|[aeiou]?(?=(sh|th|dh|[tdrzsnl])\1)[aeiou]?)")
_ABD_FIX = re.compile(r"^abdul(sh|th|dh|[tdrzsnl])\1")
# titles written fused after a given name: Maryamsadat, Zeynabkhanom
_TITLE_END = re.compile(r"(?<=[a-z]{3})(?:sadat|saadat|khanom|khanum|khanoum)$")
_TITLE_END_SCRIPT = ("سادات", "خانم")


def _join_particles(raw: list[str]) -> list[str]:
    for pair, joined in _PAIRS.items():
        for k in range(len(raw) - 1):
            if (raw[k], raw[k + 1]) == pair:
                raw[k : k + 2] = [joined, ""]
        raw = [w for w in raw if w]
    out: list[str] = []
    i = 0
    n = len(raw)
    while i < n:
        tok = raw[i]
        if tok in _JOIN_PREV and out:
            out[-1] = out[-1] + tok
            i += 1
            continue
        if tok in _JOIN_NEXT and i + 1 < n:
            if raw[i + 1] in _ARTICLES and i + 2 < n:  # Abd al Rahman, Abu al Qasim
                raw[i + 2] = tok + ("al" if tok.isascii() else "ال") + raw[i + 2]
                i += 2
                continue
            raw[i + 1] = tok + raw[i + 1]
            i += 1
            continue
        if tok in _ARTICLES and i + 1 < n:
            if not is_title(raw[i + 1]):  # al-Hajj: the title is dropped below
                raw[i + 1] = ("al" if tok.isascii() else "ال") + raw[i + 1]
            i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _canonical_spelling(tok: str) -> str:
    if tok.isascii():
        if "zad" in tok:
            tok = _ZADEH_END.sub("zadeh", tok)
        if "p" in tok:
            tok = _POUR_START.sub("pour", _POUR_END.sub("pour", tok))
        if tok.startswith("abd") and len(tok) > 5:
            tok = _ABD_FIX.sub(r"abdul\1", _ABD.sub("abdul", tok))
        if tok[-5:] in ("sadat", "aadat", "khanom", "hanom", "hanum", "anoum"):
            tok = _TITLE_END.sub("", tok)
    elif tok.endswith(_TITLE_END_SCRIPT) and len(tok) > 6:
        tok = tok[:-5] if tok.endswith("سادات") else tok[:-4]
    return tok


@lru_cache(maxsize=1 << 16)
def name_tokens(text: str) -> tuple[str, ...]:
    """The folded tokens of a name, particles joined and honorifics dropped."""
    return words_tokens(fold(text).split())


def words_tokens(raw: list[str]) -> tuple[str, ...]:
    """``name_tokens`` of a name's folded words (``raw`` is changed)."""
    if not raw:
        return ()
    toks = _join_particles(raw)
    kept = [t for t in toks if not is_title(t)]
    if kept:
        toks = kept
    return tuple(_canonical_spelling(t) for t in toks)


def normalise_name(text: str) -> str:
    """The folded, script-unified form of a name (tokens joined by one space)."""
    return " ".join(name_tokens(text))

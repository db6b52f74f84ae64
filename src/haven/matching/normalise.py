"""Name normalisation across scripts, and the keys that survive romanisation.

Three forms are derived from every name token:

* ``fold`` -- the token folded (NFKC, case, diacritics, Persian/Arabic letter
  forms unified); it keeps its script.
* ``latin`` -- a Latin *long-vowel skeleton*: consonant classes plus ``y`` for
  long i/ی and ``v`` for long u/و/w, short vowels dropped.  Persian script is
  transliterated into the same alphabet, so "Hossein", "Husayn" and "حسین"
  all become ``hsyn``.
* ``skeleton`` -- the latin form without ``y``/``v`` and with g/gh/q merged:
  the blocking key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- folding -------------------------------------------------------------

_ARABIC_UNIFY = {
    "ي": "ی",  # Arabic yeh -> Persian yeh
    "ى": "ی",  # alef maksura
    "ك": "ک",  # Arabic kaf -> Persian keheh
    "ة": "ه",  # teh marbuta
    "ۀ": "ه",
    "ـ": "",  # tatweel
    "\u200c": "",  # ZWNJ
    "\u200d": "",  # ZWJ
    "\u200e": "",
    "\u200f": "",
    "ء": "",
    "ٱ": "ا",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}
_LATIN_EXTRA = {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "ı": "i"}
_APOSTROPHES = "'’‘`´ʿʾʼ"

_FOLD_TABLE = str.maketrans(
    {**_ARABIC_UNIFY, **_DIGITS, **_LATIN_EXTRA, **dict.fromkeys(_APOSTROPHES, "")}
)
_NON_WORD = re.compile(r"[^\w]+|_")


# --- invisible characters ---------------------------------------------------

# Every format character (Unicode category Cf: zero-width spaces and joiners, soft
# hyphens, bidi embeddings, overrides, isolates and marks, the BOM, tags), plus the
# invisible fillers and joiners that are marks or letters (combining grapheme joiner,
# variation selectors, Hangul fillers). A test checks the Cf list against unicodedata.
_INVISIBLE_RANGES = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff9-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_RANGES}]")
_INVISIBLE_BUT_ZWNJ = re.compile(f"(?!\u200c)[{_INVISIBLE_RANGES}]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ZWNJ_RUN = re.compile("\u200c+")
ZWNJ = "\u200c"


def _arabic_script(ch: str) -> bool:
    """A letter or mark of the Arabic script (Persian included)."""
    o = ord(ch)
    return (
        0x0600 <= o <= 0x06FF
        or 0x0750 <= o <= 0x077F
        or 0x08A0 <= o <= 0x08FF
        or 0xFB50 <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFC
    ) and unicodedata.category(ch)[0] in "LM"


def strip_invisible(text: str, *, keep_zwnj: bool = False) -> str:
    """``text`` without invisible characters: format characters (zero-width spaces and
    joiners, soft hyphens, bidi controls, ...) are removed, control characters and line
    separators become spaces. With ``keep_zwnj`` a zero-width non-joiner stays where
    Persian spelling needs it, between two Persian/Arabic letters (one, however many
    were typed); everywhere else it goes too.

    The one shared folding of invisible characters: names on their way into the register
    (``clean_name``) and every search and match query (through ``fold``) use it."""
    text = _CONTROL.sub(" ", text)
    if text.isascii():
        return text
    if not keep_zwnj:
        return _INVISIBLE.sub("", text)
    text = _INVISIBLE_BUT_ZWNJ.sub("", text)

    def joiner(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
        keep = bool(before and after) and _arabic_script(before) and _arabic_script(after)
        return ZWNJ if keep else ""

    return _ZWNJ_RUN.sub(joiner, text)


def clean_name(text: str) -> str:
    """A name as the register keeps it: invisible characters gone (ZWNJ kept where Persian
    needs it), composed (NFC), runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFC", strip_invisible(text, keep_zwnj=True)).split())


def has_letter(text: str) -> bool:
    """Whether ``text`` holds at least one visible letter (a combining mark alone, a digit
    or punctuation is not a name)."""
    return any(unicodedata.category(c)[0] == "L" for c in strip_invisible(text))


# --- folding (continued) -------------------------------------------------------


def fold(text: str) -> str:
    """Fold case, diacritics and letter forms; punctuation becomes a space; invisible
    characters (``strip_invisible``) are dropped, so that "Shi\u200brin" is "shirin"."""
    if text.isascii():
        return " ".join(_NON_WORD.sub(" ", text.lower().translate(_FOLD_TABLE)).split())
    text = unicodedata.normalize("NFKC", strip_invisible(text)).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = text.translate(_FOLD_TABLE)
    return " ".join(_NON_WORD.sub(" ", text).split())


def is_latin(token: str) -> bool:
    """True unless the token contains Arabic-script letters."""
    return token.isascii() or not any("\u0600" <= c <= "\u06ff" for c in token)


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


# --- transliteration to the long-vowel skeleton ----------------------------

_LATIN_UNITS = re.compile(
    r"dsch|tsch|sch|tch|kh|gh|sh|ch|zh|jh|th|dh|ph|dj|ck|ce|ci|cy"
    r"|ee|ei|ey|ie|ai|ay|ii|iy|ou|oo|ow|uu|aw|[a-z0-9]"
)
_LATIN_MAP = {
    "dsch": "j", "tsch": "C",  # German: Dschamschid = جمشید, Manutschehr = منوچهر
    "sch": "C", "tch": "C", "kh": "x", "gh": "G", "sh": "C", "ch": "C", "zh": "j", "jh": "j",
    "th": "s", "dh": "z", "ph": "f", "dj": "j", "ck": "k", "ce": "s", "ci": "sy", "cy": "sy",
    "ee": "y", "ei": "y", "ey": "y", "ie": "y", "ai": "y", "ay": "y", "ii": "y", "iy": "y",
    "ou": "v", "oo": "v", "ow": "v", "uu": "v", "aw": "v",
    "a": "", "e": "", "o": "", "u": "", "i": "y", "y": "y", "w": "v", "q": "G", "c": "k",
    "x": "x",
}  # fmt: skip
_PERSIAN_MAP = str.maketrans(
    {
        "ا": "", "آ": "", "ع": "", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j",
        "چ": "C", "ح": "h", "خ": "x", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j",
        "س": "s", "ش": "C", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "G", "ف": "f",
        "ق": "G", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "v", "ه": "h",
        "ی": "y",
    }
)  # fmt: skip
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiou")


# the second reading: a short i, a long u, th as t+h (Fathollahi = فتح‌اللهی),
# dj as d+j where a compound joins (Mohammadjavad = محمد جواد) and
# the German ch for خ (Chalid = خالد; French and English write it for ش and چ)
_LATIN_ALT_MAP = {**_LATIN_MAP, "i": "", "u": "v", "th": "th", "dj": "dj"}


def _latin_form(tok: str, table: dict[str, str] = _LATIN_MAP) -> str:
    # a final -eh/-ah is the silent ه of Fatemeh = فاطمه; the second reading
    # keeps it, for the ح of Saleh = صالح, Fallah = فلاح, Mesbah = مصباح
    if len(tok) > 1 and tok[-1] == "h" and tok[-2] in _VOWELS and table is not _LATIN_ALT_MAP:
        tok = tok[:-1]
    if len(tok) > 2 and tok[0] in "ie" and tok[1] not in _VOWELS and tok[1] != "y":
        tok = tok[1:]
    out = "".join(table.get(u, u) for u in _LATIN_UNITS.findall(tok))
    if table is _LATIN_ALT_MAP and tok.endswith("i"):
        out += "y"
    elif table is _LATIN_ALT_MAP and tok.endswith("o") and len(tok) > 2:
        out += "v"  # a final o as the و of Khosro = خسرو, Ahoo = آهو
    return out


def _persian_form(tok: str) -> str:
    if tok.endswith("ه") and len(tok) > 1:
        tok = tok[:-1]
    if tok.startswith("ای"):
        tok = tok[2:]
    out = tok.translate(_PERSIAN_MAP)
    return "".join(c for c in out if c.isascii() and c.isalnum())


@lru_cache(maxsize=1 << 18)
def latin_key(token: str) -> str:
    """The long-vowel skeleton of one folded token, in either script."""
    out = _latin_form(token) if is_latin(token) else _persian_form(token)
    return _DOUBLES.sub(r"\1", out)


_VOWEL_MAP = {
    **_LATIN_MAP,
    "ee": "i", "ei": "i", "ey": "i", "ie": "i", "ai": "i", "ay": "i", "ii": "i", "iy": "i",
    "ou": "u", "oo": "u", "ow": "u", "uu": "u", "aw": "au",
    "a": "a", "e": "i", "o": "u", "u": "u", "i": "i", "ci": "si", "cy": "si",
}  # fmt: skip


@lru_cache(maxsize=1 << 18)
def vowel_key(token: str) -> str:
    """Latin tokens with vowels kept as three classes (a, i, u): separates
    names whose consonants agree ("Hossein" husin, "Hassan" hasan)."""
    if not is_latin(token):
        return latin_key(token)
    if len(token) > 1 and token[-1] == "h" and token[-2] in _VOWELS:
        token = token[:-1]
    out = "".join(_VOWEL_MAP.get(u, u) for u in _LATIN_UNITS.findall(token))
    return _DOUBLES.sub(r"\1", out)


@lru_cache(maxsize=1 << 18)
def latin_key_alt(token: str) -> str:
    """The other reading of a Latin token: a single ``i`` as a short vowel
    (unwritten in Persian: Fatima = فاطمه), a single ``u`` as long (Musa = موسی)
    and a final -eh/-ah as a written h (Saleh = صالح); of a Persian-script token
    see ``_persian_alt``."""
    if not is_latin(token):
        return _DOUBLES.sub(r"\1", _persian_alt(token))
    return _DOUBLES.sub(r"\1", _latin_form(token, _LATIN_ALT_MAP))


_GERMAN_CH = re.compile(r"(?<![st])ch")
_GERMAN_J = re.compile(r"(?<![dz])j")
_GERMAN_S = re.compile(r"(?<![stcz])s(?![shcz])")
_DARI_E = re.compile(r"(?<=[b-df-hj-np-tv-z])e(?=[b-df-hj-np-tv-z])")
_FRENCH_OU = re.compile(r"^ou(?=[b-df-hj-np-tv-z])")
# German romanisation (DMG and the popular one): ch for خ, j for ی (Kijani =
# کیانی), a single s for ز (Sahra = زهرا, Tabris = تبریز); Dari: e for ی
_READINGS = (
    (_GERMAN_CH, "kh"),
    (_GERMAN_J, "y"),
    (_GERMAN_S, "z"),
    (_DARI_E, "i"),
    (_FRENCH_OU, "o"),  # a French ou first is a short u: Oumar = عمر
)


@lru_cache(maxsize=1 << 18)
def latin_key_readings(token: str) -> frozenset[str]:
    """Further readings of a Latin token, for the search only: the German ch
    for خ (Chalid = خالد, Sachidadi = سخیدادی; ``latin_key`` reads ch as
    French ش or English چ), the German j for ی and single s for ز (Kijani =
    Kiyani, Sarmina = Zarmina) and the Dari e for ی between consonants
    (Sherzad = شیرزاد), each and together, in both readings of i/u.  Empty
    when none applies."""
    if not is_latin(token):
        return frozenset()
    variants = {token}
    for pattern, repl in _READINGS:
        if pattern.search(token):
            variants |= {pattern.sub(repl, v) for v in variants}
    variants.discard(token)
    out = set()
    for v in variants:
        out.add(latin_key(v))
        out.add(latin_key_alt(v))
    out.discard("")
    return frozenset(out - {latin_key(token), latin_key_alt(token)})


# Latin vowel letters that may stand for a written و or ی, or for none (a
# short vowel, unwritten in Persian and Arabic): each is read both ways.
_OPTIONAL_VOWEL = {"i": "y", "u": "v", "o": "v", "e": "y", "ou": "v"}
MAX_VOWEL_CHOICES = 6  # tokens with more such vowels are not expanded (2^6 readings)


@lru_cache(maxsize=1 << 18)
def latin_vowel_readings(token: str) -> frozenset[str]:
    """Every Latin key a Latin token can have when each of its single vowels
    (i, u, o, e, and the French ou) is read, independently, as a written و or
    ی or as an unwritten short vowel: Abdulwahid = عبدالواحد (short u, short
    i), Mouhamad = محمد (the French ou of a short u), Sherzad = شیرزاد.  The
    key and the alt read all of a token's vowels one way; these mix them.
    Empty for a token not Latin or with too many vowels to expand."""
    if not is_latin(token):
        return frozenset()
    tok = token
    if len(tok) > 1 and tok[-1] == "h" and tok[-2] in _VOWELS:
        tok = tok[:-1]  # the silent final ه of Fatemeh
    if len(tok) > 2 and tok[0] in "ie" and tok[1] not in _VOWELS and tok[1] != "y":
        tok = tok[1:]
    units = _LATIN_UNITS.findall(tok)
    choices = sum(u in _OPTIONAL_VOWEL for u in units[:-1]) + (units[-1:] in (["o"], ["u"], ["ou"]))
    if not choices or choices > MAX_VOWEL_CHOICES:
        return frozenset()
    outs = [""]
    last = len(units) - 1
    for k, u in enumerate(units):
        if k == last and u in ("i", "e"):
            # a final i is the written ی of Nuri = نوری (not Nur); a final e
            # the silent ه of Fatime = فاطمه
            m = "y" if u == "i" else ""
            outs = [o + m for o in outs]
        elif u in _OPTIONAL_VOWEL:
            outs = [o + x for o in outs for x in ("", _OPTIONAL_VOWEL[u])]
        else:
            m = _LATIN_MAP.get(u, u)
            outs = [o + m for o in outs]
    return frozenset(_DOUBLES.sub(r"\1", o) for o in outs) - {""}


# Names written with a final alef maksura (ى, folded to ی) that is read "a":
# Mostafa = مصطفی, Musa = موسی, and the Arabic women's names Huda = هدى,
# Layla = ليلى (in Persian also Leyli), Doha = ضحى.
_ALEF_MAKSURA_NAMES = frozenset(
    [
        "مصطفی", "مرتضی", "موسی", "عیسی", "یحیی", "مجتبی", "کبری", "صغری", "مولی",
        "هدی", "منی", "سلمی", "لیلی", "نهی", "سهی", "لبنی", "یسری", "بشری", "ندی",
        "ضحی", "نجوی", "سلوی", "فدوی", "ذکری", "شذی", "رؤی", "نعمی", "سلوی", "یمنی",
    ]
)  # fmt: skip


def _persian_alt(tok: str) -> str:
    """The other reading of a Persian-script token: a leading ای as a long
    vowel (آیدا = Aida; ``latin_key`` reads it as the short i of ایرج = Iraj),
    a final alef maksura as "a" (مصطفی = Mostafa) and وی before a as "oy"
    (رویا = Roya)."""
    if tok in _ALEF_MAKSURA_NAMES:
        tok = tok[:-1]  # (سهى = Suha: the ه before it is a letter)
    elif tok.endswith("ه") and len(tok) > 1:
        tok = tok[:-1]
    tok = tok.replace("ویا", "یا")  # رویا = Roya
    out = tok.translate(_PERSIAN_MAP)
    return "".join(c for c in out if c.isascii() and c.isalnum())


@lru_cache(maxsize=1 << 16)
def arabic_d_keys(tok: str) -> frozenset[str]:
    """The keys of a Persian-script token with ض read as the Arabic d (Doha =
    ضحى, Ramadan = رمضان; ``latin_key`` reads it as the Persian z of Reza =
    رضا), in both readings; empty without a ض."""
    if "ض" not in tok:
        return frozenset()
    d = tok.replace("ض", "د")
    alt = latin_key_alt(tok).replace("z", "d") if tok in _ALEF_MAKSURA_NAMES else latin_key_alt(d)
    return frozenset({latin_key(d), alt}) - {""}


_SKELETON_TABLE = str.maketrans({"y": "", "v": "", "G": "g"})
_PHONETIC_TABLE = str.maketrans(
    {"p": "b", "f": "b", "d": "t", "z": "s", "C": "s", "j": "s", "g": "k", "x": "k", "h": ""}
)


@lru_cache(maxsize=1 << 18)
def skeleton(latin: str) -> str:
    """Blocking skeleton of a latin key: consonant classes only."""
    return _DOUBLES.sub(r"\1", latin.translate(_SKELETON_TABLE))


def phonetic(latin: str) -> str:
    """A coarser phonetic code: voicing and sibilants merged."""
    return _DOUBLES.sub(r"\1", skeleton(latin).translate(_PHONETIC_TABLE))


def name_keys(text: str) -> frozenset[str]:
    """Script-independent blocking keys of a name: skeletons of every token and of
    adjacent token pairs joined ("Ali Reza" = "Alireza"), plus a phonetic key."""
    toks = name_tokens(text)
    keys: set[str] = set()
    lat = [latin_key(t) for t in toks]
    for i, k in enumerate(lat):
        sk = skeleton(k)
        if sk:
            keys.add("s:" + sk)
            keys.add("p:" + phonetic(k))
        if i + 1 < len(lat):
            sk2 = skeleton(k + lat[i + 1])
            if sk2:
                keys.add("s:" + sk2)
    return frozenset(keys)


# --- places -------------------------------------------------------------------

# Other names of one place: historical names (Bakhtaran, Rezaiyeh), exonyms
# (Aleppo, Durazzo, Scutari), the Kurdish, Serbian or short name (Hawler, Pec,
# Mazar), each read as the name the place is written with in its own script
# and romanisation (folded, without spaces), so that its key is that name's.
_PLACE_NAMES = {
    "kermanshah": "bakhtaran kermanshahan",
    "orumiyeh": "rezaiyeh rezaieh rezaiye rezaie",
    "isfahan": "ispahan",
    "tabriz": "tauris",
    "khorramshahr": "mohammareh muhammarah",
    "arak": "sultanabad soltanabad",
    "bandaranzali": "bandarpahlavi pahlavi",
    "qaemshahr": "shahi",
    "mazaresharif": "mazar",
    "arbil": "hawler hewler hawlir arbela",
    "halab": "aleppo alep",
    "dimashq": "damascus damas",
    "alladhiqiyah": "latakia lattaquie laodicea",
    "durres": "durazzo",
    "shkoder": "scutari",
    "vlore": "valona avlona",
    "gjirokaster": "argirocastro",
    "korce": "korcha koritza korytsa coriza",
    "sarande": "santiquaranta",
    "lezhe": "alessio",
    "prishtine": "pristina",
    "peje": "pec",
    "gjakove": "djakovica dakovica",
    "ferizaj": "urosevac",
    "gjilan": "gnjilane",
    "mitrovice": "kosovskamitrovica",
    "rahovec": "orahovac",
    "suhareke": "suvareka",
    "drenas": "glogovac",
    "fushekosove": "kosovopolje",
}
PLACE_ALIASES = {other: name for name, others in _PLACE_NAMES.items() for other in others.split()}


def place_text(text: str) -> str:
    """A place as the engines compare it: folded, without spaces, and under the
    name it is written with where it has another (``PLACE_ALIASES``: Bakhtaran
    is Kermanshah, Hawler is Arbil); "" when nothing is left."""
    folded = fold(text).replace(" ", "")
    return PLACE_ALIASES.get(folded, folded)

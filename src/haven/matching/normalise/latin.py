"""Transliteration into the long-vowel skeleton (``latin_key``), its second
reading (``latin_key_alt``), the further readings of the search, and the
blocking skeletons."""

from __future__ import annotations

import re
from functools import lru_cache

from .text import is_latin
from .tokens import name_tokens

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
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")  # what is left of the letters no key reads
_VOWELS = frozenset("aeiou")


# the second reading: a short i, a long u, th as t+h (Fathollahi = فتح‌اللهی),
# dj as d+j where a compound joins (Mohammadjavad = محمد جواد) and
# the German ch for خ (Chalid = خالد; French and English write it for ش and چ)
_LATIN_ALT_MAP = {**_LATIN_MAP, "i": "", "u": "v", "th": "th", "dj": "dj"}


def _latin_stem(tok: str, *, final_h: bool = False) -> str:
    """A Latin token as its keys read it: without the silent final h of -eh/-ah
    (Fatemeh = فاطمه; kept with ``final_h``, for the ح of Saleh = صالح, Fallah =
    فلاح, Mesbah = مصباح) and without an initial i or e before a consonant."""
    if not final_h and len(tok) > 1 and tok[-1] == "h" and tok[-2] in _VOWELS:
        tok = tok[:-1]
    if len(tok) > 2 and tok[0] in "ie" and tok[1] not in _VOWELS and tok[1] != "y":
        tok = tok[1:]
    return tok


def _latin_form(tok: str, table: dict[str, str] = _LATIN_MAP) -> str:
    # the second reading keeps the final h of -eh/-ah
    tok = _latin_stem(tok, final_h=table is _LATIN_ALT_MAP)
    units = _LATIN_UNITS.findall(tok)
    out = "".join(map(table.get, units, units))  # a unit not in the table stands for itself
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
    return _NOT_ALNUM.sub("", out)


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
    units = _LATIN_UNITS.findall(token)
    out = "".join(map(_VOWEL_MAP.get, units, units))
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


@lru_cache(maxsize=1 << 21)  # read ahead for each spelling of the register
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


@lru_cache(maxsize=1 << 21)  # read ahead for each spelling of the register
def latin_vowel_readings(token: str) -> frozenset[str]:
    """Every Latin key a Latin token can have when each of its single vowels
    (i, u, o, e, and the French ou) is read, independently, as a written و or
    ی or as an unwritten short vowel: Abdulwahid = عبدالواحد (short u, short
    i), Mouhamad = محمد (the French ou of a short u), Sherzad = شیرزاد.  The
    key and the alt read all of a token's vowels one way; these mix them.
    Empty for a token not Latin or with too many vowels to expand."""
    if not is_latin(token):
        return frozenset()
    units = _LATIN_UNITS.findall(_latin_stem(token))
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


# Family-name suffixes written fused to a name before them (مجتبی‌پور, the
# ZWNJ or space between them dropped by the tokens).
_FUSED_SUFFIXES = ("پور", "زاده", "نژاد", "نیا", "فر", "راد", "وند")


def _fused_maksura(tok: str) -> str:
    """A family name made of an alef-maksura name and a suffix with that ی
    left out, as it is read (مجتبیپور = Mojtabapour, مصطفیزاده = Mostafazadeh);
    else ``tok``."""
    for suffix in _FUSED_SUFFIXES:
        if tok.endswith(suffix) and tok[: -len(suffix)] in _ALEF_MAKSURA_NAMES:
            return tok[: -len(suffix) - 1] + suffix
    return tok


def _persian_alt(tok: str) -> str:
    """The other reading of a Persian-script token: a leading ای as a long
    vowel (آیدا = Aida; ``latin_key`` reads it as the short i of ایرج = Iraj),
    a final alef maksura as "a" (مصطفی = Mostafa, and before a suffix:
    مجتبیپور = Mojtabapour) and وی before a as "oy"
    (رویا = Roya)."""
    if tok in _ALEF_MAKSURA_NAMES:
        tok = tok[:-1]  # (سهى = Suha: the ه before it is a letter)
    else:
        tok = _fused_maksura(tok)
        if tok.endswith("ه") and len(tok) > 1:
            tok = tok[:-1]
    tok = tok.replace("ویا", "یا")  # رویا = Roya
    out = tok.translate(_PERSIAN_MAP)
    return _NOT_ALNUM.sub("", out)


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

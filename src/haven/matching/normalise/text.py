"""Folding: case, diacritics and Persian/Arabic letter forms one way; invisible
characters and control characters out of names; which tokens are Latin."""

from __future__ import annotations

import re
import unicodedata

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
# Letters that stand for two in the scholarly and UN romanisations of Persian and
# Arabic (UNGEGN, DIN 31635, ISO 233, Encyclopaedia Iranica) and in Serbian and
# Azerbaijani Latin: Šahlā is Shahla, not Sahla; Ḫālid is Khalid.  Read before
# the diacritics are dropped.  Albanian ç stays c (Çela = Cela).
_DIGRAPH_LETTERS = str.maketrans(
    {
        "š": "sh",
        "č": "ch",
        "ž": "zh",
        "ǧ": "j",
        "ḫ": "kh",
        "ḵ": "kh",
        "ġ": "gh",
        "ḡ": "gh",
        "ğ": "gh",
        "ṯ": "th",
        "ḏ": "dh",
    }
)

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
    text = unicodedata.normalize("NFC", text).translate(_DIGRAPH_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = text.translate(_FOLD_TABLE)
    return " ".join(_NON_WORD.sub(" ", text).split())


def is_latin(token: str) -> bool:
    """True unless the token contains Arabic-script letters."""
    return token.isascii() or not any("\u0600" <= c <= "\u06ff" for c in token)

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

from .latin import (
    MAX_VOWEL_CHOICES,
    arabic_d_keys,
    latin_key,
    latin_key_alt,
    latin_key_readings,
    latin_vowel_readings,
    name_keys,
    phonetic,
    skeleton,
    vowel_key,
)
from .places import PLACE_ALIASES, place_text
from .text import ZWNJ, clean_name, fold, has_letter, is_latin, strip_invisible
from .tokens import (
    _ARTICLES,
    _HONORIFICS,
    _JOIN_NEXT,
    _JOIN_PREV,
    _PAIRS,
    _canonical_spelling,
    is_title,
    name_tokens,
    normalise_name,
    words_tokens,
)

__all__ = [
    "MAX_VOWEL_CHOICES",
    "PLACE_ALIASES",
    "ZWNJ",
    "_ARTICLES",
    "_HONORIFICS",
    "_JOIN_NEXT",
    "_JOIN_PREV",
    "_PAIRS",
    "_canonical_spelling",
    "arabic_d_keys",
    "clean_name",
    "fold",
    "has_letter",
    "is_latin",
    "is_title",
    "latin_key",
    "latin_key_alt",
    "latin_key_readings",
    "latin_vowel_readings",
    "name_keys",
    "name_tokens",
    "normalise_name",
    "phonetic",
    "place_text",
    "skeleton",
    "strip_invisible",
    "vowel_key",
    "words_tokens",
]

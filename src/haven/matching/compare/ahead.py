"""The search readings of the register's own spellings, read ahead.

A search re-ranks its candidates with readings of each token (``search``:
vowels read as written or not, the German and Dari readings, skeletons,
the keys with a letter left out, ...), each computed once per spelling and
cached.  Read lazily, a search paid for its candidates' spellings it was the
first to meet, and those were most of its time.  ``Index.add`` reads them
ahead, as each name enters the register, so that a search reads only the
enquiry's own spellings; the readings are the same either way."""

from __future__ import annotations

from ..normalise import arabic_d_keys, latin_key_readings, latin_vowel_readings
from .names import _joined, article_free
from .profile import Token, Tokens
from .search import (
    PERSIAN_TYPO_MIN,
    READ_CAP,
    _adjacent_joins,
    _article_free_skeletons,
    _compound_keys,
    _deletion_keys,
    _skeletons,
    _without_mir,
)

_READ: set[Tokens] = set()


def read_ahead(toks: Tokens) -> None:
    """Compute and cache the search readings of a stored name: of each of its
    tokens, of two neighbours joined (``_adjacent_joins``), of the whole name
    joined, and so of a given name without a leading Mir.  A name read
    before costs a set lookup."""
    if not toks or toks in _READ:
        return
    if len(_READ) > READ_CAP:
        _READ.clear()
    _READ.add(toks)
    tokens = set(toks)
    if len(toks) > 1:
        tokens.add(_joined(toks))
        for joined in _adjacent_joins(toks):
            tokens.update(joined)
    for t in tokens:
        _read_token(t)
    read_ahead(_without_mir(toks))  # () when it has none


def _read_token(t: Token) -> None:
    _skeletons(t)
    if t.latin:
        latin_vowel_readings(t.fold)
        latin_key_readings(t.fold)
        _compound_keys(t.fold)
        art = article_free(t)
        if art:
            latin_vowel_readings(t.fold[2:])
            _article_free_skeletons(t, art)
    else:
        arabic_d_keys(t.fold)
    if len(t.fold) >= PERSIAN_TYPO_MIN:
        _deletion_keys(t)

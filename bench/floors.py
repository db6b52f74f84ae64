"""Two naive matchers the engine is always shown beside, on the same data:

* ``SkeletonMatcher``: a crude consonant-skeleton matcher -- every name word
  becomes its consonants (Persian/Arabic letters mapped by a small table, Latin
  vowels dropped), records are found by shared skeletons and ranked by how many
  they share, then by string similarity of the sorted skeletons and the birth
  year;
* ``FuzzyMatcher``: transliterate-then-fuzzy -- ``anyascii`` turns every script
  into ASCII, ``rapidfuzz``'s ``token_set_ratio`` compares whole names against
  every register record, a birth year within two years breaks ties.

Neither gives a calibrated probability; they are floors for top-1 and top-5.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

_SCRIPT = str.maketrans(
    {
        "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "c", "ح": "h", "خ": "k",
        "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "c", "ص": "s",
        "ض": "z", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ق": "g", "ک": "k", "ك": "k",
        "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "", "ی": "", "ي": "",
        "ى": "", "و": "", "ا": "", "آ": "", "أ": "", "إ": "", "ع": "", "ء": "", "ئ": "",
        "ؤ": "", "\u200c": "",
    }
)  # fmt: skip
_LATIN = [
    (re.compile(r"kh|ch|x"), "k"), (re.compile(r"sh|sch|š|c"), "c"), (re.compile(r"gh|q"), "g"),
    (re.compile(r"zh|dj|j|ž"), "j"), (re.compile(r"th|dh"), "z"), (re.compile(r"w"), "v"),
    (re.compile(r"[aeiouy'h]"), ""), (re.compile(r"(.)\1+"), r"\1"),
]  # fmt: skip


def _skeleton(word: str) -> str:
    word = word.lower()
    if any("\u0600" <= c <= "\u06ff" for c in word):
        word = word.translate(_SCRIPT)
        word = word.replace("h", "")
    else:
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if c.isascii())
        for pattern, repl in _LATIN:
            word = pattern.sub(repl, word)
    return re.sub(r"(.)\1+", r"\1", word)


def _words(rec: Any) -> list[str]:
    text = " ".join([rec.given_name, rec.family_name, *rec.other_names])
    return [w for w in re.split(r"[\s\-]+", text) if w]


def _year(rec: Any) -> int | None:
    if rec.birth_date is not None:
        return int(rec.birth_date.year)
    return int(rec.birth_year) if rec.birth_year else None


def _year_bonus(q: Any, r: Any) -> float:
    a, b = _year(q), _year(r)
    return 0.0 if a is None or b is None else 1.0 if abs(a - b) <= 2 else -0.5


class SkeletonMatcher:
    def __init__(self, records: Sequence[Any]) -> None:
        self.records = list(records)
        self.skeletons = [{_skeleton(w) for w in _words(r)} - {""} for r in self.records]
        self.joined = [" ".join(sorted(s)) for s in self.skeletons]
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for k, sk in enumerate(self.skeletons):
            for s in sk:
                self.by_key[s].append(k)

    def search(self, query: Any, top: int = 5) -> list[str]:
        qs = {_skeleton(w) for w in _words(query)} - {""}
        shared: dict[int, int] = defaultdict(int)
        for s in qs:
            for k in self.by_key.get(s, ()):
                shared[k] += 1
        qj = " ".join(sorted(qs))
        ranked = sorted(
            shared,
            key=lambda k: (
                -shared[k],
                -Levenshtein.normalized_similarity(qj, self.joined[k])
                - 0.2 * _year_bonus(query, self.records[k]),
                k,  # ties in register order, not in the order a set gave the keys
            ),
        )
        return [self.records[k].id for k in ranked[:top]]


def _ascii_name(rec: Any) -> str:
    from anyascii import anyascii

    return anyascii(f"{rec.given_name} {rec.family_name}").lower()


class FuzzyMatcher:
    def __init__(self, records: Sequence[Any]) -> None:
        self.records = list(records)
        self.names = [_ascii_name(r) for r in self.records]

    def search(self, query: Any, top: int = 5) -> list[str]:
        found = process.extract(
            _ascii_name(query), self.names, scorer=fuzz.token_set_ratio, limit=top * 10
        )
        ranked = sorted(found, key=lambda x: -(x[1] + 5.0 * _year_bonus(query, self.records[x[2]])))
        return [self.records[k].id for _, score, k in ranked[:top] if score > 0]

"""haven.matching: find the same person across spellings, scripts and
approximate dates.  Pure Python (stdlib + rapidfuzz); never imports Django.

See docs/matching-contract.md for the public contract and docs/matching.md
for how it works."""

from .batch import dedupe, link, score
from .index import Index
from .model import MatchModel
from .normalise import name_keys, normalise_name
from .records import Candidate, FieldExplanation, MatchPair, Record
from .scope import Scope

__all__ = [
    "Candidate",
    "FieldExplanation",
    "Index",
    "MatchModel",
    "MatchPair",
    "Record",
    "Scope",
    "dedupe",
    "link",
    "name_keys",
    "normalise_name",
    "score",
]

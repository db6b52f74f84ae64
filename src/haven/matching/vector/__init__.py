"""Vectorised batch comparison (numpy): every record is encoded once into
integer features (``encode``), candidate pairs come from sorting on blocking
keys (``blocking``), and the comparison levels of all pairs are computed
array-wise (``names``, ``levels``, ``other``), then weighted (``weights``)
and explained (``explain``).  String similarity (rapidfuzz, through
``compare.tokens_similarity``) is computed once per *distinct* pair of names
(``tokens.TokenTable``), never per record pair.

The levels are those of ``compare.compare`` (a test checks they are equal)."""

from .arrays import CORE, F64, I64, Other
from .blocking import WINDOW, blocked_pairs, link_pairs, sorted_pairs
from .encode import Encoded, Small, Tokeniser, encode, encode_records
from .explain import explain_pairs
from .levels import birth_levels, cheap_levels, core_levels, place_levels
from .names import family_best, family_levels, name_details, name_sims, single_reading
from .other import OtherEnc, encode_other, other_arrays, other_levels
from .tokens import SLOTS, TokenTable
from .weights import (
    best_weights,
    birth_spans,
    family_gain,
    joint_parts,
    name_shares,
    pair_levels,
    patterns,
    place_parts,
    spelling_parts,
    tf_parts,
    tf_weights,
    weights,
)

__all__ = [
    "CORE",
    "F64",
    "I64",
    "SLOTS",
    "WINDOW",
    "Encoded",
    "Other",
    "OtherEnc",
    "Small",
    "TokenTable",
    "Tokeniser",
    "best_weights",
    "birth_levels",
    "birth_spans",
    "blocked_pairs",
    "cheap_levels",
    "core_levels",
    "encode",
    "encode_other",
    "encode_records",
    "explain_pairs",
    "family_best",
    "family_gain",
    "family_levels",
    "joint_parts",
    "link_pairs",
    "name_details",
    "name_shares",
    "name_sims",
    "other_arrays",
    "other_levels",
    "pair_levels",
    "patterns",
    "place_levels",
    "place_parts",
    "single_reading",
    "sorted_pairs",
    "spelling_parts",
    "tf_parts",
    "tf_weights",
    "weights",
]

"""The comparisons skipped because they cannot change the answer: the names
compared in full (as before the skips) and with the skips give the same."""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from haven.matching import Record
from haven.matching.compare import (
    SWAPPED,
    NameSim,
    Profile,
    Token,
    Tokens,
    _compare_names,
    _greedy_sims,
    profile,
    search_tokens_similarity,
    token_similarity,
    tokens_similarity,
)
from haven.matching.compare import names as token_names
from haven.matching.compare.fields import _GIVEN_READINGS, _IN_ORDER
from haven.matching.compare.names import _greedy_in_turn
from haven.matching.compare.profile import _tokens
from haven.matching.compare.search import search_token_similarity

from .crossscript import draw_person, render
from .test_properties import records


def _every_name_pair(
    a: Profile, b: Profile, sim: NameSim
) -> tuple[float, float, object, object, bool]:
    """``_compare_names`` comparing every pair of names, in both orders."""
    best: tuple[float, float, object, object, bool] = (-1.0, -1.0, None, None, False)
    best_key = (-9.0, -9.0, -9.0)
    gsim = _GIVEN_READINGS.get(sim, sim)
    for fa in a.forms:
        ga, sa = fa
        for fb in b.forms:
            gb, sb = fb
            g = gsim(ga, gb) if ga and gb else -1.0
            f = sim(sa, sb) if sa and sb else -1.0
            key = (g + f, f, g)
            if key > best_key:
                best_key, best = key, (g, f, fa, fb, False)
            if g + f < _IN_ORDER:
                x = gsim(ga, sb) if ga and sb else -1.0
                y = gsim(sa, gb) if sa and gb else -1.0
                g2, f2 = min(x, y), max(x, y)
                key = (g2 + f2 - SWAPPED, f2, g2)
                if key > best_key:
                    best_key, best = key, (g2, f2, fa, fb, True)
    return best


def _greedy_in_full(u: Tokens, v: Tokens, sim: Callable[[Token, Token], float]) -> list[float]:
    """Greedy matching from the whole similarity matrix: each token of ``u`` in
    turn takes the unused token of ``v`` most like it (the first of equals), if
    any is like it at all."""
    m = [[sim(x, y) for y in v] for x in u]
    free = list(range(len(v)))
    out = []
    for row in m:
        best = max((row[j] for j in free), default=0.0)
        if best > 0.0:
            free.remove(next(j for j in free if row[j] == best))
        out.append(max(best, 0.0))
    return out


def _far_keys_in_full(a: Token, b: Token) -> bool:
    return all(
        (d := OSA.distance(x, y)) >= 2 and 2 * d >= max(len(x), len(y))
        for x in (a.key, a.alt)
        for y in (b.key, b.alt)
    )


@st.composite
def cross_script(draw: st.DrawFn) -> tuple[Profile, Profile]:
    """A person written in one script and looked for in the other (or the same)."""
    r = random.Random(draw(st.integers(0, 2**32)))
    p = draw_person(r)
    persian = draw(st.booleans())
    other = persian if draw(st.booleans()) else not persian
    return (
        profile(render(r, "a", p, persian=persian, query=False)),
        profile(render(r, "b", p, persian=other, query=True)),
    )


@st.composite
def latin_pairs(draw: st.DrawFn) -> tuple[Profile, Profile]:
    return profile(draw(records())), profile(draw(records()))


pairs = st.one_of(cross_script(), latin_pairs())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs)
def test_names_compared_with_the_skips_as_in_full(ab: tuple[Profile, Profile]) -> None:
    a, b = ab
    for sim in (tokens_similarity, search_tokens_similarity):
        assert _compare_names(a, b, sim) == _every_name_pair(a, b, sim)
        assert _compare_names(b, a, sim) == _every_name_pair(b, a, sim)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs)
def test_far_keys_and_greedy_as_in_full(ab: tuple[Profile, Profile]) -> None:
    a, b = ab
    ta = [t for g, f in a.forms for t in g + f]
    tb = [t for g, f in b.forms for t in g + f]
    for x in ta:
        for y in tb:
            assert token_names._far_keys(x, y) == _far_keys_in_full(x, y)
    for ga, fa in a.forms:
        for gb, fb in b.forms:
            for u, v in ((ga, gb), (fa, fb), (ga, fb)):
                if u and v:
                    for sim in (token_similarity, search_token_similarity):
                        full = _greedy_in_full(u, v, sim)
                        assert _greedy_sims(u, v, sim) == _greedy_in_turn(u, v, sim) == full


# spellings alike, the same and apart, in both scripts: the greedy matching meets ties,
# identical tokens and a best token that is not the first
_SPELLINGS = (
    "Mohammad", "Mohamad", "Muhammad", "Reza", "Riza", "Ali", "Alireza", "Hossein",
    "Hosein", "Hasan", "Zahra", "Fatemeh", "Fatima", "محمد", "رضا", "علی", "حسین", "فاطمه",
)  # fmt: skip
_names = st.lists(st.sampled_from(_SPELLINGS), min_size=1, max_size=4).map(
    lambda parts: _tokens(" ".join(parts))
)


@settings(max_examples=400, deadline=None)
@given(_names, _names)
def test_greedy_matching_as_from_the_whole_matrix(u: Tokens, v: Tokens) -> None:
    for sim in (token_similarity, search_token_similarity):
        assert _greedy_sims(u, v, sim) == _greedy_in_full(u, v, sim)


def test_a_swapped_name_is_still_found() -> None:
    """The skips keep the other order where it is the best reading."""
    a = profile(Record(id="a", given_name="Hosseini", family_name="Ali"))
    b = profile(Record(id="b", given_name="Ali", family_name="Hosseini"))
    g, f, _, _, swapped = _compare_names(a, b, tokens_similarity)
    assert swapped and g == f == 1.0

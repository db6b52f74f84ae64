"""Per-field explanations of a score."""

from __future__ import annotations

from collections.abc import Mapping

from .compare import (
    Levels,
    NameSim,
    Profile,
    birth_text,
    compare_names,
    form_text,
    levels_for,
    tokens_similarity,
)
from .model import MatchModel
from .records import FieldExplanation

_SEX_TEXT = {"f": "female", "m": "male", "o": "other", "": "?"}


def explain(
    model: MatchModel,
    a: Profile,
    b: Profile,
    levels: Levels,
    adjust: Mapping[str, float] | None = None,
    sim: NameSim = tokens_similarity,
) -> tuple[FieldExplanation, ...]:
    """One FieldExplanation per compared field, strongest evidence first; core
    fields absent on either side are listed as "missing" with no weight.
    ``adjust`` adds term-frequency adjustments (bits) to a field's weight;
    ``sim`` is the name similarity the levels were computed with."""
    out: list[FieldExplanation] = []
    present = {f for f, _ in levels}
    names = compare_names(a, b, sim) if present & {"given_name", "family_name"} else None
    bx = dict(b.extra)
    for field, lvl in levels:
        outcome = levels_for(field)[lvl]
        w = model.weight(field, lvl)
        tf = adjust.get(field, 0.0) if adjust else 0.0
        w += tf
        similarity: float | None = None
        frequency = ""
        if field in ("given_name", "family_name") and names is not None:
            g, f, fa, fb = names
            similarity = g if field == "given_name" else f
            values = (form_text(fa), form_text(fb))
            detail = f"{values[0]} ≈ {values[1]} ({similarity:.2f})"
            if tf >= 0.5:
                frequency = "rare"
                detail += "; a rare name"
            elif tf <= -0.5:
                frequency = "common"
                detail += "; a common name"
        elif field == "birth":
            values = (birth_text(a.birth), birth_text(b.birth))
            detail = f"{values[0]} ~ {values[1]}"
        elif field == "sex":
            values = (_SEX_TEXT[a.sex], _SEX_TEXT[b.sex])
            detail = f"{values[0]} / {values[1]}"
        elif field == "place":
            values = (a.place.fold if a.place else "", b.place.fold if b.place else "")
            detail = f"{values[0]} ~ {values[1]}"
            if tf >= 0.5:
                frequency = "rare"
                detail += "; a rare place"
            elif tf <= -0.5:
                frequency = "common"
                detail += "; a common place"
        elif field == "identifier":
            values = (", ".join(a.ids), ", ".join(b.ids))
            detail = f"{values[0]} ~ {values[1]}"
        else:
            values = (dict(a.extra).get(field, ""), bx.get(field, ""))
            detail = f"{values[0]} ~ {values[1]}"
        out.append(
            FieldExplanation(field, outcome, round(w, 3), detail, similarity, values, frequency)
        )
    out.sort(key=lambda e: -abs(e.weight))
    for core in ("given_name", "family_name", "birth"):
        if core not in present:
            out.append(FieldExplanation(core, "missing", 0.0, "not known on both sides"))
    return tuple(out)


def why(explanation: tuple[FieldExplanation, ...], limit: int = 4) -> str:
    """A short human summary, e.g. "family_name exact; given_name strong; birth year"."""
    parts = [f"{e.field} {e.outcome}" for e in explanation if e.outcome != "missing"]
    return "; ".join(parts[:limit])

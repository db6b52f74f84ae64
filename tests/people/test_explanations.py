"""Match explanations in a caseworker's words, translated (issue 7 items 14 and 15)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from haven.matching import Candidate, FieldExplanation
from haven.people.explaining import explain_candidate, explain_field, percent

CODES = re.compile(r"year_within|same_year|day_month|one_typo|given_name|family_name|\bexact\b")


def _name(field: str, outcome: str, similarity: float, a: str, b: str, frequency: str = ""):
    return FieldExplanation(field, outcome, 3.0, "…", similarity, (a, b), frequency)


@pytest.mark.parametrize(
    ("explanation", "words"),
    [
        (_name("given_name", "exact", 1.0, "shirin", "shirin"), "same given name"),
        (
            _name("given_name", "exact", 0.99, "shireen", "shirin"),
            "same given name, spelled differently (99%)",
        ),
        (
            _name("family_name", "exact", 0.99, "محتشم", "mohtasham", "rare"),
            "same family name, in another script (99%); a rare name",
        ),
        (_name("family_name", "strong", 0.934, "mohtashami", "mohtasham"), "very similar family"),
        (_name("given_name", "different", 0.2, "maryam", "shirin"), "different given names"),
        (FieldExplanation("given_name", "missing", 0.0, "x"), "no given name to compare"),
        (
            FieldExplanation("birth", "year_within_2", 1.0, "x", None, ("1988", "1990")),
            "born within two years of each other (\u20681988\u2069 / \u20681990\u2069)",
        ),
        (
            FieldExplanation("birth", "year", 1.0, "x", None, ("1990", "1990")),
            "same year of birth",
        ),
        (FieldExplanation("sex", "same", 0.1, "x", None, ("female", "female")), "same sex"),
        (
            FieldExplanation("place", "exact", 3.0, "x", None, ("tabriz", "تبریز")),
            "same place of origin (\u2068tabriz\u2069 / \u2068تبریز\u2069)",
        ),
    ],
)
def test_explanations_in_words(explanation, words):
    with translation.override("en"):
        text = explain_field(explanation).text
    assert text.startswith(words)
    assert not CODES.search(text)


def test_exact_is_said_only_of_the_same_spelling():
    with translation.override("en"):
        assert explain_field(_name("given_name", "exact", 1.0, "a", "a")).phrase == (
            "same given name"
        )
        assert "differently" in explain_field(_name("given_name", "exact", 0.99, "a", "b")).phrase


@pytest.mark.parametrize("language", ["fa", "sq"])
def test_every_explanation_is_translated(language):
    from haven.people import explaining

    phrases = [p for table in explaining._NAMES.values() for p in table.values()]
    phrases += [p for table in explaining._OTHER.values() for p in table.values()]
    phrases += [*explaining._ANY_FIELD.values(), *explaining._FREQUENCY.values()]
    phrases.append(explaining._SAME_YEAR)
    with translation.override("en"):
        english = [str(p) for p in phrases]
    with translation.override(language):
        translated = [str(p) for p in phrases]
    untranslated = [e for e, t in zip(english, translated, strict=True) if e == t]
    assert not untranslated


def test_percent_is_one_rule():
    assert [percent(p) for p in (1.0, 0.9996, 0.995, 0.5, 0.004, 0.0)] == [100, 99, 99, 50, 0, 0]
    assert percent(0.006) == 1


def _form(given: str, family: str) -> dict[str, str]:
    return {
        "given_name": given, "family_name": family, "sex": "female",
        "birth_precision": "year", "birth_year": "1987", "group_status": "unknown",
        "nationalities": "", "languages": "", "current_site": "", "address": "", "phone": "",
        "risk_level": "unassessed", "names-TOTAL_FORMS": "1", "names-INITIAL_FORMS": "0",
        "names-0-name": "", "names-0-script": "",
    }  # fmt: skip


def test_warning_and_panel_show_the_same_words_and_percentage(world, person_factory):
    """The duplicate warning and the supervisor's panel word and round a near-certain
    pair alike (they said 100% and 99%), with no engine codes, values in <bdi>."""
    kept = person_factory(
        given_name="Nasrin", family_name="Rezaei", sex="female", birth_year=1987,
        birth_precision="year",
    )  # fmt: skip
    person_factory(
        given_name="Nasreen", family_name="Rezaie", sex="female", birth_year=1987,
        birth_precision="year",
    )  # fmt: skip
    client = Client()
    client.force_login(world.supervisor)
    response = client.post(reverse("web:person_new"), _form("Nasrin", "Rezaei"))
    assert response.status_code == 409, response.content.decode()[-3000:]
    warning = response.content.decode()
    panel = client.get(reverse("web:person", args=[kept.pk])).content.decode()
    for html in (warning, panel):
        assert "likely the same person" in html
        assert "same family name, spelled differently (99%)" in html
        assert "<bdi>1987</bdi>" in html
        assert "year_within" not in html and ">exact<" not in html
    pct = re.compile(r"(\d+)% likely the same person")
    assert "100" not in pct.findall(warning) + pct.findall(panel)


def test_persian_pages_show_persian_explanations(world, person_factory):
    kept = person_factory(given_name="Nasrin", family_name="Rezaei", birth_year=1987)
    person_factory(given_name="نسرین", family_name="رضایی", birth_year=1988, birth_precision="year")
    client = Client(headers={"accept-language": "fa"})
    client.force_login(world.supervisor)
    html = client.get(reverse("web:person", args=[kept.pk])).content.decode()
    assert 'dir="rtl"' in html
    assert "نام خانوادگی یکسان، به خطی دیگر" in html
    assert "<bdi>1987</bdi> / <bdi>1988</bdi>" in html


def test_api_explanations_keep_codes_and_gain_words_in_the_request_language(
    world, as_user, person_factory
):
    person_factory(given_name="Shirin", family_name="Mohtasham", birth_year=1990)
    client = as_user(world.caseworker)
    body = {"given_name": "Shireen", "family_name": "Mohtashem", "birth_year": 1991}
    english = client.post("/api/v1/match/", body, format="json").json()["results"][0]
    parts = {e["field"]: e for e in english["explanation"]}
    assert parts["family_name"]["outcome"] == "exact"  # the engine's code, for machines
    assert {"field", "outcome", "weight", "detail", "text"} <= set(parts["family_name"])
    assert parts["family_name"]["text"].startswith("same family name, spelled differently")
    assert parts["birth"]["text"].startswith("born within a year of each other")
    persian = client.post("/api/v1/match/", body, format="json", HTTP_ACCEPT_LANGUAGE="fa").json()[
        "results"
    ][0]
    texts = {e["field"]: e["text"] for e in persian["explanation"]}
    assert texts["family_name"].startswith("نام خانوادگی یکسان، با املایی دیگر")
    assert [e["weight"] for e in persian["explanation"]] == [
        e["weight"] for e in english["explanation"]
    ]


def test_a_candidate_without_similarities_keeps_the_engine_detail():
    c = Candidate("x", 0.9, 5.0, (FieldExplanation("given_name", "exact", 2.0, "a ≈ b (0.99)"),))
    assert explain_candidate(c)[0].phrase == "a ≈ b (0.99)"

"""The interface in Albanian and Persian (right to left), from the compiled catalogues."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _as(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_persian_people_list_is_right_to_left_and_translated(world, person_factory, client_as):
    person_factory(given_name="Nasrin", family_name="Rezaei")
    html = _as(client_as(world.caseworker), "fa").get(reverse("web:people")).content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "<h1>افراد</h1>" in html  # "People"
    assert "جستجو بر اساس نام" in html  # "Search by name"
    assert "ثبت یک شخص" in html  # "Register a person"


def test_albanian_person_page_is_translated(world, person_factory, client_as):
    person = person_factory(given_name="Nasrin", family_name="Rezaei")
    client = _as(client_as(world.caseworker), "sq")
    html = client.get(reverse("web:person", args=[person.pk])).content.decode()
    assert '<html lang="sq" dir="ltr">' in html
    assert "Identiteti" in html and "Mbiemri" in html and "Ndarë me" in html


def test_sign_in_page_in_each_language(client):
    titles = {"en": "Sign in to Haven", "sq": "Hyr në Haven", "fa": "ورود به هِیوِن"}
    for language, title in titles.items():
        html = _as(client, language).get(reverse("web:login")).content.decode()
        assert title in html


def test_choosing_a_language_in_the_header(world, client_as):
    client = client_as(world.caseworker)
    response = client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    assert response.status_code == 302
    assert 'dir="rtl"' in client.get(reverse("web:people")).content.decode()


@pytest.mark.parametrize("language", ["sq", "fa"])
def test_each_catalogue_is_compiled_in_the_source_tree(language):
    directory = settings.LOCALE_PATHS[0] / language / "LC_MESSAGES"
    mo = directory / "django.mo"
    assert mo.exists(), f"run `haven compilemessages` and commit {mo}"
    assert mo.stat().st_size > 1000

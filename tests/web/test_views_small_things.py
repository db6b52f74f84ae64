"""What a new user stumbled on (issue 7, item 15): labels, dates, links, the share form,
the schema's names, the development server's log."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.urls import reverse

from haven.accounts.models import Agency
from haven.people.services import person_create
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_pages_link_to_the_api_docs(world, client_as, client):
    for user, url in ((world.caseworker, "/"), (world.auditor, "/audit/")):
        html = client_as(user).get(url).content.decode()
        assert 'href="/api/docs/"' in html
    assert client_as(world.caseworker).get("/api/docs/").status_code == 200
    assert 'href="/api/docs/"' not in client.get("/signin/").content.decode()


def test_the_share_form_offers_only_agencies_that_can_read_the_register(world, client_as):
    monitor = Agency.objects.create(name="Protection Monitor", kind=Agency.Kind.SOCIAL)
    make_user("monitor", "auditor", monitor)
    Agency.objects.create(name="Empty Agency", kind=Agency.Kind.NGO)
    person = person_create(actor=world.caseworker, fields={"given_name": "Nasrin"})
    html = client_as(world.caseworker).get(f"/people/{person.pk}/").content.decode()
    form = html[
        html.index('name="share-agency"') : html.index("</select>", html.index("share-agency"))
    ]
    assert "South Relief" in form
    assert "Protection Monitor" not in form and "Empty Agency" not in form
    posted = client_as(world.caseworker).post(
        f"/people/{person.pk}/shares/", {"share-agency": monitor.pk, "share-reason": "x"}
    )
    assert posted.status_code == 302 and not person.shares.exists()


def test_an_assignee_from_another_agency_is_offered_no_share_form(world, client_as):
    person = person_create(
        actor=world.caseworker, fields={"given_name": "Joint", "caseworker": world.other_caseworker}
    )
    client = client_as(world.other_caseworker)
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert 'name="share-agency"' not in html
    posted = client.post(
        f"/people/{person.pk}/shares/", {"share-agency": world.south.pk, "share-reason": "x"}
    )
    assert posted.status_code == 403 and not person.shares.exists()


def test_persian_names_are_labelled_persian_arabic_script(world, client_as):
    person = person_create(
        actor=world.caseworker,
        fields={"given_name": "Nasrin", "other_names": [{"name": "نسرین رضایی"}]},
    )
    html = client_as(world.caseworker).get(f"/people/{person.pk}/").content.decode()
    assert "Persian/Arabic script" in html and ">Arabic script<" not in html


def test_dates_appear_in_one_format(world, client_as):
    person = person_create(
        actor=world.caseworker,
        fields={
            "given_name": "Nasrin",
            "birth_date": dt.date(1987, 2, 3),
            "group_status": "former_member",
            "left_group_on": dt.date(2020, 3, 4),
        },
    )
    for language in ("en", "sq", "fa"):
        client = client_as(world.caseworker)
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        html = client.get(f"/people/{person.pk}/").content.decode()
        assert "1987-02-03" in html and "2020-03-04" in html, language
        assert "March" not in html and "Mar." not in html


def test_the_year_field_is_not_labelled_earliest(world, client_as):
    html = client_as(world.caseworker).get("/people/new/").content.decode()
    label = re.search(r'<label for="id_birth_year">([^<]*)', html).group(1)
    assert label.strip() == "Year of birth"


def test_a_refusal_is_logged_without_a_traceback(world, client_as, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client_as(world.health).get("/audit/").status_code == 403
    refusals = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert refusals and all(r.exc_info is None for r in refusals)
    assert "Traceback" not in caplog.text


def test_schema_enum_names_are_human(world):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    names = set(schema["components"]["schemas"])
    hashed = {n for n in names if re.search(r"[0-9a-f]{3}Enum$", n)}
    assert not hashed, hashed
    assert {"DocumentKindEnum", "DocumentStatusEnum", "PersonStatusEnum"} <= names

"""Administration's authorization matrix: every endpoint and page × every role × an
account of the actor's agency and of another agency; and the admin's view of the
register, which is empty.

Administrators manage accounts of every agency (an installation has a handful of
them); everybody else is refused (403), whatever the record. An administrator never
changes their own account (403).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from haven.accounts.administration import user_create
from haven.people.services import person_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = [
    "caseworker",
    "supervisor",
    "enquiry_desk",
    "police_liaison",
    "health",
    "inspector",
    "refugee_liaison",
    "auditor",
    "admin",
    "other_caseworker",
]
ADMINS = {"admin"}
TARGETS = ["own_agency", "other_agency"]

# name -> (method, path template, body, status for an admin)
API = {
    "admin-agency-list": ("get", "/api/v1/admin/agencies/", None, 200),
    "admin-agency-detail": ("get", "/api/v1/admin/agencies/{a}/", None, 200),
    "admin-user-list": ("get", "/api/v1/admin/users/", None, 200),
    "admin-user-detail": ("get", "/api/v1/admin/users/{u}/", None, 200),
    "admin-user-role": ("post", "/api/v1/admin/users/{u}/role/", {"role": "supervisor"}, 200),
    "admin-user-invitation": ("post", "/api/v1/admin/users/{u}/invitation/", {}, 200),
    "admin-user-device-reset": ("post", "/api/v1/admin/users/{u}/device-reset/", {}, 202),
    "admin-user-disable": ("post", "/api/v1/admin/users/{u}/disable/", {}, 200),
    "admin-user-enable": ("post", "/api/v1/admin/users/{u}/enable/", {}, 200),
}
CREATE_API = {
    "admin-agency-list": ({"name": "Matrix Agency", "kind": "ngo"}, 201),
    "admin-user-list": ({"username": "matrix_new", "agency": "{a}", "role": "caseworker"}, 201),
}
OTHER_API = {"step-up", "admin-agency-detail-patch"}

PAGES = {
    "administration": "/administration/",
    "administration_agency_new": "/administration/agencies/new/",
    "administration_agency": "/administration/agencies/{a}/",
    "administration_user_new": "/administration/users/new/",
    "administration_user": "/administration/users/{u}/",
}
ACTIONS = {
    "administration_user_invite": "/administration/users/{u}/invitation/",
    "administration_user_device_reset": "/administration/users/{u}/device-reset/",
    "administration_user_disable": "/administration/users/{u}/disable/",
    "administration_user_enable": "/administration/users/{u}/enable/",
}
# Pages everyone signed in (or holding a link) reaches: tested in test_administration.py.
OPEN_PAGES = {"invitation", "step_up", "start"}

COVERED_API = set(API) | {"step-up"}
COVERED_PAGES = set(PAGES) | set(ACTIONS) | OPEN_PAGES


def _target(world, target: str):
    agency = world.north if target == "own_agency" else world.south
    user, _link = user_create(
        actor=world.admin,
        username=f"target_{target}",
        agency=agency,
        role="caseworker",
        now=timezone.now(),
    )
    return user


def _fill(template: str, world, user) -> str:
    return template.format(a=world.south.pk, u=user.uuid)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(API))
def test_api(world, role, target, name):
    user = _target(world, target)
    method, template, body, ok = API[name]
    client = client_for(getattr(world, role))
    response = getattr(client, method)(_fill(template, world, user), body, format="json")
    expected = ok if role in ADMINS else 403
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CREATE_API))
def test_api_create(world, role, name):
    body, ok = CREATE_API[name]
    body = {k: v.format(a=world.south.pk) for k, v in body.items()}
    client = client_for(getattr(world, role))
    response = client.post(API[name][1], body, format="json")
    assert response.status_code == (ok if role in ADMINS else 403), response.content


@pytest.mark.parametrize("role", ROLES)
def test_api_agency_patch(world, role):
    client = client_for(getattr(world, role))
    response = client.patch(
        f"/api/v1/admin/agencies/{world.south.pk}/", {"name": "South Relief 2"}, format="json"
    )
    assert response.status_code == (200 if role in ADMINS else 403)
    world.south.refresh_from_db()
    assert (world.south.name == "South Relief 2") == (role in ADMINS)


def test_admin_never_changes_own_account(world):
    client = client_for(world.admin)
    me = world.admin.uuid
    for path, body in [
        (f"/api/v1/admin/users/{me}/disable/", {}),
        (f"/api/v1/admin/users/{me}/role/", {"role": "caseworker"}),
        (f"/api/v1/admin/users/{me}/invitation/", {}),
        (f"/api/v1/admin/users/{me}/device-reset/", {}),
    ]:
        assert client.post(path, body, format="json").status_code == 403, path
    world.admin.refresh_from_db()
    assert world.admin.is_active and world.admin.role == "admin"


def test_unknown_account_is_404_for_admin(world):
    client = client_for(world.admin)
    zero = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/api/v1/admin/users/{zero}/").status_code == 404
    assert client.get(f"/api/v1/admin/agencies/{zero}/").status_code == 404
    assert client.get("/api/v1/admin/users/nonsense/").status_code == 404


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages(world, role, target, name):
    user = _target(world, target)
    response = _web(getattr(world, role)).get(_fill(PAGES[name], world, user))
    assert response.status_code == (200 if role in ADMINS else 403)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_actions(world, role, target, name):
    user = _target(world, target)
    response = _web(getattr(world, role)).post(_fill(ACTIONS[name], world, user))
    if role in ADMINS:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
        user.refresh_from_db()
        assert user.is_active


# --- the admin sees nothing of the register --------------------------------------------


def test_admin_view_of_the_register_is_empty(world):
    person = person_create(
        actor=world.caseworker,
        fields={"given_name": "Nasrin", "current_site": "Safe house 7", "phone": "+355 1"},
    )
    api = client_for(world.admin)
    assert api.get("/api/v1/people/").status_code == 403
    assert api.get(f"/api/v1/people/{person.pk}/").status_code in (403, 404)
    web = _web(world.admin)
    assert web.get(reverse("web:people")).status_code == 403
    assert web.get(reverse("web:person", args=[person.pk])).status_code == 403
    page = web.get(reverse("web:administration")).content.decode()
    assert "Nasrin" not in page and "Safe house" not in page

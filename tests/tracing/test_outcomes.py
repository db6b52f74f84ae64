"""A full enquiry through the API for each outcome, asserting after every step the exact
JSON the enquiry desk receives on every enquiry-facing endpoint (and, once the pages
land, page and letter): nothing of the person without the matching consent, and a
refusal indistinguishable from a not-found."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tracing.helpers import ENQUIRY, NO_DISCLOSURE, body, desk_view, private_interview

ALL_GIVEN = {
    "alive_and_well": "given",
    "deliver_message": "given",
    "send_reply": "given",
    "share_contact": "given",
    "accept_visit": "given",
}
ALL_REFUSED = dict.fromkeys(ALL_GIVEN, "refused")
REPLY = "I am well. I will write again."
CONTACT = "Write to me through the caseworker: +355 69 000 0000"


class Journey:
    """The desk, a caseworker and the sought person (on North's register)."""

    def __init__(
        self, world: Any, as_user: Any, person_factory: Any, data: dict[str, Any] = ENQUIRY
    ) -> None:
        self.world, self.data = world, data
        self.desk = as_user(world.enquiry_desk)
        from django.test import Client

        self.desk_pages = Client()
        self.desk_pages.force_login(world.enquiry_desk)
        self.worker = as_user(world.caseworker)
        self.person = person_factory(
            given_name=data["sought"]["given_name"],
            family_name=data["sought"]["family_name"],
            sex="female",
            birth_year=1994,
            place_of_origin="Tabriz",
            address="Compound 3, row 7",
            phone="+355 69 123 4567",
        )
        response = self.desk.post("/api/v1/tracing/enquiries/", data, format="json")
        assert response.status_code == 201, response.json()
        self.id = response.json()["id"]
        self.created_at = response.json()["created_at"]
        self.url = f"/api/v1/tracing/enquiries/{self.id}/"

    def seen(self) -> dict[str, Any]:
        """What the desk receives, the same on the list and the detail."""
        detail = self.desk.get(self.url)
        assert detail.status_code == 200
        listed = self.desk.get("/api/v1/tracing/enquiries/").json()["results"]
        rows = [row for row in listed if row["id"] == self.id]
        assert rows == [detail.json()]
        return detail.json()

    def expect(self, status: str = "open", **shown: Any) -> None:
        assert self.seen() == desk_view(self.id, self.created_at, self.data, status, **shown)
        for leak in (str(self.person.pk), "Compound 3", "+355 69 123 4567", "North Shelter"):
            assert leak not in str(self.seen())
        # the desk's page and the printed letter say the same, and nothing more
        for path in (f"/tracing/{self.id}/", f"/tracing/{self.id}/letter/"):
            page = self.desk_pages.get(path).content.decode()
            main = page[page.index('<main id="main"') :]
            assert ("Closed" in main) == (status == "closed")
            texts = {
                "alive_and_well": "they are alive and well",
                "message_delivered": "Message delivered",
                "reply": REPLY,
                "contact": CONTACT,
                "visit": "a cafe in town",
            }
            for key, text in texts.items():
                assert (text in main) == (key in shown), (path, key)
            assert ("We have no news to pass on." in main) == (not shown)
            for leak in (str(self.person.pk), "Compound 3", "+355 69 123 4567", "located"):
                assert leak not in main

    def post(self, path: str, data: dict[str, Any] | None = None, code: int = 200) -> Any:
        response = self.worker.post(self.url + path, data or {}, format="json")
        assert response.status_code == code, response.json()
        return response.json()

    def locate(self) -> None:
        found = self.worker.get(self.url + "candidates/").json()["results"]
        assert found and found[0]["person"] == str(self.person.pk)
        self.expect()
        self.post("locate/", {"person": str(self.person.pk), "note": "same face as the photo"})
        self.expect()

    def reply(self) -> None:
        reply = self.post("replies/", {"text": REPLY}, code=201)
        self.post(f"replies/{reply['id']}/review/", {"release": True, "note": "nothing revealing"})


@pytest.fixture
def journey(world, as_user, person_factory):
    return Journey(world, as_user, person_factory)


def test_consent_to_everything(journey):
    journey.expect()
    journey.locate()
    journey.post("interviews/", private_interview(ALL_GIVEN, contact=CONTACT), code=201)
    journey.expect(alive_and_well=True, contact=CONTACT)
    journey.post("message/", {"status": "delivered"})
    journey.expect(alive_and_well=True, contact=CONTACT, message_delivered=True)
    journey.reply()
    shown = {"alive_and_well": True, "contact": CONTACT, "message_delivered": True}
    journey.expect(reply=REPLY, **shown)
    visitor = journey.post("visitors/", {"name": "Parvin Hosseini"}, code=201)
    visit = {"starts_on": "2025-07-01", "ends_on": "2025-07-02", "place": "a cafe in town"}
    made = journey.post("visits/", {"visitors": [visitor["id"]], **visit}, code=201)
    journey.post(f"visits/{made['id']}/visas/", {"visitor": visitor["id"]}, code=201)
    shown["visit"] = {**visit, "status": "requested"}
    journey.expect(reply=REPLY, **shown)
    journey.post("close/")
    journey.expect("closed", reply=REPLY, **shown)


def test_consent_to_alive_and_well_only(journey):
    journey.locate()
    decisions = {**ALL_REFUSED, "alive_and_well": "given"}
    journey.post("interviews/", private_interview(decisions), code=201)
    journey.expect(alive_and_well=True)
    journey.reply()  # written and released, but no consent to send it
    journey.expect(alive_and_well=True)
    journey.post("close/")
    journey.expect("closed", alive_and_well=True)


def test_consent_to_a_message_but_no_reply(journey):
    journey.locate()
    decisions = {**ALL_REFUSED, "deliver_message": "given"}
    journey.post("interviews/", private_interview(decisions), code=201)
    journey.expect()
    journey.post("message/", {"status": "delivered"})
    journey.expect(message_delivered=True)
    journey.reply()
    journey.expect(message_delivered=True)
    journey.post("close/")
    journey.expect("closed", message_delivered=True)


def _refused(journey):
    journey.locate()
    journey.post("interviews/", private_interview(ALL_REFUSED), code=201)
    journey.expect()
    journey.post("close/")
    journey.expect("closed")


def test_refusal(journey):
    _refused(journey)
    internal = journey.worker.get(journey.url).json()["internal"]
    assert internal["state"] == "closed_refused"


def test_consent_later_withdrawn(journey):
    journey.locate()
    journey.post("interviews/", private_interview(ALL_GIVEN, contact=CONTACT), code=201)
    journey.post("message/", {"status": "delivered"})
    journey.reply()
    journey.expect(alive_and_well=True, contact=CONTACT, message_delivered=True, reply=REPLY)
    journey.post("withdraw/", {"purpose": "share_contact"})
    journey.expect(alive_and_well=True, message_delivered=True, reply=REPLY)
    for purpose in ("alive_and_well", "deliver_message", "send_reply", "accept_visit"):
        journey.post("withdraw/", {"purpose": purpose})
    journey.expect()
    journey.post("close/")
    journey.expect("closed")


def _denied(journey):
    journey.locate()
    journey.post("interviews/", private_interview({"deny_knowing_me": "given"}), code=201)
    journey.expect("closed")


def test_deny_knowing_me(journey, as_user, world):
    _denied(journey)
    assert journey.worker.get(journey.url).json()["internal"]["state"] == "closed_not_found"
    # a later enquiry for the same person: no candidate, and nothing to disclose
    later = journey.desk.post("/api/v1/tracing/enquiries/", ENQUIRY, format="json").json()
    found = journey.worker.get(f"/api/v1/tracing/enquiries/{later['id']}/candidates/").json()
    assert str(journey.person.pk) not in str(found)


def _not_found(journey):
    journey.post("close/")
    journey.expect("closed")


def test_not_found(journey):
    _not_found(journey)


def test_refusal_denial_and_not_found_look_the_same(world, as_user, person_factory):
    """Three families (three enquirers, three people sought): the desk's views differ
    only in what each family gave and in the ids."""
    families = [
        body(enquirer__name="Parvin Hosseini", sought__given_name="Maryam"),
        body(
            enquirer__name="Hamid Karimi", enquirer__phone="+98 912 555 0202",
            enquirer__email="hamid@example.org", sought__given_name="Shirin",
            sought__family_name="Karimi",
        ),
        body(
            enquirer__name="Reza Ahmadi", enquirer__phone="+98 912 555 0303",
            enquirer__email="reza@example.org", sought__given_name="Leila",
            sought__family_name="Ahmadi",
        ),
    ]  # fmt: skip
    views = []
    for outcome, data in zip((_refused, _denied, _not_found), families, strict=True):
        for other in data["sought"]["other_names"]:
            other["name"] = data["sought"]["given_name"]
        journey = Journey(world, as_user, person_factory, data)
        outcome(journey)
        view = journey.seen()
        assert journey.worker.get(journey.url).json()["internal"]["flagged"] is False
        for given in ("id", "created_at", "enquirer", "sought", "message"):
            view.pop(given)
        views.append(view)
    assert views[0] == views[1] == views[2] == {"status": "closed", "disclosure": NO_DISCLOSURE}

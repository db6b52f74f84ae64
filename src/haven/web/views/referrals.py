"""The referrals pages: the list, a new referral with consent per class, a referral's
page with its status actions, its printed form and export; petitions likewise; and the
person page's referrals section. Every referral or petition shown is
``disclosure.disclosed_payload``."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from haven.accounts import stepup
from haven.accounts.policy import can
from haven.accounts.policy import referrals as policy
from haven.accounts.roles import Capability
from haven.audit.models import AuditEntry
from haven.people.selectors import person_get
from haven.referrals import selectors, services
from haven.referrals.disclosure import disclosed_payload
from haven.referrals.models import TRANSITIONS, Status
from haven.web.access import signed_in
from haven.web.forms.common import add_service_errors
from haven.web.forms.referrals import (
    ConsentForm,
    MemberForm,
    PetitionForm,
    ReferralForm,
    RequestFilterForm,
    StatusForm,
)
from haven.web.htmx import render_page
from haven.web.registry import nav_link, person_section

NO_REFERRALS = _lazy("Your role has no access to referrals.")
View = Callable[..., HttpResponse]


def _gate(view: View) -> View:
    """Signed in, and a role that makes or receives referrals."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.can_read_referrals(request.user):
            raise PermissionDenied(str(NO_REFERRALS))
        return view(request, *args, **kwargs)

    return signed_in(wrapper)


def _refuse(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this with this request."))


def _report(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _next_statuses(user: Any, request: Any) -> list[tuple[str, str]]:
    """The statuses this user may move the request to (sending is the referrer's)."""
    if not policy.can_reply(user, request):
        return []
    may_send = not policy.receives(user, request) and (
        not hasattr(request, "person") or policy.can_extend_referral(user, request)
    )
    return [
        (s, Status(s).label) for s in TRANSITIONS[request.status] if s != Status.SENT or may_send
    ]


# --- referrals ------------------------------------------------------------------------


@_gate
def referrals(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(selectors.referral_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    rows = [disclosed_payload(r, user=request.user, summary=True) for r in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "filtered": bool(filters)}
    return render_page(
        request, "web/referrals/list.html", context,
        partial="web/referrals/_results.html", target="results",
    )  # fmt: skip


@_gate
def referral_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    _refuse(policy.can_refer(request.user, person))
    status, other_errors = 200, []
    if request.method == "POST":
        form = ReferralForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = services.referral_create(
                    actor=request.user,
                    person=person,
                    receiving_body=data["receiving_body"],
                    reason=data["reason"],
                    urgency=data["urgency"],
                    consented_classes=list(data["consented_classes"]),
                )
            except ValidationError as exc:
                rest = add_service_errors(form, exc)
                other_errors = [m for ms in rest.values() for m in ms]
            else:
                messages.success(request, _("Referral saved as a draft. Send it when ready."))
                return redirect("web:referral", referral_id=referral.pk)
    else:
        form = ReferralForm(user=request.user)
    context = {"form": form, "person": person, "other_errors": other_errors}
    return render(request, "web/referrals/form.html", context, status=status)


@_gate
def referral(request: HttpRequest, referral_id: str) -> HttpResponse:
    record = selectors.referral_get(user=request.user, referral_id=referral_id)
    works = policy.can_work_on_referral(request.user, record)
    context = {
        "record": record,
        "payload": disclosed_payload(record, user=request.user),
        "works": works,
        "statuses": _next_statuses(request.user, record),
        "status_form": StatusForm(),
        "consent_form": (
            ConsentForm(user=request.user)
            if policy.can_extend_referral(request.user, record)
            else None
        ),
    }
    return render(request, "web/referrals/detail.html", context)


def _transition(request: HttpRequest, transition: Callable[..., object]) -> None:
    """Move a referral or a petition to the status the form names, reporting the outcome."""
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return
    try:
        transition(
            actor=request.user, status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
        )  # fmt: skip
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Status changed."))


@require_POST
@_gate
def referral_status(request: HttpRequest, referral_id: str) -> HttpResponse:
    record = selectors.referral_get(user=request.user, referral_id=referral_id)
    _refuse(policy.can_reply(request.user, record))
    _transition(request, lambda **kw: services.referral_transition(referral=record, **kw))
    return redirect("web:referral", referral_id=record.pk)


@require_POST
@_gate
def referral_consents(request: HttpRequest, referral_id: str) -> HttpResponse:
    record = selectors.referral_get(user=request.user, referral_id=referral_id)
    _refuse(policy.can_extend_referral(request.user, record))
    form = ConsentForm(request.POST, user=request.user)
    if not form.is_valid() or not form.cleaned_data["consented_classes"]:
        messages.error(request, _("Tick what the person now consents to share."))
    else:
        try:
            services.referral_consent_record(
                actor=request.user, referral=record,
                classes=list(form.cleaned_data["consented_classes"]),
            )  # fmt: skip
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("Consent recorded."))
    return redirect("web:referral", referral_id=record.pk)


@require_POST
@_gate
def consent_withdraw(request: HttpRequest, consent_id: str) -> HttpResponse:
    consent = selectors.consent_get(user=request.user, consent_id=consent_id)
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Consent withdrawn. Nothing of that class is shown any more."))
    if consent.referral_id:
        return redirect("web:referral", referral_id=consent.referral_id)
    return redirect("web:petition", petition_id=consent.member.petition_id)  # type: ignore[union-attr]


@_gate
@stepup.step_up  # a printed referral carries personal data out of Haven
def referral_print(request: HttpRequest, referral_id: str) -> HttpResponse:
    record = selectors.referral_get(user=request.user, referral_id=referral_id)
    payload = disclosed_payload(record, user=request.user)
    return render(request, "web/referrals/print.html", {"payload": payload})


def _download(payload: dict[str, Any], name: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@_gate
@stepup.step_up
def referral_export(request: HttpRequest, referral_id: str) -> HttpResponse:
    """The referral as sent to the body, as a file: only the consented classes."""
    record = selectors.referral_get(user=request.user, referral_id=referral_id)
    payload = disclosed_payload(record, user=request.user, action=AuditEntry.Action.EXPORT)
    return _download(payload, f"referral-{record.pk}")


# --- petitions ------------------------------------------------------------------------


@_gate
def petitions(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(selectors.petition_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    rows = [disclosed_payload(p, user=request.user, summary=True) for p in page.object_list]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": bool(filters),
        "can_petition": can(request.user, Capability.REFERRALS_WRITE),
    }
    return render(request, "web/referrals/petitions.html", context)


@_gate
def petition_new(request: HttpRequest) -> HttpResponse:
    _refuse(can(request.user, Capability.REFERRALS_WRITE))
    status, other_errors = 200, []
    if request.method == "POST":
        form = PetitionForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                made = services.petition_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                rest = add_service_errors(form, exc)
                other_errors = [m for ms in rest.values() for m in ms]
            else:
                messages.success(request, _("Petition saved as a draft. Add the petitioners."))
                return redirect("web:petition", petition_id=made.pk)
    else:
        form = PetitionForm()
    context = {"form": form, "other_errors": other_errors}
    return render(request, "web/referrals/petition_form.html", context, status=status)


def _member_form(request: HttpRequest, record: Any, data: Any = None) -> MemberForm | None:
    if not policy.can_work_on_petition(request.user, record) or record.status in (
        Status.DECLINED,
        Status.COMPLETED,
    ):
        return None
    people = selectors.petition_candidates(user=request.user, petition=record)
    return MemberForm(data, user=request.user, people=people)


@_gate
def petition(request: HttpRequest, petition_id: str) -> HttpResponse:
    record = selectors.petition_get(user=request.user, petition_id=petition_id)
    payload = disclosed_payload(record, user=request.user)
    context = {
        "record": record,
        "payload": payload,
        "members": payload.get("members", []),
        "works": policy.can_work_on_petition(request.user, record),
        "statuses": _next_statuses(request.user, record),
        "status_form": StatusForm(),
        "member_form": _member_form(request, record),
    }
    return render(request, "web/referrals/petition.html", context)


@require_POST
@_gate
def petition_members(request: HttpRequest, petition_id: str) -> HttpResponse:
    record = selectors.petition_get(user=request.user, petition_id=petition_id)
    _refuse(policy.can_work_on_petition(request.user, record))
    form = _member_form(request, record, request.POST)
    if form is None or not form.is_valid():
        messages.error(request, _("Choose a person of your agency who may join this petition."))
    else:
        try:
            services.petition_member_add(
                actor=request.user, petition=record, person=form.cleaned_data["person"],
                consented_classes=list(form.cleaned_data["consented_classes"]),
            )  # fmt: skip
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("Petitioner and their consent recorded."))
    return redirect("web:petition", petition_id=record.pk)


@require_POST
@_gate
def petition_status(request: HttpRequest, petition_id: str) -> HttpResponse:
    record = selectors.petition_get(user=request.user, petition_id=petition_id)
    _refuse(policy.can_reply(request.user, record))
    _transition(request, lambda **kw: services.petition_transition(petition=record, **kw))
    return redirect("web:petition", petition_id=record.pk)


@_gate
@stepup.step_up
def petition_print(request: HttpRequest, petition_id: str) -> HttpResponse:
    record = selectors.petition_get(user=request.user, petition_id=petition_id)
    payload = disclosed_payload(record, user=request.user)
    return render(request, "web/referrals/print.html", {"payload": payload})


# --- the person's page ----------------------------------------------------------------


def _person_section(
    request: HttpRequest, person: Any, classes: frozenset[str]
) -> dict[str, Any] | None:
    user = request.user
    if not can(user, Capability.REFERRALS_READ):
        return None
    found = selectors.person_requests(user=user, person=person)
    return {
        "referrals": [disclosed_payload(r, user=user, summary=True) for r in found["referrals"]],
        "petitions": [disclosed_payload(p, user=user, summary=True) for p in found["petitions"]],
        "can_refer": policy.can_refer(user, person),
        "person": person,
    }


nav_link("web:referrals", _lazy("Referrals"), policy.can_read_referrals, order=40)
person_section("web/referrals/_person_section.html", _person_section, order=40)

urlpatterns: list[URLPattern] = [
    path("referrals/", referrals, name="referrals"),
    path("people/<uuid:person_id>/referrals/new/", referral_new, name="referral_new"),
    path("referrals/petitions/", petitions, name="petitions"),
    path("referrals/petitions/new/", petition_new, name="petition_new"),
    path("referrals/petitions/<uuid:petition_id>/", petition, name="petition"),
    path(
        "referrals/petitions/<uuid:petition_id>/members/",
        petition_members,
        name="petition_members",
    ),
    path("referrals/petitions/<uuid:petition_id>/status/", petition_status, name="petition_status"),
    path("referrals/petitions/<uuid:petition_id>/print/", petition_print, name="petition_print"),
    path(
        "referrals/consents/<uuid:consent_id>/withdraw/",
        consent_withdraw,
        name="consent_withdraw",
    ),
    path("referrals/<uuid:referral_id>/", referral, name="referral"),
    path("referrals/<uuid:referral_id>/status/", referral_status, name="referral_status"),
    path("referrals/<uuid:referral_id>/consents/", referral_consents, name="referral_consents"),
    path("referrals/<uuid:referral_id>/print/", referral_print, name="referral_print"),
    path("referrals/<uuid:referral_id>/export/", referral_export, name="referral_export"),
]

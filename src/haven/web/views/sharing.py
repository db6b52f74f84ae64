"""Sharing a person's record with another agency (sight, not the right to change)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from haven.accounts import policy
from haven.accounts.roles import Capability
from haven.people import selectors, services, sharing
from haven.people.models import Person, ShareRequest
from haven.web.access import NO_REGISTER_WRITE, requires
from haven.web.forms.people import ShareForm
from haven.web.registry import nav_link

NOT_YOURS = gettext_lazy("You may not change how this record is shared.")


def share_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The active shares of a person and the form to add one, for those who may edit."""
    if not policy.can_share_person(request.user, person):
        return {}
    return {
        "shares": selectors.person_share_list(person=person),
        "share_requests": selectors.share_request_pending(person=person),
        "share_form": ShareForm(person=person, prefix="share"),
        "decides_shares": not policy.share_needs_approval(request.user),
    }


def _editable(request: HttpRequest, person_id: str) -> Person:
    record = selectors.person_get(user=request.user, person_id=person_id)
    if not policy.can_share_person(request.user, record):
        raise PermissionDenied(NOT_YOURS)
    return record


@require_POST
@requires(Capability.REGISTER_WRITE, NO_REGISTER_WRITE)
def person_share(request: HttpRequest, person_id: str) -> HttpResponse:
    record = _editable(request, person_id)
    form = ShareForm(request.POST, person=record, prefix="share")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("web:person", person_id=record.pk)
    agency = form.cleaned_data["agency"]
    try:
        done = sharing.person_share_request(
            actor=request.user, person=record, agency=agency, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if isinstance(done, ShareRequest):
            messages.success(
                request,
                _("A supervisor must approve sharing with %(agency)s; until then it sees nothing.")
                % {"agency": agency},
            )
        else:
            messages.success(request, _("Shared with %(agency)s.") % {"agency": agency})
    return redirect("web:person", person_id=record.pk)


@require_POST
@requires(Capability.REGISTER_WRITE, NO_REGISTER_WRITE)
def person_unshare(request: HttpRequest, person_id: str, share_id: str) -> HttpResponse:
    record = _editable(request, person_id)
    share = selectors.person_share_get(person=record, share_id=share_id)
    services.person_unshare(actor=request.user, share=share)
    messages.success(request, _("No longer shared with %(agency)s.") % {"agency": share.agency})
    return redirect("web:person", person_id=record.pk)


NOT_A_SUPERVISOR = gettext_lazy("Only a supervisor approves or refuses a pending share.")


@requires(Capability.REGISTER_WRITE, NO_REGISTER_WRITE)
def share_requests(request: HttpRequest) -> HttpResponse:
    """A supervisor's list of the shares their agency's caseworkers asked for."""
    if policy.share_needs_approval(request.user):
        raise PermissionDenied(NOT_A_SUPERVISOR)
    rows = selectors.share_request_list(user=request.user)
    return render(request, "web/people/share_requests.html", {"rows": rows})


def _decide(request: HttpRequest, person_id: str, request_id: str, approve: bool) -> HttpResponse:
    record = selectors.person_get(user=request.user, person_id=person_id)
    asked = selectors.share_request_get(person=record, request_id=request_id)
    try:
        if approve:
            sharing.share_request_approve(actor=request.user, share_request=asked)
            messages.success(request, _("Shared with %(agency)s.") % {"agency": asked.agency})
        else:
            sharing.share_request_refuse(actor=request.user, share_request=asked)
            messages.success(request, _("Not shared with %(agency)s.") % {"agency": asked.agency})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    back = request.POST.get("back")
    if back == "list":
        return redirect("web:share_requests")
    return redirect("web:person", person_id=record.pk)


@require_POST
@requires(Capability.REGISTER_WRITE, NO_REGISTER_WRITE)
def share_request_approve(request: HttpRequest, person_id: str, request_id: str) -> HttpResponse:
    return _decide(request, person_id, request_id, approve=True)


@require_POST
@requires(Capability.REGISTER_WRITE, NO_REGISTER_WRITE)
def share_request_refuse(request: HttpRequest, person_id: str, request_id: str) -> HttpResponse:
    return _decide(request, person_id, request_id, approve=False)


def _decides_shares(user: Any) -> bool:
    return policy.can(user, Capability.REGISTER_WRITE) and not policy.share_needs_approval(user)


nav_link("web:share_requests", gettext_lazy("Shares to approve"), _decides_shares, order=15)

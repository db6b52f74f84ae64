"""Sharing a person's record with another agency (sight, not the right to change)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from haven.accounts import policy
from haven.accounts.roles import Capability
from haven.people import selectors, services
from haven.people.models import Person
from haven.web.access import NO_REGISTER_WRITE, requires
from haven.web.forms.people import ShareForm

NOT_YOURS = gettext_lazy("You may not change how this record is shared.")


def share_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The active shares of a person and the form to add one, for those who may edit."""
    if not policy.can_edit_person(request.user, person):
        return {}
    return {
        "shares": selectors.person_share_list(person=person),
        "share_form": ShareForm(person=person, prefix="share"),
    }


def _editable(request: HttpRequest, person_id: str) -> Person:
    record = selectors.person_get(user=request.user, person_id=person_id)
    if not policy.can_edit_person(request.user, record):
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
        services.person_share(
            actor=request.user, person=record, agency=agency, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
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

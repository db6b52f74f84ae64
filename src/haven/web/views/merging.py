"""Possible duplicates of a person, merging two records into one, and undoing a merge.

Only supervisors (Capability.MERGE) see or use any of it; the services decide the rest.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import policy, stepup
from haven.accounts.roles import Capability, DataClass
from haven.people import merging, selectors
from haven.people.matching import match_search
from haven.people.models import Person
from haven.web.access import NO_MERGE, requires
from haven.web.forms.common import add_service_errors
from haven.web.forms.people import MergeForm, UndoMergeForm

DUPLICATE_QUERY_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_date",
    "birth_year",
    "birth_year_max",
    "birth_precision",
    "place_of_origin",
)
NOT_OWN = gettext_lazy(
    "Only records that your own agency owns can be merged (or the merge undone)."
)
DUPLICATES_SHOWN = 5
DUPLICATE_THRESHOLD = 0.5


def _undo_prefix(merge: Any) -> str:
    return f"undo-{merge.pk}"


def merge_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    """What a person's page shows a supervisor: likely duplicates, and merges into it."""
    if not policy.can(request.user, Capability.MERGE):
        return {}
    context: dict[str, Any] = {
        "can_merge": True,
        "merges": [
            (merge, UndoMergeForm(prefix=_undo_prefix(merge)))
            for merge in selectors.person_merge_list(person=person)
        ],
    }
    if person.merged_into_id is None and policy.can_merge(request.user, person):
        query = {name: getattr(person, name) for name in DUPLICATE_QUERY_FIELDS}
        matches = match_search(
            user=request.user,
            query=query,
            top=DUPLICATES_SHOWN,
            min_probability=DUPLICATE_THRESHOLD,
            exclude=[str(person.pk)],
        )
        context["duplicates"] = [
            {"match": m, "mergeable": policy.can_merge(request.user, person, m.person)}
            for m in matches
        ]
    return context


def merged_into(request: HttpRequest, person: Person) -> Person | None:
    """The record a merged person now lives in, when the user may see it."""
    if person.merged_into_id is None:
        return None
    try:
        return selectors.person_get(user=request.user, person_id=person.merged_into_id)
    except Http404:
        return None


def _document_count(request: HttpRequest, person: Person) -> int | None:
    if not policy.has_class(request.user, DataClass.DOCUMENTS):
        return None
    return selectors.document_list(user=request.user, person=person).count()


@require_http_methods(["GET", "POST"])
@requires(Capability.MERGE, NO_MERGE)
@stepup.step_up
def person_merge(request: HttpRequest, person_id: str, other_id: str) -> HttpResponse:
    """Confirm, then fold the other record into this one (``person_id`` is kept)."""
    kept = selectors.person_get(user=request.user, person_id=person_id)
    absorbed = selectors.person_get(user=request.user, person_id=other_id)
    if not policy.can_merge(request.user, kept, absorbed):
        raise PermissionDenied(NOT_OWN)
    form = MergeForm(request.POST or None)
    status, other_errors = 200, []
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                merging.person_merge(
                    actor=request.user,
                    kept=kept,
                    absorbed=absorbed,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                rest = add_service_errors(form, exc)
                other_errors = [m for messages_ in rest.values() for m in messages_]
            else:
                messages.success(
                    request,
                    _("The records are merged. It can be undone from this page."),
                )
                return redirect("web:person", person_id=kept.pk)
    context = {
        "kept": kept,
        "absorbed": absorbed,
        "kept_documents": _document_count(request, kept),
        "absorbed_documents": _document_count(request, absorbed),
        "form": form,
        "other_errors": other_errors,
    }
    return render(request, "web/people/merge.html", context, status=status)


@require_POST
@requires(Capability.MERGE, NO_MERGE)
def person_unmerge(request: HttpRequest, person_id: str, merge_id: str) -> HttpResponse:
    merge = selectors.merge_get(user=request.user, merge_id=merge_id)
    if str(merge.kept_id) != str(person_id):
        raise Http404
    form = UndoMergeForm(request.POST, prefix=_undo_prefix(merge))
    if not form.is_valid():
        messages.error(request, _("Give a reason to undo the merge."))
        return redirect("web:person", person_id=merge.kept_id)
    try:
        merging.person_unmerge(actor=request.user, merge=merge, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The merge is undone; both records are as they were."))
    return redirect("web:person", person_id=merge.kept_id)

"""The tracing pages: the enquiry desk registers and follows enquiries (through the
disclosure gate alone) and prints the letter to the family; caseworkers work the
candidates beside the enquiry, record the interview and its decisions, relay messages
and arrange visits; supervisors review flagged enquiries and keep the follow-up list."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import stepup
from haven.accounts.models import Agency
from haven.accounts.policy import tracing as policy
from haven.accounts.roles import DataClass
from haven.tracing import gate, selectors, services
from haven.tracing.models import Enquiry, Purpose, Reply, State
from haven.web.access import signed_in
from haven.web.forms.common import add_service_errors
from haven.web.forms.tracing import (
    CandidateForm,
    EnquiryForm,
    ForwardForm,
    InterviewForm,
    MessageForm,
    NoteForm,
    PurposeForm,
    ReplyForm,
    ReplyReviewForm,
    VisitForm,
    VisitorForm,
)
from haven.web.registry import nav_link, person_section

NO_TRACING = _lazy("Your role has no access to tracing enquiries.")
NO_WORK = _lazy("Your role may not work tracing enquiries.")
NO_REVIEW = _lazy("Only a supervisor may do this.")
NO_ENQUIRE = _lazy("Only the enquiry desk registers tracing enquiries.")
PAGE_SIZE = 25


def _allowed(check: Callable[[Any], bool], message: Any) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied(str(message))
            return view(request, *args, **kwargs)

        return signed_in(wrapper)

    return decorator


reader = _allowed(policy.can_read_tracing, NO_TRACING)
worker = _allowed(policy.can_work, NO_WORK)
reviewer = _allowed(policy.can_review, NO_REVIEW)
desk = _allowed(policy.can_enquire, NO_ENQUIRE)


def _report(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _back(enquiry: Enquiry) -> HttpResponse:
    return redirect("web:tracing_enquiry", enquiry_id=enquiry.pk)


# --- the desk's and everyone's pages -------------------------------------------------


@reader
def enquiries(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("status", "")
    qs = selectors.enquiry_list(
        user=request.user, state=state if state in ("open", "closed") else ""
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.audit_read(request.user, page.object_list)
    through_gate = policy.sees_through_gate(request.user)
    rows = [
        {"enquiry": e, "view": gate.enquirer_view(e)}
        if through_gate
        else {"enquiry": e, "view": None}
        for e in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "through_gate": through_gate,
        "status": state,
        "can_enquire": policy.can_enquire(request.user),
        "can_review": policy.can_review(request.user),
    }
    return render(request, "web/tracing/list.html", context)


@desk
@require_http_methods(["GET", "POST"])
def enquiry_new(request: HttpRequest) -> HttpResponse:
    form = EnquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enquiry = services.enquiry_create(actor=request.user, fields=form.fields_for_service())
        except ValidationError as exc:
            for _name, errors in add_service_errors(form, exc).items():
                form.add_error(None, errors)
        else:
            messages.success(request, _("Enquiry registered."))
            return _back(enquiry)
    return render(
        request, "web/tracing/form.html", {"form": form}, status=400 if form.errors else 200
    )


@reader
def enquiry(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id)
    view = gate.enquirer_view(record)
    if policy.sees_through_gate(request.user):
        return render(request, "web/tracing/desk_detail.html", {"view": view})
    return render(request, "web/tracing/detail.html", _worker_context(request, record, view))


def _worker_context(request: HttpRequest, record: Enquiry, view: dict[str, Any]) -> dict[str, Any]:
    from haven.tracing.api import candidates_body

    user = request.user
    found = None if record.person_id or record.is_closed else candidates_body(user, record)
    rows = []
    if found:
        from haven.people.models import Person

        people = Person.objects.in_bulk([r["person"] for r in found["results"]], field_name="pk")
        by_id = {str(k): v for k, v in people.items()}
        rows = [{**r, "record": by_id.get(r["person"])} for r in found["results"]]
    forward_agencies = Agency.objects.none()
    if found and found["held_elsewhere"]:
        ids = [h["agency"] for h in found["held_elsewhere"] if not h["forwarded"]]
        forward_agencies = Agency.objects.filter(pk__in=ids)
    replies = list(record.replies.all())
    return {
        "view": view,
        "enquiry": record,
        "found": found,
        "rows": rows,
        "held_elsewhere": found["held_elsewhere"] if found else [],
        "forward_form": ForwardForm(agencies=forward_agencies) if forward_agencies else None,
        "timeline": selectors.timeline(user=user, enquiry=record),
        "consents": list(record.consents.order_by("seq")),
        "allowed": sorted(gate.enquiry_allows(record)),
        "linked": list(record.linked.all()),
        "replies": replies,
        "review_forms": {
            r.pk: ReplyReviewForm(initial={"text": r.text}, prefix=f"r{r.pk.hex[:8]}")
            for r in replies
            if r.status == Reply.Status.DRAFT
        },
        "visits": list(record.visits.prefetch_related("visitors", "visas")),
        "message_form": MessageForm(),
        "reply_form": ReplyForm(),
        "purpose_form": PurposeForm(),
        "note_form": NoteForm(),
        "candidate_form": CandidateForm(),
        "can_review": policy.can_review(user),
        "states": State,
        "purposes": Purpose,
    }


@reader
@stepup.step_up  # the letter names the family and how to reach them
def letter(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    """The letter to the family, for printing: the gate's view and nothing else."""
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id)
    return render(request, "web/tracing/letter.html", {"view": gate.enquirer_view(record)})


# --- caseworkers' actions ----------------------------------------------------------


def _candidate(request: HttpRequest, record: Enquiry) -> Any:
    from haven.people.models import Person

    form = CandidateForm(request.POST)
    if not form.is_valid():
        raise ValidationError({"person": [_("Choose a candidate.")]})
    person = Person.objects.filter(
        policy.candidate_person_scope(request.user), pk=form.cleaned_data["person"]
    ).first()
    if person is None:
        raise ValidationError({"person": [_("No such person in your scope.")]})
    return person, form.cleaned_data["note"]


@worker
@require_POST
def locate(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    try:
        person, note = _candidate(request, record)
        services.candidate_locate(actor=request.user, enquiry=record, person=person, note=note)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("The person sought is located. Meet them in private."))
    return _back(record)


@worker
@require_POST
def rule_out(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    try:
        person, note = _candidate(request, record)
        services.candidate_rule_out(actor=request.user, enquiry=record, person=person, note=note)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Candidate ruled out."))
    return _back(record)


@worker
@require_http_methods(["GET", "POST"])
def interview(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    """Record the interview with the located person and each decision they take. The
    page lists every enquiry about them, and who asked: the person is told of each."""
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id)
    form = InterviewForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        fields, decisions, contact = form.for_service()
        try:
            services.tracing_interview_record(
                actor=request.user,
                enquiry=record,
                fields=fields,
                decisions=decisions,
                contact=contact,
            )
        except ValidationError as exc:
            for _name, errors in add_service_errors(form, exc).items():
                form.add_error(None, errors)
        else:
            messages.success(request, _("Interview and decisions recorded."))
            return _back(record)
    about = (
        selectors.person_enquiries(user=request.user, person=record.person) if record.person else []
    )
    context = {"enquiry": record, "form": form, "about": about}
    return render(
        request, "web/tracing/interview.html", context, status=400 if form.errors else 200
    )


@worker
@require_POST
def message(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose delivered, declined or undeliverable."))
        return _back(record)
    try:
        services.message_mark(actor=request.user, enquiry=record, **form.cleaned_data)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("The message's delivery is recorded."))
    return _back(record)


@worker
@require_POST
def reply(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reply."))
        return _back(record)
    try:
        services.reply_write(actor=request.user, enquiry=record, text=form.cleaned_data["text"])
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Reply saved; review it before it is released."))
    return _back(record)


@worker
@require_POST
def reply_review(request: HttpRequest, enquiry_id: str, reply_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    found = record.replies.filter(pk=reply_id).first()
    if found is None:
        from django.http import Http404

        raise Http404
    form = ReplyReviewForm(request.POST, prefix=f"r{found.pk.hex[:8]}")
    if not form.is_valid():
        messages.error(request, _("Say whether to release the reply."))
        return _back(record)
    try:
        services.reply_review(actor=request.user, reply=found, **form.cleaned_data)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Reply reviewed."))
    return _back(record)


@worker
@require_POST
def withdraw(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    form = PurposeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"purpose": [_("Unknown purpose.")]})
        services.consent_withdraw(
            actor=request.user, enquiry=record, purpose=form.cleaned_data["purpose"]
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Consent withdrawn: nothing more of it is disclosed."))
    return _back(record)


@worker
@require_POST
def deny(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    try:
        services.deny_knowing(actor=request.user, enquiry=record)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Haven will deny knowing this person to every enquirer."))
    return _back(record)


@worker
@require_POST
def close(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    try:
        services.enquiry_close(actor=request.user, enquiry=record)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Enquiry closed."))
    return _back(record)


@worker
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    """Name the visitors, and request a visit (with the person's current consent)."""
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id)
    visitor_form = VisitorForm(prefix="visitor")
    visit_form = VisitForm(prefix="visit", enquiry=record)
    status = 200
    if request.method == "POST":
        try:
            if "visitor-name" in request.POST:
                visitor_form = VisitorForm(request.POST, prefix="visitor")
                if visitor_form.is_valid():
                    services.visitor_add(
                        actor=request.user, enquiry=record, fields=visitor_form.cleaned_data
                    )
                    messages.success(request, _("Visitor added."))
                    return redirect("web:tracing_visit", enquiry_id=record.pk)
            else:
                visit_form = VisitForm(request.POST, prefix="visit", enquiry=record)
                if visit_form.is_valid():
                    data = dict(visit_form.cleaned_data)
                    services.visit_request(
                        actor=request.user,
                        enquiry=record,
                        visitors=data.pop("visitors"),
                        fields=data,
                    )
                    messages.success(request, _("Visit requested."))
                    return _back(record)
        except ValidationError as exc:
            form = visitor_form if "visitor-name" in request.POST else visit_form
            for _name, errors in add_service_errors(form, exc).items():
                form.add_error(None, errors)
        status = 400
    context = {
        "enquiry": record,
        "visitor_form": visitor_form,
        "visit_form": visit_form,
        "visitors": list(record.visitors.all()),
        "may_visit": Purpose.ACCEPT_VISIT in gate.enquiry_allows(record),
    }
    return render(request, "web/tracing/visit.html", context, status=status)


# --- supervisors ---------------------------------------------------------------------


@reviewer
@require_POST
def review(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"note": [_("Say what the review found.")]})
        services.enquiry_review(actor=request.user, enquiry=record, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Reviewed: the candidates are shown."))
    return _back(record)


@reviewer
@require_POST
def forward(request: HttpRequest, enquiry_id: str) -> HttpResponse:
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id, audit=False)
    form = ForwardForm(request.POST, agencies=Agency.objects.exclude(pk=request.user.agency_id))
    try:
        if not form.is_valid():
            raise ValidationError({"agency": [_("Choose another agency.")]})
        services.enquiry_forward(
            actor=request.user, enquiry=record, agency=form.cleaned_data["agency"]
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Enquiry forwarded."))
    return _back(record)


@reviewer
def flagged(request: HttpRequest) -> HttpResponse:
    found = list(selectors.flagged_list(user=request.user))
    selectors.audit_read(request.user, found)
    return render(request, "web/tracing/flagged.html", {"enquiries": found})


@reviewer
def follow_up(request: HttpRequest) -> HttpResponse:
    found = list(selectors.follow_up_list(user=request.user, now=timezone.now()))
    selectors.audit_read(request.user, found)
    context = {"enquiries": found, "days": selectors.FOLLOW_UP_DAYS}
    return render(request, "web/tracing/follow_up.html", context)


# --- the person's page -----------------------------------------------------------------


def _person_section(
    request: HttpRequest, person: Any, classes: frozenset[str]
) -> dict[str, Any] | None:
    if DataClass.TRACING not in classes or not policy.can_work(request.user):
        return None
    return {"enquiries": selectors.person_enquiries(user=request.user, person=person)}


nav_link("web:tracing_enquiries", _lazy("Tracing"), policy.can_read_tracing, order=30)
person_section("web/tracing/_person_section.html", _person_section, order=40)

T = "tracing/<uuid:enquiry_id>/"
urlpatterns: list[URLPattern] = [
    path("tracing/", enquiries, name="tracing_enquiries"),
    path("tracing/new/", enquiry_new, name="tracing_enquiry_new"),
    path("tracing/flagged/", flagged, name="tracing_flagged"),
    path("tracing/follow-up/", follow_up, name="tracing_follow_up"),
    path(T, enquiry, name="tracing_enquiry"),
    path(T + "letter/", letter, name="tracing_letter"),
    path(T + "locate/", locate, name="tracing_locate"),
    path(T + "rule-out/", rule_out, name="tracing_rule_out"),
    path(T + "interview/", interview, name="tracing_interview"),
    path(T + "message/", message, name="tracing_message"),
    path(T + "reply/", reply, name="tracing_reply"),
    path(T + "replies/<uuid:reply_id>/review/", reply_review, name="tracing_reply_review"),
    path(T + "withdraw/", withdraw, name="tracing_withdraw"),
    path(T + "deny-knowing/", deny, name="tracing_deny"),
    path(T + "close/", close, name="tracing_close"),
    path(T + "visit/", visit, name="tracing_visit"),
    path(T + "review/", review, name="tracing_review"),
    path(T + "forward/", forward, name="tracing_forward"),
]

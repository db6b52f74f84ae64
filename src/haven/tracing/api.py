"""The tracing API: thin views over tracing.services and tracing.selectors.

What the enquiry desk receives is built by ``haven.tracing.gate.enquirer_view`` and
nothing else; workers receive that view and the enquiry's internal life beside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.models import Agency
from haven.accounts.policy import tracing as policy
from haven.api_common import Pagination, StrictCharField, listed, paginated, validated
from haven.interviews.models import Interview
from haven.people.api import ExplanationSerializer, OtherNameSerializer, PersonSummarySerializer
from haven.people.explaining import explain_candidate
from haven.people.models import NAME_MAX, Person, Sex
from haven.tracing import gate, selectors, services
from haven.tracing.models import TEXT_MAX, Enquiry, Reply, Visa, Visit, Visitor


class CanReadTracing(BasePermission):
    message = _("Your role has no access to tracing enquiries.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can_read_tracing(request.user)


class CanWorkTracing(BasePermission):
    message = _("Your role may not work tracing enquiries.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can_work(request.user)


class CanReviewTracing(BasePermission):
    message = _("Only a supervisor may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can_review(request.user)


READ = [IsAuthenticated, CanReadTracing]
WORK = [IsAuthenticated, CanWorkTracing]
REVIEW = [IsAuthenticated, CanReviewTracing]


# --- input ------------------------------------------------------------------------


class EnquirerSerializer(serializers.Serializer):
    name = StrictCharField(max_length=NAME_MAX)
    relationship = StrictCharField(max_length=100)
    phone = StrictCharField(max_length=50, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    address = StrictCharField(max_length=400, required=False, allow_blank=True)
    language = StrictCharField(max_length=50, required=False, allow_blank=True)
    reach_by = StrictCharField(max_length=200, required=False, allow_blank=True)
    identity_checked = StrictCharField(max_length=400, required=False, allow_blank=True)
    checked_by = StrictCharField(max_length=150, required=False, allow_blank=True)


class SoughtSerializer(serializers.Serializer):
    given_name = StrictCharField(max_length=NAME_MAX, required=False, allow_blank=True)
    family_name = StrictCharField(max_length=NAME_MAX, required=False, allow_blank=True)
    other_names = OtherNameSerializer(many=True, required=False, max_length=20)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    birth_year_max = serializers.IntegerField(required=False, allow_null=True)
    place_of_origin = StrictCharField(max_length=NAME_MAX, required=False, allow_blank=True)
    last_known = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    contact_lost = StrictCharField(max_length=100, required=False, allow_blank=True)


class EnquiryCreateSerializer(serializers.Serializer):
    enquirer = EnquirerSerializer()
    sought = SoughtSerializer()
    message = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)


def strict_nested(data: Any, nested: Mapping[str, type[serializers.Serializer]]) -> None:
    """Refuse fields the nested objects do not take (``validated`` checks the top)."""
    if not isinstance(data, Mapping):
        return
    errors: dict[str, Any] = {}
    for key, serializer in nested.items():
        value = data.get(key)
        if isinstance(value, Mapping):
            unknown = sorted(set(value) - set(serializer().fields))
            if unknown:
                errors[key] = {name: [_("Unknown or read-only field.")] for name in unknown}
    if errors:
        raise ValidationError(errors)


def enquiry_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    enquirer = dict(data["enquirer"])
    fields = {"enquirer_name": enquirer.pop("name"), **enquirer, **dict(data["sought"])}
    if "other_names" in fields:
        fields["other_names"] = [dict(n) for n in fields["other_names"]]
    if "message" in data:
        fields["message"] = data["message"]
    return fields


class PersonRefSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    note = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)


class TracingInterviewInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    private = serializers.BooleanField()
    chaperone_present = serializers.BooleanField()
    location = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    present = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    interpreter = StrictCharField(max_length=200, required=False, allow_blank=True)
    language = StrictCharField(max_length=50, required=False, allow_blank=True)
    concerns = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    decisions = serializers.DictField(child=serializers.CharField(), allow_empty=True)
    contact = StrictCharField(max_length=400, required=False, allow_blank=True)


class PurposeSerializer(serializers.Serializer):
    purpose = StrictCharField(max_length=30)


class NoteSerializer(serializers.Serializer):
    note = StrictCharField(max_length=TEXT_MAX)


class ForwardSerializer(serializers.Serializer):
    agency = serializers.UUIDField()


class MessageMarkSerializer(serializers.Serializer):
    status = StrictCharField(max_length=20)
    note = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)


class ReplyInputSerializer(serializers.Serializer):
    text = StrictCharField(max_length=TEXT_MAX)


class ReplyReviewSerializer(serializers.Serializer):
    release = serializers.BooleanField()
    text = StrictCharField(max_length=TEXT_MAX, required=False)
    note = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)


class EmptySerializer(serializers.Serializer):
    pass


# --- output -----------------------------------------------------------------------


def worker_view(enquiry: Enquiry) -> dict[str, Any]:
    """The enquiry in full, for caseworkers and supervisors (never for the desk)."""
    view = gate.enquirer_view(enquiry)
    view["internal"] = {
        "state": enquiry.state,
        "agency": str(enquiry.agency_id),
        "person": str(enquiry.person_id) if enquiry.person_id else None,
        "flagged": enquiry.flagged,
        "flag_reasons": list(enquiry.flag_reasons),
        "needs_review": enquiry.needs_review,
        "linked": sorted(str(pk) for pk in enquiry.linked.values_list("pk", flat=True)),
        "forwarded_to": sorted(
            str(a) for a in enquiry.forwards.values_list("agency_id", flat=True)
        ),
        "message_status": enquiry.message_status,
        "contact": enquiry.contact,
        "consents": [
            {
                "purpose": c.purpose,
                "decision": c.decision,
                "private": c.private,
                "interview": str(c.interview_id) if c.interview_id else None,
                "at": c.at.isoformat(),
            }
            for c in enquiry.consents.order_by("seq")
        ],
        "allowed": sorted(gate.enquiry_allows(enquiry)),
        "last_action_at": enquiry.last_action_at.isoformat(),
        "closed_at": enquiry.closed_at.isoformat() if enquiry.closed_at else None,
    }
    return view


def view_for(user: Any, enquiry: Enquiry) -> dict[str, Any]:
    """The one choice of view: through the gate alone, unless the user works enquiries."""
    if policy.can_work(user):
        return worker_view(enquiry)
    return gate.enquirer_view(enquiry)


def reply_view(reply: Reply) -> dict[str, Any]:
    return {
        "id": str(reply.pk),
        "text": reply.text,
        "status": reply.status,
        "review_note": reply.review_note,
        "written_at": reply.written_at.isoformat(),
        "reviewed_at": reply.reviewed_at.isoformat() if reply.reviewed_at else None,
    }


def _enquiry(request: Request, enquiry_id: str) -> Enquiry:
    return selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id)


class EnquiryListApi(APIView):
    permission_classes = READ

    @extend_schema(responses=paginated(EmptySerializer))
    def get(self, request: Request) -> Response:
        state = request.query_params.get("status", "")
        if state not in ("", "open", "closed") and not policy.can_work(request.user):
            raise ValidationError({"status": [_("Choose open or closed.")]})
        qs = selectors.enquiry_list(user=request.user, state=state)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        selectors.audit_read(request.user, page)
        return paginator.get_paginated_response([view_for(request.user, e) for e in page])

    @extend_schema(request=EnquiryCreateSerializer, responses={201: EmptySerializer})
    def post(self, request: Request) -> Response:
        strict_nested(request.data, {"enquirer": EnquirerSerializer, "sought": SoughtSerializer})
        data = validated(EnquiryCreateSerializer, request.data, strict=True)
        enquiry = services.enquiry_create(actor=request.user, fields=enquiry_fields(data))
        return Response(view_for(request.user, enquiry), status=status.HTTP_201_CREATED)


class EnquiryDetailApi(APIView):
    permission_classes = READ

    @extend_schema(responses=EmptySerializer)
    def get(self, request: Request, enquiry_id: str) -> Response:
        return Response(view_for(request.user, _enquiry(request, enquiry_id)))


def _match_row(match: Any, decision: str | None) -> dict[str, Any]:
    person = PersonSummarySerializer(match.person, context={"classes": frozenset({"identity"})})
    return {
        "person": str(match.person.pk),
        "record": person.data,
        "probability": round(match.candidate.probability, 4),
        "decision": decision,
        "explanation": [
            ExplanationSerializer(
                {
                    "field": e.field,
                    "outcome": e.outcome,
                    "weight": round(e.weight, 3),
                    "detail": e.detail,
                    "text": e.text,
                }
            ).data
            for e in explain_candidate(match.candidate)
        ],
    }


def candidates_body(user: Any, enquiry: Enquiry) -> dict[str, Any]:
    found = selectors.candidate_list(user=user, enquiry=enquiry)
    if found.matches:
        best = found.matches[0].candidate.probability
        services.enquiry_searched(
            actor=user, enquiry=enquiry, found=best >= selectors.FOUND_PROBABILITY
        )
    elif not found.held_for_review:
        services.enquiry_searched(actor=user, enquiry=enquiry, found=False)
    return {
        "held_for_review": found.held_for_review,
        "results": [_match_row(m, found.decisions.get(str(m.person.pk))) for m in found.matches],
        "held_elsewhere": [
            {"agency": str(h.agency.pk), "agency_name": h.agency.name, "forwarded": h.forwarded}
            for h in found.hints
        ],
    }


class CandidatesApi(APIView):
    permission_classes = WORK

    @extend_schema(responses=EmptySerializer)
    def get(self, request: Request, enquiry_id: str) -> Response:
        return Response(candidates_body(request.user, _enquiry(request, enquiry_id)))


def _person(user: Any, person_id: Any) -> Person:
    person = Person.objects.filter(policy.candidate_person_scope(user), pk=person_id).first()
    if person is None:
        raise ValidationError({"person": [_("No such person in your scope.")]})
    return person


class LocateApi(APIView):
    permission_classes = WORK

    @extend_schema(request=PersonRefSerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = validated(PersonRefSerializer, request.data, strict=True)
        services.candidate_locate(
            actor=request.user,
            enquiry=enquiry,
            person=_person(request.user, data["person"]),
            note=data.get("note", ""),
        )
        return Response(worker_view(enquiry))


class RuleOutApi(APIView):
    permission_classes = WORK

    @extend_schema(request=PersonRefSerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = validated(PersonRefSerializer, request.data, strict=True)
        services.candidate_rule_out(
            actor=request.user,
            enquiry=enquiry,
            person=_person(request.user, data["person"]),
            note=data.get("note", ""),
        )
        return Response(worker_view(enquiry))


def interview_view(interview: Interview) -> dict[str, Any]:
    return {
        "id": str(interview.pk),
        "held_on": interview.held_on.isoformat(),
        "private": interview.private,
        "chaperone_present": interview.chaperone_present,
        "counts_as_private": interview.counts_as_private,
        "location": interview.location,
        "present": interview.present,
        "interpreter": interview.interpreter,
        "language": interview.language,
    }


class InterviewsApi(APIView):
    permission_classes = WORK

    @extend_schema(responses=listed(EmptySerializer))
    def get(self, request: Request, enquiry_id: str) -> Response:
        from haven.interviews.selectors import interview_queryset

        enquiry = _enquiry(request, enquiry_id)
        ids = enquiry.consents.exclude(interview=None).values("interview_id")
        found = interview_queryset(user=request.user).filter(pk__in=ids)
        return Response({"results": [interview_view(i) for i in found]})

    @extend_schema(request=TracingInterviewInputSerializer, responses={201: EmptySerializer})
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = dict(validated(TracingInterviewInputSerializer, request.data, strict=True))
        decisions = data.pop("decisions")
        contact = data.pop("contact", "")
        interview = services.tracing_interview_record(
            actor=request.user,
            enquiry=enquiry,
            fields=data,
            decisions=decisions,
            contact=contact,
        )
        body = {"interview": interview_view(interview), "enquiry": worker_view(enquiry)}
        return Response(body, status=status.HTTP_201_CREATED)


class WithdrawApi(APIView):
    permission_classes = WORK

    @extend_schema(request=PurposeSerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = validated(PurposeSerializer, request.data, strict=True)
        services.consent_withdraw(actor=request.user, enquiry=enquiry, purpose=data["purpose"])
        return Response(worker_view(enquiry))


class DenyKnowingApi(APIView):
    permission_classes = WORK

    @extend_schema(request=EmptySerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        validated(EmptySerializer, request.data, strict=True)
        services.deny_knowing(actor=request.user, enquiry=enquiry)
        enquiry.refresh_from_db()
        return Response(worker_view(enquiry))


class CloseApi(APIView):
    permission_classes = WORK

    @extend_schema(request=EmptySerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        validated(EmptySerializer, request.data, strict=True)
        services.enquiry_close(actor=request.user, enquiry=enquiry)
        return Response(worker_view(enquiry))


class ReviewApi(APIView):
    permission_classes = REVIEW

    @extend_schema(request=NoteSerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = validated(NoteSerializer, request.data, strict=True)
        services.enquiry_review(actor=request.user, enquiry=enquiry, note=data["note"])
        return Response(worker_view(enquiry))


class ForwardApi(APIView):
    permission_classes = REVIEW

    @extend_schema(request=ForwardSerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = validated(ForwardSerializer, request.data, strict=True)
        agency = Agency.objects.filter(pk=data["agency"]).first()
        if agency is None or agency.pk == request.user.agency_id:
            raise ValidationError({"agency": [_("Choose another agency.")]})
        services.enquiry_forward(actor=request.user, enquiry=enquiry, agency=agency)
        return Response(worker_view(enquiry))


class MessageApi(APIView):
    """The family's message: where it stands, and marking it delivered, declined or
    undeliverable."""

    permission_classes = WORK

    @extend_schema(request=MessageMarkSerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = validated(MessageMarkSerializer, request.data, strict=True)
        services.message_mark(
            actor=request.user, enquiry=enquiry, status=data["status"], note=data.get("note", "")
        )
        return Response(worker_view(enquiry))


class RepliesApi(APIView):
    permission_classes = WORK

    @extend_schema(responses=listed(EmptySerializer))
    def get(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        return Response({"results": [reply_view(r) for r in enquiry.replies.all()]})

    @extend_schema(request=ReplyInputSerializer, responses={201: EmptySerializer})
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = validated(ReplyInputSerializer, request.data, strict=True)
        reply = services.reply_write(actor=request.user, enquiry=enquiry, text=data["text"])
        return Response(reply_view(reply), status=status.HTTP_201_CREATED)


class ReplyReviewApi(APIView):
    permission_classes = WORK

    @extend_schema(request=ReplyReviewSerializer, responses=EmptySerializer)
    def post(self, request: Request, enquiry_id: str, reply_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        reply = enquiry.replies.filter(pk=selectors._uuid_or_404(reply_id)).first()
        if reply is None:
            from django.http import Http404

            raise Http404
        data = validated(ReplyReviewSerializer, request.data, strict=True)
        reply = services.reply_review(
            actor=request.user,
            reply=reply,
            release=data["release"],
            text=data.get("text"),
            note=data.get("note", ""),
        )
        return Response(reply_view(reply))


class TimelineApi(APIView):
    permission_classes = WORK

    @extend_schema(responses=listed(EmptySerializer))
    def get(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        events = selectors.timeline(user=request.user, enquiry=enquiry)
        return Response(
            {
                "results": [
                    {
                        "at": e.at.isoformat(),
                        "action": e.action,
                        "state": e.state,
                        "by": e.actor.get_username() if e.actor else None,
                    }
                    for e in events
                ]
            }
        )


class FollowUpApi(APIView):
    permission_classes = REVIEW

    @extend_schema(responses=paginated(EmptySerializer))
    def get(self, request: Request) -> Response:
        qs = selectors.follow_up_list(user=request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        selectors.audit_read(request.user, page)
        return paginator.get_paginated_response([worker_view(e) for e in page])


# --- visits and visas ------------------------------------------------------------


class VisitorInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=NAME_MAX)
    relationship = StrictCharField(max_length=100, required=False, allow_blank=True)
    nationality = StrictCharField(max_length=100, required=False, allow_blank=True)


class TracingVisitInputSerializer(serializers.Serializer):
    visitors = serializers.ListField(child=serializers.UUIDField(), max_length=20)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = StrictCharField(max_length=400)
    neutral_place = serializers.BooleanField(required=False)


class TracingVisitUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Visit.Status.choices, required=False)
    outcome = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    place = StrictCharField(max_length=400, required=False)
    neutral_place = serializers.BooleanField(required=False)


class VisaInputSerializer(serializers.Serializer):
    visitor = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Visa.Status.choices, required=False)
    authority_reference = StrictCharField(max_length=100, required=False, allow_blank=True)
    submitted_on = serializers.DateField(required=False, allow_null=True)
    decided_on = serializers.DateField(required=False, allow_null=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)


class VisaUpdateSerializer(VisaInputSerializer):
    visitor = None  # type: ignore[assignment]


def visitor_view(visitor: Visitor) -> dict[str, Any]:
    return {
        "id": str(visitor.pk),
        "name": visitor.name,
        "relationship": visitor.relationship,
        "nationality": visitor.nationality,
    }


def visa_view(visa: Visa) -> dict[str, Any]:
    def day(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": str(visa.pk),
        "visitor": str(visa.visitor_id),
        "status": visa.status,
        "authority_reference": visa.authority_reference,
        "submitted_on": day(visa.submitted_on),
        "decided_on": day(visa.decided_on),
        "valid_from": day(visa.valid_from),
        "valid_until": day(visa.valid_until),
    }


def visit_view(visit: Visit) -> dict[str, Any]:
    return {
        "id": str(visit.pk),
        "visitors": sorted(str(v) for v in visit.visitors.values_list("pk", flat=True)),
        "starts_on": visit.starts_on.isoformat(),
        "ends_on": visit.ends_on.isoformat(),
        "place": visit.place,
        "neutral_place": visit.neutral_place,
        "status": visit.status,
        "outcome": visit.outcome,
        "visas": [visa_view(v) for v in visit.visas.all()],
    }


def _not_found() -> Any:
    from django.http import Http404

    return Http404()


def _visit(enquiry: Enquiry, visit_id: str) -> Visit:
    visit = enquiry.visits.filter(pk=selectors._uuid_or_404(visit_id)).first()
    if visit is None:
        raise _not_found()
    return visit


class VisitorsApi(APIView):
    permission_classes = WORK

    @extend_schema(responses=listed(EmptySerializer))
    def get(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        return Response({"results": [visitor_view(v) for v in enquiry.visitors.all()]})

    @extend_schema(request=VisitorInputSerializer, responses={201: EmptySerializer})
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = validated(VisitorInputSerializer, request.data, strict=True)
        visitor = services.visitor_add(actor=request.user, enquiry=enquiry, fields=data)
        return Response(visitor_view(visitor), status=status.HTTP_201_CREATED)


class VisitsApi(APIView):
    permission_classes = WORK

    @extend_schema(responses=listed(EmptySerializer))
    def get(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        return Response({"results": [visit_view(v) for v in enquiry.visits.all()]})

    @extend_schema(request=TracingVisitInputSerializer, responses={201: EmptySerializer})
    def post(self, request: Request, enquiry_id: str) -> Response:
        enquiry = _enquiry(request, enquiry_id)
        data = dict(validated(TracingVisitInputSerializer, request.data, strict=True))
        ids = data.pop("visitors")
        visitors = list(Visitor.objects.filter(pk__in=ids))
        if len(visitors) != len(set(ids)):
            raise ValidationError(
                {"visitors": [_("Every visitor must be a family member named on this enquiry.")]}
            )
        visit = services.visit_request(
            actor=request.user, enquiry=enquiry, visitors=visitors, fields=data
        )
        return Response(visit_view(visit), status=status.HTTP_201_CREATED)


class VisitDetailApi(APIView):
    permission_classes = WORK

    @extend_schema(responses=EmptySerializer)
    def get(self, request: Request, enquiry_id: str, visit_id: str) -> Response:
        return Response(visit_view(_visit(_enquiry(request, enquiry_id), visit_id)))

    @extend_schema(request=TracingVisitUpdateSerializer, responses=EmptySerializer)
    def patch(self, request: Request, enquiry_id: str, visit_id: str) -> Response:
        visit = _visit(_enquiry(request, enquiry_id), visit_id)
        data = validated(TracingVisitUpdateSerializer, request.data, strict=True)
        visit = services.visit_update(actor=request.user, visit=visit, fields=data)
        return Response(visit_view(visit))


class VisasApi(APIView):
    permission_classes = WORK

    @extend_schema(request=VisaInputSerializer, responses={201: EmptySerializer})
    def post(self, request: Request, enquiry_id: str, visit_id: str) -> Response:
        visit = _visit(_enquiry(request, enquiry_id), visit_id)
        data = dict(validated(VisaInputSerializer, request.data, strict=True))
        visitor = Visitor.objects.filter(pk=data.pop("visitor")).first()
        visa = services.visa_record(actor=request.user, visit=visit, visitor=visitor, fields=data)
        return Response(visa_view(visa), status=status.HTTP_201_CREATED)


class VisaDetailApi(APIView):
    permission_classes = WORK

    @extend_schema(request=VisaUpdateSerializer, responses=EmptySerializer)
    def patch(self, request: Request, enquiry_id: str, visit_id: str, visa_id: str) -> Response:
        visit = _visit(_enquiry(request, enquiry_id), visit_id)
        visa = visit.visas.filter(pk=selectors._uuid_or_404(visa_id)).first()
        if visa is None:
            raise _not_found()
        data = validated(VisaUpdateSerializer, request.data, strict=True, partial=True)
        visa = services.visa_update(actor=request.user, visa=visa, fields=data)
        return Response(visa_view(visa))

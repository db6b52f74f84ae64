"""The oversight API about people: interviews, the never-alone list, leaving the group."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.policy import oversight as policy
from haven.api_common import Pagination, StrictCharField, listed, paginated, validated
from haven.interviews.models import AskedFor, Interview
from haven.interviews.selectors import interview_get
from haven.oversight import selectors, services
from haven.oversight.api import PERMISSIONS, lookup
from haven.oversight.api_actions import ActionSerializer
from haven.oversight.models import ADDRESS_MAX, TEXT_MAX, Departure, Need
from haven.people.api import CanReadRegister
from haven.people.selectors import person_get

# --- interviews ----------------------------------------------------------------------


class InterviewSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person_id", read_only=True)
    agency = serializers.UUIDField(source="agency_id", read_only=True)
    conducted_by = serializers.UUIDField(source="conducted_by.uuid", read_only=True)
    counts_as_private = serializers.BooleanField(read_only=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "person",
            "agency",
            "conducted_by",
            "held_on",
            "location",
            "present",
            "private",
            "chaperone_present",
            "counts_as_private",
            "interpreter",
            "language",
            "asked_for",
            "concerns",
            "follow_ups",
            "context",
            "created_at",
        ]
        read_only_fields = fields


class InterviewInputSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    held_on = serializers.DateField()
    private = serializers.BooleanField()
    chaperone_present = serializers.BooleanField()
    asked_for = serializers.ListField(
        child=serializers.ChoiceField(choices=AskedFor.choices),
        required=False,
        max_length=len(AskedFor.values),
    )
    location = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    present = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    interpreter = StrictCharField(required=False, allow_blank=True, max_length=200)
    language = StrictCharField(required=False, allow_blank=True, max_length=50)
    concerns = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    follow_ups = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)


class InterviewFilterSerializer(serializers.Serializer):
    person = serializers.UUIDField(required=False)


class InterviewListApi(APIView):
    """Oversight interviews (inspectors: their own agency's)."""

    permission_classes = PERMISSIONS

    @extend_schema(responses=paginated(InterviewSerializer))
    def get(self, request: Request) -> Response:
        filters = validated(InterviewFilterSerializer, request.query_params)
        qs = selectors.oversight_interviews(user=request.user)
        if filters.get("person"):
            qs = qs.filter(person_id=filters["person"])
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(InterviewSerializer(page, many=True).data)

    @extend_schema(request=InterviewInputSerializer, responses={201: InterviewSerializer})
    def post(self, request: Request) -> Response:
        data = dict(validated(InterviewInputSerializer, request.data, strict=True))
        person = lookup(
            "person",
            lambda pk: person_get(user=request.user, person_id=pk),
            data.pop("person"),
            _("No such person."),
        )
        interview = services.oversight_interview_record(
            actor=request.user, person=person, fields=data
        )
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


class InterviewDetailApi(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(responses=InterviewSerializer)
    def get(self, request: Request, interview_id: str) -> Response:
        interview = interview_get(user=request.user, interview_id=interview_id)
        if interview.context != "oversight":
            from django.http import Http404

            raise Http404
        return Response(InterviewSerializer(interview).data)


# --- never alone ---------------------------------------------------------------------


class CanReadNeverAlone(BasePermission):
    message = _("Only supervisors see who has never been interviewed alone.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can_read_never_alone(request.user)


class NeverAloneSerializer(serializers.Serializer):
    person = serializers.UUIDField(source="pk")
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    group_status = serializers.CharField()
    agency = serializers.UUIDField(source="agency_id")
    caseworker = serializers.UUIDField(source="caseworker.uuid", allow_null=True)
    interviews_held = serializers.IntegerField()
    last_interview = serializers.DateField(allow_null=True)


class NeverAloneApi(APIView):
    """Open records of people never interviewed without a chaperone, by anyone."""

    permission_classes = [IsAuthenticated, CanReadNeverAlone]

    @extend_schema(responses=paginated(NeverAloneSerializer))
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.never_alone(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(NeverAloneSerializer(page, many=True).data)


# --- leaving the group ---------------------------------------------------------------


class DepartureSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person_id", read_only=True)
    recorded_by = serializers.UUIDField(source="recorded_by.uuid", read_only=True)

    class Meta:
        model = Departure
        fields = [
            "id",
            "person",
            "left_on",
            "went_to",
            "needs",
            "notes",
            "status_before",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Departure) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("whereabouts"):
            data.pop("went_to", None)
        return data


class LeaveInputSerializer(serializers.Serializer):
    left_on = serializers.DateField()
    went_to = StrictCharField(required=False, allow_blank=True, max_length=ADDRESS_MAX)
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Need.choices),
        required=False,
        max_length=len(Need.values),
    )
    notes = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)


class PersonLeaveApi(APIView):
    """A person's departures from the group (GET); record that they left (POST)."""

    permission_classes = [IsAuthenticated, CanReadRegister]

    @extend_schema(responses=listed(DepartureSerializer))
    def get(self, request: Request, person_id: str) -> Response:
        person = person_get(user=request.user, person_id=person_id)
        found = selectors.departure_list(user=request.user, person=person)
        context = {"whereabouts": policy.sees_whereabouts(request.user)}
        return Response({"results": DepartureSerializer(found, many=True, context=context).data})

    @extend_schema(
        request=LeaveInputSerializer,
        responses={
            201: inline_serializer(
                "Leaving",
                {
                    "departure": DepartureSerializer(),
                    "group_status": serializers.CharField(),
                    "left_group_on": serializers.DateField(),
                    "actions": ActionSerializer(many=True),
                },
            )
        },
    )
    def post(self, request: Request, person_id: str) -> Response:
        person = person_get(user=request.user, person_id=person_id)
        data = validated(LeaveInputSerializer, request.data, strict=True)
        departure = services.person_leave(
            actor=request.user,
            person=person,
            left_on=data["left_on"],
            went_to=data.get("went_to", ""),
            needs=list(data.get("needs", [])),
            notes=data.get("notes", ""),
        )
        person.refresh_from_db()
        context = {"whereabouts": policy.sees_whereabouts(request.user)}
        actions = selectors.action_queryset(user=request.user).filter(departure=departure)
        body = {
            "departure": DepartureSerializer(departure, context=context).data,
            "group_status": person.group_status,
            "left_group_on": person.left_group_on,
            "actions": ActionSerializer(actions, many=True).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)

"""/api/v1/safety/incidents/: incidents (health sees the health-related ones)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from haven.accounts.policy import safety as safety_policy
from haven.accounts.roles import Capability
from haven.api_common import paginated, validated
from haven.safety import selectors, services
from haven.safety.api.common import (
    CanReadIncidents,
    Input,
    Output,
    SafetyApi,
    now,
    require,
    user_field,
)
from haven.safety.models import Incident, IncidentPerson
from haven.safety.services.incidents import INCIDENT_FIELDS


class IncidentSerializer(Output):
    recorded_by = user_field()
    people = serializers.SerializerMethodField()
    threats = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = ["id", "recorded_by", *INCIDENT_FIELDS, "people", "threats", "created_at"]
        read_only_fields = fields

    def get_people(self, incident: Incident) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return [
            {"person": str(i.person_id), "part": i.part}
            for i in selectors.visible_involvements(user=user, incident=incident)
        ]

    def get_threats(self, incident: Incident) -> list[str]:
        user = self.context["request"].user
        visible = selectors.threat_list(user=user).filter(incidents=incident)
        return [str(pk) for pk in visible.values_list("pk", flat=True)]


class InvolvementSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    part = serializers.ChoiceField(choices=IncidentPerson.Part.choices)


class IncidentInputSerializer(Input):
    people = InvolvementSerializer(many=True, max_length=200)
    threats = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=100)

    class Meta:
        model = Incident
        fields = [*INCIDENT_FIELDS, "people", "threats"]


class IncidentUpdateSerializer(Input):
    class Meta:
        model = Incident
        fields = ["reported_to_police", "police_reference", "follow_up", "place", "narrative"]
        extra_kwargs = {"narrative": {"required": False}}


class FilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Incident.Kind.choices, required=False)
    person = serializers.UUIDField(required=False)


class IncidentBase(SafetyApi):
    permission_classes = [IsAuthenticated, CanReadIncidents]
    subject_type = "incident"
    output = IncidentSerializer

    def classes_of(self, record: Any) -> set[str]:
        if record.kind in safety_policy.HEALTH_INCIDENT_KINDS:
            return {"safety", "health"}
        return {"safety"}


class IncidentListApi(IncidentBase):
    @extend_schema(
        parameters=[OpenApiParameter(n, str) for n in ("kind", "person")],
        responses=paginated(IncidentSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(FilterSerializer, request.query_params)
        return self.page(request, selectors.incident_list(user=request.user, filters=filters))

    @extend_schema(request=IncidentInputSerializer, responses={201: IncidentSerializer})
    def post(self, request: Request) -> Response:
        require(request, Capability.SAFETY_WRITE)
        data = dict(validated(IncidentInputSerializer, request.data, strict=True))
        people = [(row["person"], row["part"]) for row in data.pop("people")]
        threats = data.pop("threats", [])
        incident = services.incident_create(
            actor=request.user, fields=data, people=people, threats=threats, now=now()
        )
        return self.show(request, incident, status=201)


class IncidentDetailApi(IncidentBase):
    @extend_schema(responses=IncidentSerializer)
    def get(self, request: Request, incident_id: str) -> Response:
        return self.show(
            request, selectors.incident_get(user=request.user, incident_id=incident_id)
        )

    @extend_schema(request=IncidentUpdateSerializer, responses=IncidentSerializer)
    def patch(self, request: Request, incident_id: str) -> Response:
        require(request, Capability.SAFETY_WRITE)
        incident = selectors.incident_get(user=request.user, incident_id=incident_id)
        data = validated(IncidentUpdateSerializer, request.data, strict=True, partial=True)
        incident = services.incident_update(
            actor=request.user, incident=incident, fields=data, now=now()
        )
        return self.show(request, incident)

"""/api/v1/safety/threats/: threat reports."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from haven.accounts.roles import Capability
from haven.api_common import StrictCharField, paginated, validated
from haven.people.models import GroupStatus
from haven.safety import selectors, services
from haven.safety.api.common import Input, Output, SafetyApi, now, require, user_field
from haven.safety.models import Threat
from haven.safety.models.common import REFERENCE_MAX, SHORT_MAX
from haven.safety.services.threats import THREAT_FIELDS


class ThreatSerializer(Output):
    recorded_by = user_field()
    agency = serializers.UUIDField(source="agency_id", read_only=True)
    grade = serializers.CharField(read_only=True)
    targets = serializers.SerializerMethodField()
    incidents = serializers.SerializerMethodField()

    class Meta:
        model = Threat
        fields = [
            "id",
            "agency",
            "recorded_by",
            *THREAT_FIELDS,
            "grade",
            "targets",
            "status",
            "escalated_at",
            "police_reference",
            "closed_at",
            "incidents",
            "created_at",
        ]
        read_only_fields = fields

    def get_targets(self, threat: Threat) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return [
            {"person": str(link.person_id), "via_group": link.via_group}
            for link in selectors.visible_targets(user=user, threat=threat)
        ]

    def get_incidents(self, threat: Threat) -> list[str]:
        user = self.context["request"].user
        visible = selectors.incident_list(user=user).filter(threats=threat)
        return [str(pk) for pk in visible.values_list("pk", flat=True)]


class GroupSerializer(serializers.Serializer):
    description = StrictCharField(max_length=SHORT_MAX, required=False, allow_blank=True)
    group_status = serializers.ChoiceField(choices=GroupStatus.choices, required=False)
    site = StrictCharField(max_length=SHORT_MAX, required=False, allow_blank=True)


class ThreatInputSerializer(Input):
    targets = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=1000)
    group = GroupSerializer(required=False)

    class Meta:
        model = Threat
        fields = [*THREAT_FIELDS, "targets", "group"]
        extra_kwargs = {"reported_on": {"required": False}}


class FilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Threat.Status.choices, required=False)
    imminence = serializers.ChoiceField(choices=Threat.Imminence.choices, required=False)
    kind = serializers.ChoiceField(choices=Threat.Kind.choices, required=False)
    person = serializers.UUIDField(required=False)


class EscalateSerializer(serializers.Serializer):
    police_reference = StrictCharField(max_length=REFERENCE_MAX, required=False, allow_blank=True)


class ThreatBase(SafetyApi):
    subject_type = "threat"
    output = ThreatSerializer


class ThreatListApi(ThreatBase):
    @extend_schema(
        parameters=[OpenApiParameter(n, str) for n in ("status", "imminence", "kind", "person")],
        responses=paginated(ThreatSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(FilterSerializer, request.query_params)
        return self.page(request, selectors.threat_list(user=request.user, filters=filters))

    @extend_schema(request=ThreatInputSerializer, responses={201: ThreatSerializer})
    def post(self, request: Request) -> Response:
        require(request, Capability.SAFETY_WRITE)
        data = dict(validated(ThreatInputSerializer, request.data, strict=True))
        targets = data.pop("targets", [])
        group = data.pop("group", None)
        threat = services.threat_create(
            actor=request.user, fields=data, targets=targets, group=group, now=now()
        )
        return self.show(request, threat, status=201)


class ThreatDetailApi(ThreatBase):
    @extend_schema(responses=ThreatSerializer)
    def get(self, request: Request, threat_id: str) -> Response:
        return self.show(request, selectors.threat_get(user=request.user, threat_id=threat_id))


class ThreatEscalateApi(ThreatBase):
    @extend_schema(request=EscalateSerializer, responses=ThreatSerializer)
    def post(self, request: Request, threat_id: str) -> Response:
        require(request, Capability.SAFETY_WRITE)
        threat = selectors.threat_get(user=request.user, threat_id=threat_id)
        data = validated(EscalateSerializer, request.data, strict=True)
        threat = services.threat_escalate(
            actor=request.user,
            threat=threat,
            police_reference=data.get("police_reference", ""),
            now=now(),
        )
        return self.show(request, threat)


class ThreatCloseApi(ThreatBase):
    @extend_schema(request=None, responses=ThreatSerializer)
    def post(self, request: Request, threat_id: str) -> Response:
        require(request, Capability.SAFETY_WRITE)
        threat = selectors.threat_get(user=request.user, threat_id=threat_id)
        return self.show(
            request, services.threat_close(actor=request.user, threat=threat, now=now())
        )

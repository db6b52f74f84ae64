"""The alerts API: thin views over alerts.services and alerts.selectors."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.models import User
from haven.accounts.policy import alerts as alert_policy
from haven.alerts import selectors, services
from haven.alerts.kinds import kind_choices, kind_label
from haven.alerts.models import Alert, Severity
from haven.alerts.rules import alerts_evaluate
from haven.api_common import Pagination, paginated, validated


class CanReadAlerts(BasePermission):
    message = _("Your role has no alerts list.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return alert_policy.can_read_alerts(request.user)


class AlertSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()
    state = serializers.CharField(read_only=True)
    person = serializers.UUIDField(source="person_id", allow_null=True)
    agency = serializers.UUIDField(source="agency_id")
    owner = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    resolved_by = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "kind_label",
            "severity",
            "state",
            "person",
            "agency",
            "data_class",
            "owner",
            "source_type",
            "source_id",
            "facts",
            "raised_at",
            "acknowledged_at",
            "acknowledged_by",
            "resolved_at",
            "resolved_by",
            "resolution_note",
            "notified_at",
        ]
        read_only_fields = fields

    def get_kind_label(self, alert: Alert) -> str:
        return kind_label(alert.kind)


class AlertFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=selectors.STATES, required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    kind = serializers.CharField(required=False, max_length=60)
    person = serializers.UUIDField(required=False)
    mine = serializers.BooleanField(required=False)

    def validate_kind(self, value: str) -> str:
        if value and value not in dict(kind_choices()):
            raise serializers.ValidationError(_("Unknown kind of alert."))
        return value


class ResolveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class AssignSerializer(serializers.Serializer):
    owner = serializers.SlugRelatedField(
        slug_field="uuid", queryset=User.objects.filter(is_active=True)
    )


ALERT_FILTERS = [
    OpenApiParameter("state", str, enum=list(selectors.STATES)),
    OpenApiParameter("severity", str, enum=[c for c, _ in Severity.choices]),
    OpenApiParameter("kind", str),
    OpenApiParameter("person", str),
    OpenApiParameter("mine", bool),
]


class AlertListApi(APIView):
    """The caller's alerts list; the rules run first, at the time of the request."""

    permission_classes = [IsAuthenticated, CanReadAlerts]

    @extend_schema(parameters=ALERT_FILTERS, responses=paginated(AlertSerializer))
    def get(self, request: Request) -> Response:
        filters = validated(AlertFilterSerializer, request.query_params)
        alerts_evaluate(now=timezone.now())
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.alert_list(user=request.user, filters=filters), request, view=self
        )
        selectors.alerts_read(user=request.user, alerts=page)
        return paginator.get_paginated_response(AlertSerializer(page, many=True).data)


def _alert_response(request: Request, alert: Alert) -> Response:
    selectors.alerts_read(user=request.user, alerts=[alert])
    return Response(AlertSerializer(alert).data)


class AlertDetailApi(APIView):
    permission_classes = [IsAuthenticated, CanReadAlerts]

    @extend_schema(responses=AlertSerializer)
    def get(self, request: Request, alert_id: str) -> Response:
        return _alert_response(request, selectors.alert_get(user=request.user, alert_id=alert_id))


class AlertAcknowledgeApi(APIView):
    permission_classes = [IsAuthenticated, CanReadAlerts]

    @extend_schema(request=None, responses=AlertSerializer)
    def post(self, request: Request, alert_id: str) -> Response:
        alert = selectors.alert_get(user=request.user, alert_id=alert_id)
        alert = services.alert_acknowledge(actor=request.user, alert=alert)
        return _alert_response(request, alert)


class AlertResolveApi(APIView):
    permission_classes = [IsAuthenticated, CanReadAlerts]

    @extend_schema(request=ResolveSerializer, responses=AlertSerializer)
    def post(self, request: Request, alert_id: str) -> Response:
        alert = selectors.alert_get(user=request.user, alert_id=alert_id)
        note = validated(ResolveSerializer, request.data)["note"]
        alert = services.alert_resolve(actor=request.user, alert=alert, note=note)
        return _alert_response(request, alert)


class AlertAssignApi(APIView):
    permission_classes = [IsAuthenticated, CanReadAlerts]

    @extend_schema(request=AssignSerializer, responses=AlertSerializer)
    def post(self, request: Request, alert_id: str) -> Response:
        alert = selectors.alert_get(user=request.user, alert_id=alert_id)
        owner = validated(AssignSerializer, request.data)["owner"]
        alert = services.alert_assign(actor=request.user, alert=alert, owner=owner)
        return _alert_response(request, alert)

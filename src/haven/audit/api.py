from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts import policy
from haven.accounts.roles import Capability, DataClass
from haven.api_common import Pagination, paginated, validated
from haven.audit.models import AuditEntry
from haven.audit.selectors import audit_entry_list
from haven.audit.services import visible_changes


class CanReadAudit(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can(request.user, Capability.AUDIT_READ)


class AuditEntrySerializer(serializers.ModelSerializer):
    """An entry as its reader may see it: values only of the classes their role holds."""

    changes = serializers.SerializerMethodField()

    def get_changes(self, entry: AuditEntry) -> dict[str, Any]:
        return visible_changes(entry.changes, self.context.get("classes", ()))

    class Meta:
        model = AuditEntry
        fields = [
            "seq",
            "id",
            "at",
            "actor_username",
            "role",
            "agency",
            "action",
            "subject_type",
            "subject_id",
            "classes",
            "fields",
            "changes",
            "note",
            "prev_mac",
            "mac",
        ]


class AuditFilterSerializer(serializers.Serializer):
    actor = serializers.CharField(required=False, max_length=150)
    action = serializers.ChoiceField(choices=AuditEntry.Action.choices, required=False)
    subject_type = serializers.CharField(required=False, max_length=50)
    subject_id = serializers.CharField(required=False, max_length=64)
    agency = serializers.CharField(required=False, max_length=200)
    role = serializers.CharField(required=False, max_length=20)
    data_class = serializers.ChoiceField(choices=DataClass.choices, required=False)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)


class AuditListApi(APIView):
    permission_classes = [IsAuthenticated, CanReadAudit]

    @extend_schema(parameters=[AuditFilterSerializer], responses=paginated(AuditEntrySerializer))
    def get(self, request: Request) -> Response:
        filters = validated(AuditFilterSerializer, request.query_params)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            audit_entry_list(user=request.user, filters=filters), request, view=self
        )
        return paginator.get_paginated_response(
            AuditEntrySerializer(
                page, many=True, context={"classes": policy.classes_for(request.user)}
            ).data
        )

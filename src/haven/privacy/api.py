"""The privacy API: ask for and approve a person's erasure, and the subject-access export.

Supervisors only (403 for every other role); a person or request outside the caller's
scope is 404.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts import policy
from haven.accounts.roles import Capability
from haven.api_common import Pagination, StrictCharField, paginated, validated
from haven.people import selectors as people
from haven.privacy import selectors, services
from haven.privacy.models import REASON_MAX, ErasureRequest


class HasPrivacy(BasePermission):
    message = _("Only supervisors handle erasure and subject-access requests.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can(request.user, Capability.PRIVACY)


class ErasureSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person_id", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    approved_by = serializers.CharField(
        source="approved_by.username", read_only=True, allow_null=True, default=None
    )
    state = serializers.CharField(read_only=True)

    class Meta:
        model = ErasureRequest
        fields = [
            "id",
            "person",
            "state",
            "requested_by",
            "requested_at",
            "approved_by",
            "approved_at",
            "counts",
        ]
        read_only_fields = fields


class ErasureInputSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=REASON_MAX)


class ErasureRequestApi(APIView):
    permission_classes = [IsAuthenticated, HasPrivacy]

    @extend_schema(request=ErasureInputSerializer, responses={201: ErasureSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        person = people.person_get(user=request.user, person_id=person_id)
        data = validated(ErasureInputSerializer, request.data, strict=True)
        made = services.erasure_request(actor=request.user, person=person, reason=data["reason"])
        return Response(ErasureSerializer(made).data, status=status.HTTP_201_CREATED)


class ErasureListApi(APIView):
    permission_classes = [IsAuthenticated, HasPrivacy]

    @extend_schema(responses=paginated(ErasureSerializer))
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        qs = selectors.erasure_list(user=request.user).select_related("requested_by", "approved_by")
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ErasureSerializer(page, many=True).data)


class ErasureApproveApi(APIView):
    permission_classes = [IsAuthenticated, HasPrivacy]

    @extend_schema(request=None, responses=ErasureSerializer)
    def post(self, request: Request, request_id: str) -> Response:
        found = selectors.erasure_get(user=request.user, request_id=request_id)
        done = services.erasure_approve(actor=request.user, request=found)
        return Response(ErasureSerializer(done).data)


class PersonExportApi(APIView):
    permission_classes = [IsAuthenticated, HasPrivacy]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, person_id: str) -> Response:
        from haven.accounts.stepup import require_fresh

        person = people.person_get(user=request.user, person_id=person_id)
        require_fresh(request)  # everything Haven holds about a person
        return Response(services.person_export(actor=request.user, person=person))

"""The administration API (/api/v1/admin/...): agencies and accounts. Thin: the
services in ``haven.accounts.administration`` decide and audit."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts import administration as services
from haven.accounts import selectors
from haven.accounts.models import Agency, User
from haven.accounts.policy import administration as rules
from haven.accounts.roles import Role
from haven.api_common import Pagination, StrictCharField, paginated, validated


class CanAdminister(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return rules.can_administer(request.user)


class AdminView(APIView):
    permission_classes = [IsAuthenticated, CanAdminister]


class AdminAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "active", "created_at"]
        read_only_fields = ["id", "created_at"]


class AgencyCreateSerializer(serializers.Serializer):
    name = StrictCharField(max_length=200)
    kind = serializers.ChoiceField(choices=Agency.Kind.choices)


class AgencyUpdateSerializer(serializers.Serializer):
    name = StrictCharField(max_length=200, required=False)
    active = serializers.BooleanField(required=False)


class AdminUserSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    agency = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "agency",
            "role",
            "is_active",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields


class UserCreateSerializer(serializers.Serializer):
    username = StrictCharField(max_length=150)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)
    email = serializers.EmailField(required=False, allow_blank=True)
    first_name = StrictCharField(max_length=150, required=False, allow_blank=True)
    last_name = StrictCharField(max_length=150, required=False, allow_blank=True)


class UserRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False)


INVITATION = inline_serializer(
    "AdminUserInvitation",
    {"user": AdminUserSerializer(), "invitation_link": serializers.CharField()},
)


class AdminAgencyListApi(AdminView):
    @extend_schema(responses=paginated(AdminAgencySerializer))
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.agency_list(actor=request.user), request, view=self
        )
        return paginator.get_paginated_response(AdminAgencySerializer(page, many=True).data)

    @extend_schema(request=AgencyCreateSerializer, responses={201: AdminAgencySerializer})
    def post(self, request: Request) -> Response:
        data = validated(AgencyCreateSerializer, request.data, strict=True)
        agency = services.agency_create(actor=request.user, name=data["name"], kind=data["kind"])
        return Response(AdminAgencySerializer(agency).data, status=201)


class AdminAgencyDetailApi(AdminView):
    @extend_schema(responses=AdminAgencySerializer)
    def get(self, request: Request, agency_id: str) -> Response:
        agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
        return Response(AdminAgencySerializer(agency).data)

    @extend_schema(request=AgencyUpdateSerializer, responses=AdminAgencySerializer)
    def patch(self, request: Request, agency_id: str) -> Response:
        agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
        data = validated(AgencyUpdateSerializer, request.data, strict=True)
        agency = services.agency_update(actor=request.user, agency=agency, fields=dict(data))
        return Response(AdminAgencySerializer(agency).data)


class AdminUserListApi(AdminView):
    @extend_schema(responses=paginated(AdminUserSerializer))
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.user_list(actor=request.user), request, view=self
        )
        return paginator.get_paginated_response(AdminUserSerializer(page, many=True).data)

    @extend_schema(request=UserCreateSerializer, responses={201: INVITATION})
    def post(self, request: Request) -> Response:
        data = validated(UserCreateSerializer, request.data, strict=True)
        user, link = services.user_create(actor=request.user, now=timezone.now(), **data)
        return Response(
            {"user": AdminUserSerializer(user).data, "invitation_link": link}, status=201
        )


class AdminUserDetailApi(AdminView):
    @extend_schema(responses=AdminUserSerializer)
    def get(self, request: Request, user_id: str) -> Response:
        user = selectors.user_get(actor=request.user, user_id=user_id)
        return Response(AdminUserSerializer(user).data)


class AdminUserDisableApi(AdminView):
    @extend_schema(request=None, responses=AdminUserSerializer)
    def post(self, request: Request, user_id: str) -> Response:
        user = selectors.user_get(actor=request.user, user_id=user_id)
        validated(serializers.Serializer, request.data, strict=True)
        user = services.user_set_active(actor=request.user, user=user, active=False)
        return Response(AdminUserSerializer(user).data)


class AdminUserEnableApi(AdminView):
    @extend_schema(request=None, responses=AdminUserSerializer)
    def post(self, request: Request, user_id: str) -> Response:
        user = selectors.user_get(actor=request.user, user_id=user_id)
        validated(serializers.Serializer, request.data, strict=True)
        user = services.user_set_active(actor=request.user, user=user, active=True)
        return Response(AdminUserSerializer(user).data)


class AdminUserRoleApi(AdminView):
    @extend_schema(request=UserRoleSerializer, responses=AdminUserSerializer)
    def post(self, request: Request, user_id: str) -> Response:
        user = selectors.user_get(actor=request.user, user_id=user_id)
        data = validated(UserRoleSerializer, request.data, strict=True)
        user = services.user_update(
            actor=request.user, user=user, role=data["role"], agency=data.get("agency", user.agency)
        )
        return Response(AdminUserSerializer(user).data)


class AdminUserInvitationApi(AdminView):
    """A new invitation link (password reset): ends the user's sessions and tokens."""

    @extend_schema(request=None, responses=INVITATION)
    def post(self, request: Request, user_id: str) -> Response:
        user = selectors.user_get(actor=request.user, user_id=user_id)
        validated(serializers.Serializer, request.data, strict=True)
        if user.has_usable_password():
            link = services.user_password_reset(actor=request.user, user=user, now=timezone.now())
        else:
            link = services.invitation_create(actor=request.user, user=user, now=timezone.now())
        return Response({"user": AdminUserSerializer(user).data, "invitation_link": link})


class AdminUserDeviceResetApi(AdminView):
    """Four eyes: the first administrator's call asks (202), a second one's approves."""

    @extend_schema(
        request=None,
        responses=inline_serializer("DeviceReset", {"status": serializers.CharField()}),
    )
    def post(self, request: Request, user_id: str) -> Response:
        user = selectors.user_get(actor=request.user, user_id=user_id)
        validated(serializers.Serializer, request.data, strict=True)
        now = timezone.now()
        pending = selectors.device_resets_pending(actor=request.user).filter(user=user).first()
        if pending is None or pending.requested_by_id == request.user.pk:
            services.device_reset_request(actor=request.user, user=user, now=now)
            return Response({"status": "requested"}, status=202)
        services.device_reset_approve(actor=request.user, reset=pending, now=now)
        return Response({"status": "approved"})

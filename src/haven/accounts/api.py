from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts import policy, stepup
from haven.accounts.authentication import TokenAuthentication
from haven.accounts.models import Agency, ApiToken
from haven.accounts.roles import Capability
from haven.accounts.services import SignInError, sign_in_check, user_has_2fa, verify_otp
from haven.accounts.tokens import token_issue, token_revoke
from haven.api_common import Pagination, paginated, validated


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=512, trim_whitespace=False)
    otp = serializers.CharField(max_length=12, required=False, allow_blank=True)


class TokenApi(APIView):
    """Exchange a username, password (and one-time code) for an API token."""

    # Only for the 401 challenge header; the view itself authenticates by password.
    authentication_classes = [TokenAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenInputSerializer,
        responses=inline_serializer("Token", {"token": serializers.CharField()}),
    )
    def post(self, request: Request) -> Response:
        data = validated(TokenInputSerializer, request.data)
        try:
            user, _device = sign_in_check(
                request=request._request,
                username=data["username"],
                password=data["password"],
                otp=data.get("otp", ""),
            )
        except SignInError as exc:
            raise AuthenticationFailed(str(exc)) from exc
        if settings.REQUIRE_2FA and not user_has_2fa(user):
            raise AuthenticationFailed(_("Enrol two-factor sign-in in the web app first."))
        token, key = token_issue(user=user, now=timezone.now(), proved=_device is not None)
        return Response({"token": key, "expires_at": token.expires_at})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Revoke the token this request was made with (signing out of the API)."""
        if not isinstance(request.auth, ApiToken):
            raise AuthenticationFailed(_("Sign out with the token you want to revoke."))
        token_revoke(actor=request.user, token=request.auth, now=timezone.now())
        return Response(status=204)


class StepUpInputSerializer(serializers.Serializer):
    otp = serializers.CharField(max_length=16)


class StepUpApi(APIView):
    """Prove the second factor again (step-up), for the token or session in use."""

    @extend_schema(
        request=StepUpInputSerializer,
        responses=inline_serializer("StepUp", {"proved_at": serializers.DateTimeField()}),
    )
    def post(self, request: Request) -> Response:
        data = validated(StepUpInputSerializer, request.data, strict=True)
        if verify_otp(request.user, data["otp"]) is None:
            raise ValidationError({"otp": [_("That code is not right.")]})
        now = timezone.now()
        stepup.mark_proved(request, now=now)
        return Response({"proved_at": now})


class CanListAgencies(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can(request.user, Capability.AGENCIES_READ)


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "kind"]


class AgencyListApi(APIView):
    permission_classes = [IsAuthenticated, CanListAgencies]

    @extend_schema(responses=paginated(AgencySerializer))
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(Agency.objects.order_by("name"), request, view=self)
        return paginator.get_paginated_response(AgencySerializer(page, many=True).data)

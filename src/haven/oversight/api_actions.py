"""The oversight API, follow-up actions: thin views over oversight.services and
oversight.selectors."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.models import User
from haven.api_common import Pagination, StrictCharField, paginated, validated
from haven.oversight import selectors, services
from haven.oversight.api import PERMISSIONS, lookup
from haven.oversight.models import TEXT_MAX, ActionStatus, FollowUpAction

# --- follow-up actions ---------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.UUIDField(source="owner.uuid", read_only=True)
    owner_name = serializers.CharField(source="owner", read_only=True)
    agency = serializers.UUIDField(source="agency_id", read_only=True)
    site = serializers.UUIDField(source="site_id", read_only=True, allow_null=True)
    visit = serializers.UUIDField(source="visit_id", read_only=True, allow_null=True)
    finding = serializers.CharField(source="finding.item", read_only=True, allow_null=True)
    person = serializers.UUIDField(source="person_id", read_only=True, allow_null=True)
    interview = serializers.UUIDField(source="interview_id", read_only=True, allow_null=True)
    departure = serializers.UUIDField(source="departure_id", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpAction
        fields = [
            "id",
            "description",
            "due_on",
            "status",
            "overdue",
            "outcome",
            "completed_on",
            "owner",
            "owner_name",
            "agency",
            "site",
            "visit",
            "finding",
            "person",
            "interview",
            "departure",
            "created_at",
        ]
        read_only_fields = fields

    def get_overdue(self, action: FollowUpAction) -> bool:
        return action.is_overdue(timezone.localdate())


class _OwnerField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="uuid", queryset=User.objects.filter(is_active=True), **kwargs)


class ActionInputSerializer(serializers.Serializer):
    description = StrictCharField(max_length=TEXT_MAX)
    due_on = serializers.DateField()
    owner = _OwnerField()
    site = serializers.UUIDField(required=False)
    visit = serializers.UUIDField(required=False)
    person = serializers.UUIDField(required=False)
    interview = serializers.UUIDField(required=False)


class ActionUpdateSerializer(serializers.Serializer):
    description = StrictCharField(required=False, max_length=TEXT_MAX)
    due_on = serializers.DateField(required=False)
    owner = _OwnerField(required=False)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    outcome = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)


class ActionFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["pending", "overdue", "closed", "all"], required=False)
    site = serializers.UUIDField(required=False)
    visit = serializers.UUIDField(required=False)
    person = serializers.UUIDField(required=False)
    mine = serializers.BooleanField(required=False)


def _sources(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """What the action is about, each fetched through the user's scope (400 if not)."""
    from haven.interviews.selectors import interview_get
    from haven.people.selectors import person_get

    user = request.user
    getters = {
        "site": lambda pk: selectors.site_get(user=user, site_id=pk),
        "visit": lambda pk: selectors.visit_get(user=user, visit_id=pk),
        "person": lambda pk: person_get(user=user, person_id=pk),
        "interview": lambda pk: interview_get(user=user, interview_id=pk),
    }
    for name, getter in getters.items():
        if name in data:
            data[name] = lookup(name, getter, data[name], _("Not found."))
    return data


class ActionListApi(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=["pending", "overdue", "closed", "all"]),
            OpenApiParameter("site", str),
            OpenApiParameter("visit", str),
            OpenApiParameter("person", str),
            OpenApiParameter("mine", bool),
        ],
        responses=paginated(ActionSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(ActionFilterSerializer, request.query_params)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.action_list(user=request.user, filters=filters), request, view=self
        )
        return paginator.get_paginated_response(ActionSerializer(page, many=True).data)

    @extend_schema(request=ActionInputSerializer, responses={201: ActionSerializer})
    def post(self, request: Request) -> Response:
        data = _sources(request, dict(validated(ActionInputSerializer, request.data, strict=True)))
        action = services.action_create(actor=request.user, fields=data)
        action = selectors.action_get(user=request.user, action_id=action.pk)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionDetailApi(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(responses=ActionSerializer)
    def get(self, request: Request, action_id: str) -> Response:
        action = selectors.action_get(user=request.user, action_id=action_id)
        return Response(ActionSerializer(action).data)

    @extend_schema(request=ActionUpdateSerializer, responses=ActionSerializer)
    def patch(self, request: Request, action_id: str) -> Response:
        action = selectors.action_get(user=request.user, action_id=action_id)
        data = validated(ActionUpdateSerializer, request.data, strict=True, partial=True)
        action = services.action_update(actor=request.user, action=action, fields=data)
        action = selectors.action_get(user=request.user, action_id=action.pk)
        return Response(ActionSerializer(action).data)

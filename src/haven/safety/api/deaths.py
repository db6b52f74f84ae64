"""/api/v1/safety/deaths/: death records (safety and health)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from haven.accounts.roles import Capability
from haven.api_common import paginated, validated
from haven.safety import selectors, services
from haven.safety.api.common import (
    CanReadIncidents,
    Input,
    Output,
    SafetyApi,
    now,
    one_person,
    person_field,
    require,
    user_field,
)
from haven.safety.models import Death
from haven.safety.services.deaths import DEATH_FIELDS


class DeathSerializer(Output):
    person = person_field()
    recorded_by = user_field()
    closed_by = user_field()
    buried_before_post_mortem = serializers.BooleanField(read_only=True)
    can_close = serializers.BooleanField(read_only=True)

    class Meta:
        model = Death
        fields = [
            "id",
            "person",
            "recorded_by",
            *DEATH_FIELDS,
            "status",
            "buried_before_post_mortem",
            "can_close",
            "closed_at",
            "closed_by",
            "created_at",
        ]
        read_only_fields = fields


class DeathInputSerializer(Input):
    person = serializers.UUIDField()

    class Meta:
        model = Death
        fields = ["person", *DEATH_FIELDS]


class DeathUpdateSerializer(Input):
    class Meta:
        model = Death
        fields = list(DEATH_FIELDS)


class FilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Death.Status.choices, required=False)
    person = serializers.UUIDField(required=False)


class DeathBase(SafetyApi):
    permission_classes = [IsAuthenticated, CanReadIncidents]
    subject_type = "death"
    output = DeathSerializer

    def classes_of(self, record: Any) -> set[str]:
        return {"safety", "health"}


class DeathListApi(DeathBase):
    @extend_schema(
        parameters=[OpenApiParameter(n, str) for n in ("status", "person")],
        responses=paginated(DeathSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(FilterSerializer, request.query_params)
        return self.page(request, selectors.death_list(user=request.user, filters=filters))

    @extend_schema(request=DeathInputSerializer, responses={201: DeathSerializer})
    def post(self, request: Request) -> Response:
        require(request, Capability.SAFETY_WRITE)
        data = dict(validated(DeathInputSerializer, request.data, strict=True))
        person = one_person(request, data.pop("person"))
        death = services.death_record(actor=request.user, person=person, fields=data, now=now())
        return self.show(request, death, status=201)


class DeathDetailApi(DeathBase):
    @extend_schema(responses=DeathSerializer)
    def get(self, request: Request, death_id: str) -> Response:
        return self.show(request, selectors.death_get(user=request.user, death_id=death_id))

    @extend_schema(request=DeathUpdateSerializer, responses=DeathSerializer)
    def patch(self, request: Request, death_id: str) -> Response:
        require(request, Capability.SAFETY_WRITE)
        death = selectors.death_get(user=request.user, death_id=death_id)
        data = validated(DeathUpdateSerializer, request.data, strict=True, partial=True)
        death = services.death_update(actor=request.user, death=death, fields=data, now=now())
        return self.show(request, death)


class DeathCloseApi(DeathBase):
    @extend_schema(request=None, responses=DeathSerializer)
    def post(self, request: Request, death_id: str) -> Response:
        require(request, Capability.SAFETY_WRITE)
        death = selectors.death_get(user=request.user, death_id=death_id)
        return self.show(request, services.death_close(actor=request.user, death=death, now=now()))

"""What the safety API's views share: permissions, the caller's person, list and detail
responses (each read audited)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.policy import can
from haven.accounts.policy import safety as safety_policy
from haven.api_common import STRICT_FIELD_MAPPING, Pagination
from haven.people.models import Person
from haven.safety import selectors
from haven.safety.services.common import people_in_scope


class CanReadSafety(BasePermission):
    message = _("Your role sees no safety data.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return safety_policy.can_read_safety(request.user)


class CanReadIncidents(BasePermission):
    message = _("Your role sees no safety data.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return safety_policy.can_read_incidents(request.user)


class SafetyApi(APIView):
    permission_classes = [IsAuthenticated, CanReadSafety]
    # set by each resource
    subject_type = ""
    output: type[serializers.Serializer] = serializers.Serializer

    def classes_of(self, record: Any) -> set[str]:
        return {"safety"}

    def show(self, request: Request, record: Any, status: int = 200) -> Response:
        selectors.safety_read(
            user=request.user,
            subject_type=self.subject_type,
            records=[record],
            classes=self.classes_of(record),
        )
        data = self.output(record, context={"request": request}).data
        return Response(data, status=status)

    def page(self, request: Request, qs: Any) -> Response:
        paginator = Pagination()
        rows = paginator.paginate_queryset(qs, request, view=self)
        classes: set[str] = set()
        for row in rows or []:
            classes |= self.classes_of(row)
        selectors.safety_read(
            user=request.user, subject_type=self.subject_type, records=rows or [], classes=classes
        )
        data = self.output(rows, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


def require(request: Request, capability: str) -> None:
    """Writes need the capability whatever the record: refused before any lookup."""
    if not can(request.user, capability):
        raise PermissionDenied(_("Your role may not record this."))


def now() -> Any:
    return timezone.now()


def one_person(request: Request, value: Any, field: str = "person") -> Person:
    """The person a body names, in the caller's scope, or a 400 on that field."""
    return people_in_scope(request.user, [value], field)[0]


class Output(serializers.ModelSerializer):
    serializer_field_mapping = STRICT_FIELD_MAPPING


class Input(serializers.ModelSerializer):
    serializer_field_mapping = STRICT_FIELD_MAPPING


def person_field() -> serializers.UUIDField:
    return serializers.UUIDField(source="person_id", read_only=True)


def user_field() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="uuid", read_only=True)


Getter = Callable[..., Any]

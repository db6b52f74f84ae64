"""The referrals API: thin views over referrals.services and referrals.selectors. Every
referral or petition in a response is ``disclosure.disclosed_payload``, nothing else."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.models import Agency
from haven.accounts.policy import can
from haven.accounts.policy import referrals as policy
from haven.accounts.roles import Capability
from haven.accounts.stepup import require_fresh
from haven.api_common import Pagination, StrictCharField, paginated, validated
from haven.people.models import Person
from haven.people.selectors import person_queryset
from haven.referrals import selectors, services
from haven.referrals.disclosure import disclosed_payload
from haven.referrals.models import (
    CONTACT_MAX,
    NAME_MAX,
    REFERRABLE_CLASSES,
    TEXT_MAX,
    BodyKind,
    ReceivingBody,
    Status,
    Urgency,
)


class CanReadReferrals(BasePermission):
    message = _("Your role has no access to referrals.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can_read_referrals(request.user)


class CanListBodies(BasePermission):
    message = _("Your role has no access to referrals.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method == "POST":
            return policy.can_manage_bodies(request.user)
        return policy.can_list_bodies(request.user)


class BodySerializer(serializers.ModelSerializer):
    agency = serializers.UUIDField(source="agency_id", read_only=True, allow_null=True)

    class Meta:
        model = ReceivingBody
        fields = ["id", "name", "kind", "agency", "contact", "active"]
        read_only_fields = fields


class BodyInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=NAME_MAX)
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    contact = StrictCharField(max_length=CONTACT_MAX, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class PersonRefField(serializers.UUIDField):
    """A person the caller sees; one message for one who does not exist and one out of
    sight (never confirm that a record exists)."""

    default_error_messages = {"missing": _("No such person among the people you see.")}

    def to_internal_value(self, data: Any) -> Person:
        pk = super().to_internal_value(data)
        person = person_queryset(user=self.context["user"]).filter(pk=pk).first()
        if person is None:
            self.fail("missing")
        return person


def _classes() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(
            choices=[str(c) for c in REFERRABLE_CLASSES],
            error_messages={"invalid_choice": _("Not a class of data a referral may carry.")},
        ),
        max_length=len(REFERRABLE_CLASSES),
    )


def _bodies() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=ReceivingBody.objects.filter(active=True),
        error_messages={"does_not_exist": _("No such receiving body.")},
    )


class ReferralInputSerializer(serializers.Serializer):
    person = PersonRefField()
    receiving_body = _bodies()
    reason = StrictCharField(max_length=TEXT_MAX)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    consented_classes = _classes()


class ConsentInputSerializer(serializers.Serializer):
    consented_classes = _classes()


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    outcome = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)


class MemberInputSerializer(serializers.Serializer):
    person = PersonRefField()
    consented_classes = _classes()


class PetitionInputSerializer(serializers.Serializer):
    receiving_body = _bodies()
    title = StrictCharField(max_length=NAME_MAX)
    request = StrictCharField(max_length=TEXT_MAX)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    members = MemberInputSerializer(many=True, required=False, max_length=500)


class FilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    receiving_body = serializers.UUIDField(required=False)
    person = serializers.UUIDField(required=False)


def _allowed(allowed: bool) -> None:
    """Refuse (403) before reading the body, so a refusal never depends on the input."""
    if not allowed:
        raise PermissionDenied(_("You may not do this with this request."))


def _input(request: Request, serializer: type[serializers.Serializer]) -> Any:
    return validated(serializer, request.data, strict=True, context={"user": request.user})


FILTERS = [
    OpenApiParameter("status", str, enum=list(Status.values)),
    OpenApiParameter("receiving_body", str),
    OpenApiParameter("person", str),
]


def _page(request: Request, view: APIView, qs: Any) -> Response:
    paginator = Pagination()
    rows = paginator.paginate_queryset(qs, request, view=view)
    data = [disclosed_payload(r, user=request.user, summary=True) for r in rows]
    return paginator.get_paginated_response(data)


class BodyListApi(APIView):
    permission_classes = [IsAuthenticated, CanListBodies]

    @extend_schema(responses=paginated(BodySerializer))
    def get(self, request: Request) -> Response:
        qs = selectors.body_list(user=request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(BodySerializer(page, many=True).data)

    @extend_schema(request=BodyInputSerializer, responses={201: BodySerializer})
    def post(self, request: Request) -> Response:
        fields = dict(_input(request, BodyInputSerializer))
        body = services.receiving_body_create(actor=request.user, fields=fields)
        return Response(BodySerializer(body).data, status=status.HTTP_201_CREATED)


class ReferralListApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(parameters=FILTERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        filters = validated(FilterSerializer, request.query_params)
        return _page(request, self, selectors.referral_list(user=request.user, filters=filters))

    @extend_schema(request=ReferralInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        """A draft referral with the person's consent per class; send it with
        ``POST .../status/ {"status": "sent"}``."""
        _allowed(can(request.user, Capability.REFERRALS_WRITE))
        data = _input(request, ReferralInputSerializer)
        referral = services.referral_create(
            actor=request.user,
            person=data["person"],
            receiving_body=data["receiving_body"],
            reason=data["reason"],
            urgency=data.get("urgency", Urgency.ROUTINE),
            consented_classes=data["consented_classes"],
        )
        referral = selectors.referral_get(user=request.user, referral_id=referral.pk)
        return Response(disclosed_payload(referral, user=request.user), status=201)


def _referral(request: Request, referral_id: str) -> Response:
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    return Response(disclosed_payload(referral, user=request.user))


class ReferralDetailApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, referral_id: str) -> Response:
        # the whole referral, as the print and export pages give it: the same step-up
        selectors.referral_get(user=request.user, referral_id=referral_id)  # 404 first
        require_fresh(request)
        return _referral(request, referral_id)


class ReferralStatusApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(request=StatusInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, referral_id: str) -> Response:
        referral = selectors.referral_get(user=request.user, referral_id=referral_id)
        _allowed(policy.can_reply(request.user, referral))
        data = _input(request, StatusInputSerializer)
        services.referral_transition(
            actor=request.user,
            referral=referral,
            status=data["status"],
            outcome=data.get("outcome", ""),
        )
        return _referral(request, referral_id)


class ReferralConsentApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(request=ConsentInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, referral_id: str) -> Response:
        referral = selectors.referral_get(user=request.user, referral_id=referral_id)
        _allowed(policy.can_extend_referral(request.user, referral))
        data = _input(request, ConsentInputSerializer)
        services.referral_consent_record(
            actor=request.user, referral=referral, classes=data["consented_classes"]
        )
        return _referral(request, referral_id)


class ConsentWithdrawApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consent_id: str) -> Response:
        consent = selectors.consent_get(user=request.user, consent_id=consent_id)
        _input(request, serializers.Serializer)
        services.consent_withdraw(actor=request.user, consent=consent)
        if consent.referral_id:
            return _referral(request, str(consent.referral_id))
        return _petition(request, str(consent.member.petition_id))  # type: ignore[union-attr]


class PetitionListApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=list(Status.values))],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        filters = validated(FilterSerializer, request.query_params)
        return _page(request, self, selectors.petition_list(user=request.user, filters=filters))

    @extend_schema(request=PetitionInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        """A draft petition, with its first petitioners and each one's own consent."""
        _allowed(can(request.user, Capability.REFERRALS_WRITE))
        data = _input(request, PetitionInputSerializer)
        petition = services.petition_create_with_members(
            actor=request.user,
            receiving_body=data["receiving_body"],
            title=data["title"],
            request=data["request"],
            urgency=data.get("urgency", Urgency.ROUTINE),
            members=[(m["person"], m["consented_classes"]) for m in data.get("members", [])],
        )
        petition = selectors.petition_get(user=request.user, petition_id=petition.pk)
        return Response(disclosed_payload(petition, user=request.user), status=201)


def _petition(request: Request, petition_id: str) -> Response:
    petition = selectors.petition_get(user=request.user, petition_id=petition_id)
    return Response(disclosed_payload(petition, user=request.user))


class PetitionDetailApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, petition_id: str) -> Response:
        selectors.petition_get(user=request.user, petition_id=petition_id)  # 404 first
        require_fresh(request)
        return _petition(request, petition_id)


class PetitionMemberApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(request=MemberInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, petition_id: str) -> Response:
        petition = selectors.petition_get(user=request.user, petition_id=petition_id)
        _allowed(policy.can_work_on_petition(request.user, petition))
        data = _input(request, MemberInputSerializer)
        services.petition_member_add(
            actor=request.user,
            petition=petition,
            person=data["person"],
            consented_classes=data["consented_classes"],
        )
        return _petition(request, petition_id)


class PetitionStatusApi(APIView):
    permission_classes = [IsAuthenticated, CanReadReferrals]

    @extend_schema(request=StatusInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, petition_id: str) -> Response:
        petition = selectors.petition_get(user=request.user, petition_id=petition_id)
        _allowed(policy.can_reply(request.user, petition))
        data = _input(request, StatusInputSerializer)
        services.petition_transition(
            actor=request.user,
            petition=petition,
            status=data["status"],
            outcome=data.get("outcome", ""),
        )
        return _petition(request, petition_id)

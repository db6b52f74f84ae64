"""The oversight API, sites and visits: thin views over oversight.services and
oversight.selectors (actions: ``api_actions``; people: ``api_people``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.models import Agency
from haven.accounts.policy import oversight as policy
from haven.api_common import (
    STRICT_FIELD_MAPPING,
    Pagination,
    StrictCharField,
    listed,
    paginated,
    validated,
)
from haven.oversight import selectors, services
from haven.oversight.models import (
    TEXT_MAX,
    Access,
    Answer,
    Finding,
    Item,
    Purpose,
    Site,
    SiteKind,
    SiteLink,
    Visit,
)


class CanReadOversight(BasePermission):
    message = _("Your role has no access to oversight.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can_read_oversight(request.user)


PERMISSIONS = [IsAuthenticated, CanReadOversight]


def _bad(field: str, message: Any) -> DjangoValidationError:
    return DjangoValidationError({field: [str(message)]})


def lookup(field: str, getter: Any, value: Any, message: Any) -> Any:
    """A record named in a body: one the user cannot see is the same as one that does
    not exist, a field error (400), never a 404 that would tell them apart."""
    if value is None:
        return None
    try:
        return getter(value)
    except Http404 as exc:
        raise _bad(field, message) from exc


# --- sites ---------------------------------------------------------------------------


class SiteSerializer(serializers.ModelSerializer):
    serializer_field_mapping = STRICT_FIELD_MAPPING
    agency = serializers.UUIDField(source="agency_id", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "kind",
            "address",
            "operator",
            "estimated_population",
            "agency",
            "agency_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"kind": {"required": True}}

    def to_representation(self, instance: Site) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("address"):
            data.pop("address", None)
        return data


class SiteRowSerializer(SiteSerializer):
    visit_count = serializers.IntegerField(read_only=True)
    last_visit = serializers.DateField(read_only=True, allow_null=True)

    class Meta(SiteSerializer.Meta):
        fields = [f for f in SiteSerializer.Meta.fields if f != "address"] + [
            "visit_count",
            "last_visit",
        ]


class SiteLinkSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person_id")
    given_name = serializers.CharField(source="person.given_name", read_only=True)
    family_name = serializers.CharField(source="person.family_name", read_only=True)

    class Meta:
        model = SiteLink
        fields = ["id", "person", "given_name", "family_name", "role", "from_on", "to_on"]


class SiteLinkInputSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    role = serializers.ChoiceField(choices=SiteLink.Role.choices, required=False)
    from_on = serializers.DateField(required=False, allow_null=True)
    to_on = serializers.DateField(required=False, allow_null=True)


class SiteFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SiteKind.choices, required=False)


def _site_body(request: Request, site: Site, code: int = 200) -> Response:
    address = selectors.site_read(user=request.user, site=site)
    return Response(SiteSerializer(site, context={"address": address}).data, status=code)


class SiteListApi(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=SiteKind.values)],
        responses=paginated(SiteRowSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(SiteFilterSerializer, request.query_params)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.site_list(user=request.user, filters=filters), request, view=self
        )
        return paginator.get_paginated_response(SiteRowSerializer(page, many=True).data)

    @extend_schema(request=SiteSerializer, responses={201: SiteSerializer})
    def post(self, request: Request) -> Response:
        data = validated(SiteSerializer, request.data, strict=True)
        site = services.site_create(actor=request.user, fields=data)
        return _site_body(request, site, status.HTTP_201_CREATED)


class SiteDetailApi(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(responses=SiteSerializer)
    def get(self, request: Request, site_id: str) -> Response:
        return _site_body(request, selectors.site_get(user=request.user, site_id=site_id))

    @extend_schema(request=SiteSerializer, responses=SiteSerializer)
    def patch(self, request: Request, site_id: str) -> Response:
        site = selectors.site_get(user=request.user, site_id=site_id)
        data = validated(SiteSerializer, request.data, strict=True, partial=True)
        site = services.site_update(actor=request.user, site=site, fields=data)
        return _site_body(request, site)


class SitePeopleApi(APIView):
    """The people living or working at a site (whereabouts: only roles that hold it)."""

    permission_classes = PERMISSIONS

    @extend_schema(responses=listed(SiteLinkSerializer))
    def get(self, request: Request, site_id: str) -> Response:
        site = selectors.site_get(user=request.user, site_id=site_id)
        links = selectors.site_people(user=request.user, site=site)
        return Response({"results": SiteLinkSerializer(links, many=True).data})

    @extend_schema(request=SiteLinkInputSerializer, responses={201: SiteLinkSerializer})
    def post(self, request: Request, site_id: str) -> Response:
        from haven.people.selectors import person_get

        site = selectors.site_get(user=request.user, site_id=site_id)
        data = dict(validated(SiteLinkInputSerializer, request.data, strict=True))
        person = lookup(
            "person",
            lambda pk: person_get(user=request.user, person_id=pk),
            data.pop("person"),
            _("No such person."),
        )
        link = services.site_link_person(actor=request.user, site=site, person=person, **data)
        return Response(SiteLinkSerializer(link).data, status=status.HTTP_201_CREATED)


# --- visits --------------------------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    concern = serializers.BooleanField(source="is_concern", read_only=True)
    action = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["item", "answer", "note", "concern", "action"]

    def get_action(self, finding: Finding) -> str | None:
        action = getattr(finding, "action", None)
        return str(action.pk) if action is not None else None


class FindingInputSerializer(serializers.Serializer):
    item = serializers.ChoiceField(choices=Item.choices)
    answer = serializers.ChoiceField(choices=Answer.choices)
    note = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            extra = sorted(set(data) - set(self.fields))
            if extra:
                raise serializers.ValidationError({f: [_("Unknown field.")] for f in extra})
        return super().to_internal_value(data)


class VisitSerializer(serializers.ModelSerializer):
    serializer_field_mapping = STRICT_FIELD_MAPPING
    site = serializers.UUIDField(source="site_id", read_only=True)
    site_name = serializers.CharField(source="site.name", read_only=True)
    agency = serializers.UUIDField(source="agency_id", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    recorded_by = serializers.UUIDField(source="recorded_by.uuid", read_only=True)
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "site",
            "site_name",
            "agency",
            "agency_name",
            "purpose",
            "planned_on",
            "visited_on",
            "access",
            "refused_areas",
            "refused_by",
            "refusal_reason",
            "private_interviews_possible",
            "people_met",
            "officers",
            "notes",
            "findings",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class VisitInputSerializer(serializers.Serializer):
    site = serializers.UUIDField()
    agency = serializers.UUIDField(required=False)
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    planned_on = serializers.DateField(required=False, allow_null=True)
    visited_on = serializers.DateField(required=False, allow_null=True)
    access = serializers.ChoiceField(choices=Access.choices, required=False, allow_blank=True)
    refused_areas = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    refused_by = StrictCharField(required=False, allow_blank=True, max_length=200)
    refusal_reason = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    private_interviews_possible = serializers.BooleanField(required=False, allow_null=True)
    people_met = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    officers = StrictCharField(required=False, allow_blank=True, max_length=500)
    notes = StrictCharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    findings = FindingInputSerializer(many=True, required=False, max_length=len(Item.values))


class VisitUpdateSerializer(VisitInputSerializer):
    """How a planned visit went (its site and agency stay as planned)."""

    site = None  # type: ignore[assignment]
    agency = None  # type: ignore[assignment]


class VisitFilterSerializer(serializers.Serializer):
    site = serializers.UUIDField(required=False)
    access = serializers.ChoiceField(choices=Access.choices, required=False)
    purpose = serializers.ChoiceField(choices=Purpose.choices, required=False)


def _visit_body(visit: Visit, code: int = 200) -> Response:
    return Response(VisitSerializer(visit).data, status=code)


class VisitListApi(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(
        parameters=[
            OpenApiParameter("site", str),
            OpenApiParameter("access", str, enum=Access.values),
            OpenApiParameter("purpose", str, enum=Purpose.values),
        ],
        responses=paginated(VisitSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(VisitFilterSerializer, request.query_params)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.visit_list(user=request.user, filters=filters), request, view=self
        )
        return paginator.get_paginated_response(VisitSerializer(page, many=True).data)

    @extend_schema(request=VisitInputSerializer, responses={201: VisitSerializer})
    def post(self, request: Request) -> Response:
        """Record a visit; a finding of concern becomes a follow-up action."""
        data = dict(validated(VisitInputSerializer, request.data, strict=True))
        site = lookup(
            "site",
            lambda pk: selectors.site_get(user=request.user, site_id=pk),
            data.pop("site"),
            _("No such site."),
        )
        agency = lookup(
            "agency", lambda pk: _agency(pk), data.pop("agency", None), _("No such agency.")
        )
        findings = [dict(f) for f in data.pop("findings", [])]
        visit = services.visit_record(
            actor=request.user, site=site, agency=agency, fields=data, findings=findings
        )
        visit = selectors.visit_get(user=request.user, visit_id=visit.pk)
        return _visit_body(visit, status.HTTP_201_CREATED)


def _agency(pk: Any) -> Agency:
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise Http404
    return agency


class VisitDetailApi(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(responses=VisitSerializer)
    def get(self, request: Request, visit_id: str) -> Response:
        return _visit_body(selectors.visit_get(user=request.user, visit_id=visit_id))

    @extend_schema(request=VisitUpdateSerializer, responses=VisitSerializer)
    def patch(self, request: Request, visit_id: str) -> Response:
        """Record how a planned visit went; a visit that has happened is not changed."""
        visit = selectors.visit_get(user=request.user, visit_id=visit_id)
        data = dict(validated(VisitUpdateSerializer, request.data, strict=True, partial=True))
        findings = [dict(f) for f in data.pop("findings", [])]
        services.visit_complete(actor=request.user, visit=visit, fields=data, findings=findings)
        return _visit_body(selectors.visit_get(user=request.user, visit_id=visit.pk))

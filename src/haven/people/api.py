"""The register's REST API: thin views over people.services and people.selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts import policy
from haven.accounts.models import User
from haven.accounts.roles import Capability, DataClass
from haven.api_common import (
    ModelSerializer,
    Pagination,
    StrictCharField,
    page_parameters,
    paginated,
    validated,
)
from haven.people import selectors, services
from haven.people.explaining import explain_candidate
from haven.people.fieldclasses import PERSON_FIELD_CLASSES, READ_ONLY_PERSON_FIELDS
from haven.people.models import (
    LIST_ITEM_MAX,
    LIST_ITEMS_MAX,
    NAME_MAX,
    OTHER_NAMES_MAX,
    REASON_MAX,
    BirthPrecision,
    Document,
    GroupStatus,
    Person,
    RiskLevel,
    Sex,
)


class CanReadRegister(BasePermission):
    message = _("Your role has no access to the register.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can(request.user, Capability.REGISTER_READ)


class OtherNameSerializer(serializers.Serializer):
    name = StrictCharField(max_length=NAME_MAX)
    script = serializers.RegexField(
        r"^[A-Z][a-z]{3}$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": _("Use an ISO 15924 script code such as Latn or Arab.")},
    )


class DocumentSerializer(ModelSerializer):
    held_by_other = serializers.BooleanField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            *services.DOCUMENT_FIELDS,
            "held_by_other",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "held_by_other", "created_at", "updated_at"]


class DocumentInputSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        extra_kwargs = {"kind": {"required": True}, "status": {"required": True}}


class PersonSerializer(ModelSerializer):
    """A person as JSON; fields of classes the caller's role lacks are removed."""

    other_names = OtherNameSerializer(many=True, required=False, max_length=OTHER_NAMES_MAX)
    agency = serializers.UUIDField(source="agency_id", read_only=True)
    caseworker = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    nationalities = serializers.ListField(
        child=StrictCharField(max_length=LIST_ITEM_MAX), required=False, max_length=LIST_ITEMS_MAX
    )
    languages = serializers.ListField(
        child=StrictCharField(max_length=LIST_ITEM_MAX), required=False, max_length=LIST_ITEMS_MAX
    )
    documents = DocumentSerializer(many=True, read_only=True)
    documentation_flags = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELD_CLASSES, "created_at", "updated_at"]
        read_only_fields = [
            "id",
            "agency",
            "status",
            "closed_reason",
            "merged_into",
            "created_at",
            "updated_at",
        ]

    def get_documentation_flags(self, person: Person) -> dict[str, list[str]]:
        return selectors.documentation_flags(person)

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        classes = self.context.get("classes", frozenset())
        return {
            k: v
            for k, v in data.items()
            if k not in PERSON_FIELD_CLASSES or PERSON_FIELD_CLASSES[k] in classes
        }

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        classes = self.context.get("classes")
        if classes is not None and (
            not self.context.get("full_detail", False) or DataClass.DOCUMENTS not in classes
        ):
            fields.pop("documents", None)
            fields.pop("documentation_flags", None)
        return fields


class PersonSummarySerializer(PersonSerializer):
    """Rows of the list: identity only, so listing never reads sensitive classes."""

    class Meta(PersonSerializer.Meta):
        fields = [
            "id",
            "given_name",
            "family_name",
            "other_names",
            "sex",
            "birth_precision",
            "birth_date",
            "birth_year",
            "birth_year_max",
            "place_of_origin",
            "group_status",
            "agency",
            "caseworker",
            "status",
        ]


class PersonInputSerializer(PersonSerializer):
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    group_status = serializers.ChoiceField(choices=GroupStatus.choices, required=False)
    birth_precision = serializers.ChoiceField(choices=BirthPrecision.choices, required=False)
    # No bounds here: the model's one check (validate_birth_year) gives one message for a
    # year out of range, however far out, with the record's other errors.
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    birth_year_max = serializers.IntegerField(required=False, allow_null=True)

    class Meta(PersonSerializer.Meta):
        fields = [f for f in PERSON_FIELD_CLASSES if f not in READ_ONLY_PERSON_FIELDS]


class PersonCreateSerializer(PersonInputSerializer):
    duplicate_reason = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=REASON_MAX,
        help_text="Why this is a different person, when the register holds likely matches",
    )

    class Meta(PersonInputSerializer.Meta):
        fields = [*PersonInputSerializer.Meta.fields, "duplicate_reason"]


class PersonFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(choices=Person.Status.choices, required=False)
    group_status = serializers.ChoiceField(choices=GroupStatus.choices, required=False)
    agency = serializers.UUIDField(required=False)
    caseworker = serializers.UUIDField(required=False)
    missing_document = serializers.ChoiceField(choices=selectors.MISSING_CHOICES, required=False)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)


class ReasonSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=REASON_MAX)


def _input(
    request: Request, serializer: type[serializers.Serializer], *, partial: bool
) -> dict[str, Any]:
    data = dict(validated(serializer, request.data, strict=True, partial=partial))
    if "other_names" in data:
        data["other_names"] = [dict(n) for n in data["other_names"]]
    return data


def _person_response(request: Request, person: Person, code: int = 200) -> Response:
    classes = selectors.person_read(user=request.user, person=person)
    if DataClass.DOCUMENTS in classes:
        prefetch_related_objects([person], "documents")  # for the list and the flags both
    body = PersonSerializer(person, context={"classes": classes, "full_detail": True}).data
    return Response(body, status=code)


PERSON_FILTERS = [
    OpenApiParameter("search", str, description="Name in any spelling or script"),
    OpenApiParameter("status", str, enum=[c for c, _ in Person.Status.choices]),
    OpenApiParameter("group_status", str, enum=[c for c, _ in GroupStatus.choices]),
    OpenApiParameter("agency", str),
    OpenApiParameter("caseworker", str),
    OpenApiParameter("missing_document", str, enum=list(selectors.MISSING_CHOICES)),
]


class PersonListApi(APIView):
    permission_classes = [IsAuthenticated, CanReadRegister]

    @extend_schema(
        parameters=[*PERSON_FILTERS, *page_parameters()],
        responses=paginated(PersonSummarySerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(PersonFilterSerializer, request.query_params)
        qs = selectors.person_list(user=request.user, filters=filters)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        classes = policy.classes_for(request.user)
        data = PersonSummarySerializer(page, many=True, context={"classes": classes}).data
        return paginator.get_paginated_response(data)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    def post(self, request: Request) -> Response:
        """Register a person. When the register already holds a likely match, answers 409
        with the candidates; send again with ``duplicate_reason`` to register anyway."""
        fields = _input(request, PersonCreateSerializer, partial=False)
        reason = fields.pop("duplicate_reason", "")
        try:
            person = services.person_create(
                actor=request.user,
                fields=fields,
                check_duplicates=True,
                duplicate_reason=reason,
            )
        except services.DuplicateWarning as warning:
            classes = policy.classes_for(request.user)
            return Response(
                {
                    "detail": _(
                        "The register already holds people who may be this person. "
                        "Check them, or send again with duplicate_reason."
                    ),
                    "duplicate_reason": [_("Say why this is a different person.")],
                    "candidates": _match_rows(warning.matches, classes),
                },
                status=status.HTTP_409_CONFLICT,
            )
        return _person_response(request, person, status.HTTP_201_CREATED)


class PersonDetailApi(APIView):
    permission_classes = [IsAuthenticated, CanReadRegister]

    @extend_schema(responses=PersonSerializer)
    def get(self, request: Request, person_id: str) -> Response:
        person = selectors.person_get(user=request.user, person_id=person_id)
        return _person_response(request, person)

    @extend_schema(request=PersonInputSerializer, responses=PersonSerializer)
    def patch(self, request: Request, person_id: str) -> Response:
        person = selectors.person_get(user=request.user, person_id=person_id)
        person = services.person_update(
            actor=request.user,
            person=person,
            fields=_input(request, PersonInputSerializer, partial=True),
        )
        return _person_response(request, person)


class _PersonStatusApi(APIView):
    """Close or reopen a record, with a reason."""

    permission_classes = [IsAuthenticated, CanReadRegister]
    status_service: Any = None

    @extend_schema(request=ReasonSerializer, responses=PersonSerializer)
    def post(self, request: Request, person_id: str) -> Response:
        person = selectors.person_get(user=request.user, person_id=person_id)
        reason = validated(ReasonSerializer, request.data, strict=True)["reason"]
        person = type(self).status_service(actor=request.user, person=person, reason=reason)
        return _person_response(request, person)


class PersonCloseApi(_PersonStatusApi):
    status_service = staticmethod(services.person_close)


class PersonReopenApi(_PersonStatusApi):
    status_service = staticmethod(services.person_reopen)


class HasDocumentsClass(BasePermission):
    message = _("Your role has no access to documents.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.has_class(request.user, DataClass.DOCUMENTS)


class DocumentListApi(APIView):
    permission_classes = [IsAuthenticated, CanReadRegister, HasDocumentsClass]

    @extend_schema(responses=paginated(DocumentSerializer))
    def get(self, request: Request, person_id: str) -> Response:
        person = selectors.person_get(user=request.user, person_id=person_id)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.document_list(user=request.user, person=person), request, view=self
        )
        return paginator.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(request=DocumentInputSerializer, responses={201: DocumentSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        person = selectors.person_get(user=request.user, person_id=person_id)
        data = validated(DocumentInputSerializer, request.data, strict=True)
        doc = services.document_create(actor=request.user, person=person, fields=data)
        return Response(DocumentSerializer(doc).data, status=status.HTTP_201_CREATED)


class DocumentDetailApi(APIView):
    permission_classes = [IsAuthenticated, CanReadRegister, HasDocumentsClass]

    @extend_schema(responses=DocumentSerializer)
    def get(self, request: Request, person_id: str, document_id: str) -> Response:
        person = selectors.person_get(user=request.user, person_id=person_id)
        doc = selectors.document_get(user=request.user, person=person, document_id=document_id)
        return Response(DocumentSerializer(doc).data)

    @extend_schema(request=DocumentInputSerializer, responses=DocumentSerializer)
    def patch(self, request: Request, person_id: str, document_id: str) -> Response:
        person = selectors.person_get(user=request.user, person_id=person_id)
        doc = selectors.document_get(user=request.user, person=person, document_id=document_id)
        data = validated(DocumentInputSerializer, request.data, strict=True, partial=True)
        doc = services.document_update(actor=request.user, document=doc, fields=data)
        return Response(DocumentSerializer(doc).data)


# --- matching: candidates, duplicate warnings, merges ---------------------------------


class ExplanationSerializer(serializers.Serializer):
    field = serializers.CharField()
    outcome = serializers.CharField()
    weight = serializers.FloatField()
    detail = serializers.CharField()
    text = serializers.CharField(help_text="the same in words, in the request's language")


class MatchQuerySerializer(serializers.Serializer):
    given_name = StrictCharField(required=False, allow_blank=True, max_length=NAME_MAX)
    family_name = StrictCharField(required=False, allow_blank=True, max_length=NAME_MAX)
    other_names = serializers.ListField(
        child=StrictCharField(max_length=NAME_MAX), required=False, max_length=20
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_precision = serializers.ChoiceField(
        choices=BirthPrecision.choices, required=False, allow_blank=True
    )
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )
    birth_year_max = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )
    place_of_origin = StrictCharField(required=False, allow_blank=True, max_length=NAME_MAX)
    top = serializers.IntegerField(required=False, min_value=1, max_value=50, default=5)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(k) for k in ("given_name", "family_name", "other_names")):
            raise serializers.ValidationError(
                {"given_name": [_("Give at least one name to search for.")]}
            )
        low, high = attrs.get("birth_year"), attrs.get("birth_year_max")
        if low and high and high < low:
            raise serializers.ValidationError(
                {"birth_year_max": [_("The latest year cannot be before the earliest.")]}
            )
        return attrs


class MatchResultSerializer(serializers.Serializer):
    person = PersonSummarySerializer()
    probability = serializers.FloatField()
    weight = serializers.FloatField()
    explanation = ExplanationSerializer(many=True)


def _match_rows(matches: list[Any], classes: frozenset[str]) -> list[dict[str, Any]]:
    # One serializer for all rows: building a ModelSerializer's fields is the costly part.
    people = PersonSummarySerializer(
        [m.person for m in matches], many=True, context={"classes": classes}
    ).data
    return [
        {
            "person": person,
            "probability": round(m.candidate.probability, 4),
            "weight": round(m.candidate.weight, 3),
            "explanation": [
                {
                    "field": e.field,
                    "outcome": e.outcome,
                    "weight": round(e.weight, 3),
                    "detail": e.detail,
                    "text": e.text,
                }
                for e in explain_candidate(m.candidate)
            ],
        }
        for m, person in zip(matches, people, strict=True)
    ]


class MatchApi(APIView):
    """Ranked candidates for a person described in any spelling or script."""

    permission_classes = [IsAuthenticated, CanReadRegister]

    @extend_schema(
        request=MatchQuerySerializer,
        responses=inline_serializer("MatchResults", {"results": MatchResultSerializer(many=True)}),
    )
    def post(self, request: Request) -> Response:
        from haven.people.matching import match_search

        data = validated(MatchQuerySerializer, request.data, strict=True)
        top = data.pop("top")
        matches = match_search(user=request.user, query=data, top=top)
        classes = policy.classes_for(request.user)
        return Response({"results": _match_rows(matches, classes)})


class MergeInputSerializer(serializers.Serializer):
    other = serializers.UUIDField(help_text="the record folded into this one")
    reason = StrictCharField(max_length=REASON_MAX)


class MergeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kept = serializers.UUIDField(source="kept_id")
    absorbed = serializers.UUIDField(source="absorbed_id")
    reason = serializers.CharField()
    moved_documents = serializers.ListField(child=serializers.CharField())
    merged_at = serializers.DateTimeField()
    undone_at = serializers.DateTimeField(allow_null=True)


class CanMerge(BasePermission):
    message = _("Only a supervisor may merge records.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can(request.user, Capability.MERGE)


class PersonMergeApi(APIView):
    permission_classes = [IsAuthenticated, CanReadRegister, CanMerge]

    @extend_schema(request=MergeInputSerializer, responses={201: MergeSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        from haven.accounts.stepup import require_fresh
        from haven.people.merging import person_merge

        kept = selectors.person_get(user=request.user, person_id=person_id)
        require_fresh(request)
        data = validated(MergeInputSerializer, request.data, strict=True)
        absorbed = selectors.person_get(user=request.user, person_id=data["other"])
        merge = person_merge(
            actor=request.user, kept=kept, absorbed=absorbed, reason=data["reason"]
        )
        return Response(MergeSerializer(merge).data, status=status.HTTP_201_CREATED)


class MergeUndoApi(APIView):
    permission_classes = [IsAuthenticated, CanReadRegister, CanMerge]

    @extend_schema(request=ReasonSerializer, responses=MergeSerializer)
    def post(self, request: Request, merge_id: str) -> Response:
        from haven.people.merging import person_unmerge

        merge = selectors.merge_get(user=request.user, merge_id=merge_id)
        reason = validated(ReasonSerializer, request.data, strict=True)["reason"]
        merge = person_unmerge(actor=request.user, merge=merge, reason=reason)
        return Response(MergeSerializer(merge).data)

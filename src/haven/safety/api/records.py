"""/api/v1/safety/assessments/, /checks/, /measures/: records of one person each."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from haven.accounts.roles import Capability
from haven.api_common import paginated, validated
from haven.safety import selectors, services
from haven.safety.api.common import (
    Input,
    Output,
    SafetyApi,
    now,
    one_person,
    person_field,
    require,
    user_field,
)
from haven.safety.models import ProtectiveMeasure, RiskAssessment, WelfareCheck
from haven.safety.services.assessments import ASSESSMENT_FIELDS, reason_text
from haven.safety.services.checks import CHECK_FIELDS
from haven.safety.services.measures import MEASURE_FIELDS


class PersonFilter(serializers.Serializer):
    person = serializers.UUIDField(required=False)


PERSON_PARAM = [OpenApiParameter("person", str)]


# --- assessments ------------------------------------------------------------------------


class AssessmentSerializer(Output):
    person = person_field()
    assessor = user_field()
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "person",
            "assessor",
            *ASSESSMENT_FIELDS,
            "open_threats",
            "imminent_threats",
            "recent_incidents",
            "level",
            "reasons",
            "created_at",
        ]
        read_only_fields = fields

    def get_reasons(self, assessment: RiskAssessment) -> list[dict[str, Any]]:
        return [{**r, "text": reason_text(r)} for r in assessment.reasons]


class AssessmentInputSerializer(Input):
    person = serializers.UUIDField()

    class Meta:
        model = RiskAssessment
        fields = ["person", *ASSESSMENT_FIELDS]
        extra_kwargs = {"assessed_on": {"required": False}, "review_on": {"required": False}}


class AssessmentListApi(SafetyApi):
    subject_type = "risk_assessment"
    output = AssessmentSerializer

    @extend_schema(parameters=PERSON_PARAM, responses=paginated(AssessmentSerializer))
    def get(self, request: Request) -> Response:
        filters = validated(PersonFilter, request.query_params)
        return self.page(request, selectors.assessment_list(user=request.user, filters=filters))

    @extend_schema(request=AssessmentInputSerializer, responses={201: AssessmentSerializer})
    def post(self, request: Request) -> Response:
        require(request, Capability.SAFETY_ASSESS)
        data = dict(validated(AssessmentInputSerializer, request.data, strict=True))
        person = one_person(request, data.pop("person"))
        record = services.assessment_create(
            actor=request.user, person=person, fields=data, now=now()
        )
        return self.show(request, record, status=201)


class AssessmentDetailApi(SafetyApi):
    subject_type = "risk_assessment"
    output = AssessmentSerializer

    @extend_schema(responses=AssessmentSerializer)
    def get(self, request: Request, assessment_id: str) -> Response:
        return self.show(
            request, selectors.assessment_get(user=request.user, assessment_id=assessment_id)
        )


# --- welfare checks ---------------------------------------------------------------------


class CheckSerializer(Output):
    person = person_field()
    checked_by = user_field()

    class Meta:
        model = WelfareCheck
        fields = ["id", "person", "checked_by", *CHECK_FIELDS, "created_at"]
        read_only_fields = fields


class CheckInputSerializer(Input):
    person = serializers.UUIDField()

    class Meta:
        model = WelfareCheck
        fields = ["person", *CHECK_FIELDS]
        extra_kwargs = {"checked_at": {"required": False}}


class CheckListApi(SafetyApi):
    subject_type = "welfare_check"
    output = CheckSerializer

    @extend_schema(parameters=PERSON_PARAM, responses=paginated(CheckSerializer))
    def get(self, request: Request) -> Response:
        filters = validated(PersonFilter, request.query_params)
        return self.page(request, selectors.check_list(user=request.user, filters=filters))

    @extend_schema(request=CheckInputSerializer, responses={201: CheckSerializer})
    def post(self, request: Request) -> Response:
        require(request, Capability.SAFETY_WRITE)
        data = dict(validated(CheckInputSerializer, request.data, strict=True))
        person = one_person(request, data.pop("person"))
        record = services.welfare_check_record(
            actor=request.user, person=person, fields=data, now=now()
        )
        return self.show(request, record, status=201)


class CheckDetailApi(SafetyApi):
    subject_type = "welfare_check"
    output = CheckSerializer

    @extend_schema(responses=CheckSerializer)
    def get(self, request: Request, check_id: str) -> Response:
        return self.show(request, selectors.check_get(user=request.user, check_id=check_id))


class DueSerializer(serializers.Serializer):
    person = serializers.UUIDField(source="person.pk")
    risk_level = serializers.CharField(source="person.risk_level")
    due = serializers.DateTimeField()
    overdue = serializers.BooleanField()


class DueFilter(serializers.Serializer):
    days = serializers.IntegerField(min_value=0, max_value=90, required=False)


class CheckDueApi(SafetyApi):
    """Welfare checks due within ``days`` (default 7), and those overdue."""

    subject_type = "welfare_check_due"

    @extend_schema(parameters=[OpenApiParameter("days", int)], responses=DueSerializer(many=True))
    def get(self, request: Request) -> Response:
        days = validated(DueFilter, request.query_params).get("days", 7)
        due = selectors.checks_due(user=request.user, now=now(), days=days)
        selectors.safety_read(
            user=request.user, subject_type="person", records=[d.person for d in due]
        )
        return Response(DueSerializer(due, many=True).data)


# --- protective measures ----------------------------------------------------------------


class MeasureSerializer(Output):
    person = person_field()
    recorded_by = user_field()

    class Meta:
        model = ProtectiveMeasure
        fields = ["id", "person", "recorded_by", *MEASURE_FIELDS, "created_at"]
        read_only_fields = fields


class MeasureInputSerializer(Input):
    person = serializers.UUIDField()

    class Meta:
        model = ProtectiveMeasure
        fields = ["person", *MEASURE_FIELDS]
        extra_kwargs = {"starts_on": {"required": False}}


class MeasureUpdateSerializer(Input):
    class Meta:
        model = ProtectiveMeasure
        fields = ["ends_on", "responsible", "review_on", "details"]


class MeasureListApi(SafetyApi):
    subject_type = "protective_measure"
    output = MeasureSerializer

    @extend_schema(parameters=PERSON_PARAM, responses=paginated(MeasureSerializer))
    def get(self, request: Request) -> Response:
        filters = validated(PersonFilter, request.query_params)
        return self.page(request, selectors.measure_list(user=request.user, filters=filters))

    @extend_schema(request=MeasureInputSerializer, responses={201: MeasureSerializer})
    def post(self, request: Request) -> Response:
        require(request, Capability.SAFETY_WRITE)
        data = dict(validated(MeasureInputSerializer, request.data, strict=True))
        person = one_person(request, data.pop("person"))
        record = services.measure_create(actor=request.user, person=person, fields=data, now=now())
        return self.show(request, record, status=201)


class MeasureDetailApi(SafetyApi):
    subject_type = "protective_measure"
    output = MeasureSerializer

    @extend_schema(responses=MeasureSerializer)
    def get(self, request: Request, measure_id: str) -> Response:
        return self.show(request, selectors.measure_get(user=request.user, measure_id=measure_id))

    @extend_schema(request=MeasureUpdateSerializer, responses=MeasureSerializer)
    def patch(self, request: Request, measure_id: str) -> Response:
        require(request, Capability.SAFETY_WRITE)
        measure = selectors.measure_get(user=request.user, measure_id=measure_id)
        data = validated(MeasureUpdateSerializer, request.data, strict=True, partial=True)
        measure = services.measure_update(
            actor=request.user, measure=measure, fields=data, now=now()
        )
        return self.show(request, measure)

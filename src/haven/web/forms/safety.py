"""Forms of the safety pages: they parse and re-display input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.people.models import GroupStatus
from haven.safety.models import (
    Death,
    Incident,
    IncidentPerson,
    ProtectiveMeasure,
    RiskAssessment,
    Threat,
    WelfareCheck,
)
from haven.safety.models.common import SHORT_MAX
from haven.safety.services.assessments import JUDGED
from haven.safety.services.checks import CHECK_FIELDS
from haven.safety.services.deaths import DEATH_FIELDS
from haven.safety.services.measures import MEASURE_FIELDS
from haven.web.forms.common import DateInput

TEXT = {"dir": "auto", "rows": 3}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _widgets(model: Any, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        field = model._meta.get_field(name)
        kind = field.get_internal_type()
        if kind == "DateField":
            out[name] = DateInput()
        elif kind == "DateTimeField":
            out[name] = DateTimeInput()
        elif kind == "TextField":
            out[name] = forms.Textarea(attrs=TEXT)
    return out


class ServiceForm(forms.ModelForm):
    """A model form that only parses: its model's own checks run in the service."""

    def _post_clean(self) -> None:  # the service calls full_clean, with its own rules
        pass

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


THREAT_FORM_FIELDS = (
    "kind",
    "reliability",
    "credibility",
    "imminence",
    "reported_on",
    "reported_by",
    "reported_how",
    "place",
    "narrative",
)


class ThreatForm(ServiceForm):
    """A threat against the person, and optionally against a described group too (the
    service resolves the group to the people it covers)."""

    group_description = forms.CharField(
        label=_("Also against a group"),
        max_length=SHORT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("For instance: all former members in Tirana."),
    )
    group_status = forms.ChoiceField(
        label=_("The group's members: status in the group"),
        choices=[("", _("Any")), *GroupStatus.choices],
        required=False,
    )
    group_site = forms.CharField(
        label=_("The group's members: place"),
        max_length=SHORT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("A place their site, address or origin names."),
    )

    class Meta:
        model = Threat
        fields = THREAT_FORM_FIELDS
        widgets = _widgets(Threat, THREAT_FORM_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        described = (data.get("group_status") or data.get("group_site") or "").strip()
        if described and not (data.get("group_description") or "").strip():
            self.add_error("group_description", _("Describe the group in a few words."))
        return data

    def group(self) -> dict[str, str] | None:
        """The described group as the service takes it, or None."""
        data = self.cleaned_data
        if not (
            data.get("group_description") or data.get("group_status") or data.get("group_site")
        ):
            return None
        return {
            "description": data.get("group_description", ""),
            "group_status": data.get("group_status", ""),
            "site": data.get("group_site", ""),
        }


THREAT_EDIT_FIELDS = (*THREAT_FORM_FIELDS, "target_group")
THEN = [
    ("", _("Keep its status")),
    ("escalated", _("Escalate to the police")),
    ("closed", _("Close the report")),
]


class ThreatEditForm(ServiceForm):
    """Correct or regrade a threat report; optionally escalate or close it after (the
    existing status services do that)."""

    then = forms.ChoiceField(label=_("Then"), choices=THEN, required=False)
    police_reference = forms.CharField(label=_("Police reference"), max_length=100, required=False)

    class Meta:
        model = Threat
        fields = THREAT_EDIT_FIELDS
        widgets = _widgets(Threat, THREAT_EDIT_FIELDS)


class EscalateForm(forms.Form):
    police_reference = forms.CharField(label=_("Police reference"), max_length=100, required=False)


INCIDENT_FORM_FIELDS = (
    "kind",
    "occurred_on",
    "place",
    "narrative",
    "reported_to_police",
    "police_reference",
    "follow_up",
)


class IncidentForm(ServiceForm):
    part = forms.ChoiceField(
        label=_("This person's part"),
        choices=IncidentPerson.Part.choices,
        initial=IncidentPerson.Part.VICTIM,
    )

    class Meta:
        model = Incident
        fields = INCIDENT_FORM_FIELDS
        widgets = _widgets(Incident, INCIDENT_FORM_FIELDS)


INCIDENT_EDIT_FIELDS = ("place", "narrative", "reported_to_police", "police_reference", "follow_up")


class IncidentEditForm(ServiceForm):
    """The incident's follow-up: what incident_update may change."""

    class Meta:
        model = Incident
        fields = INCIDENT_EDIT_FIELDS
        widgets = _widgets(Incident, INCIDENT_EDIT_FIELDS)


ASSESSMENT_FORM_FIELDS = (*JUDGED, "notes", "review_on")


class AssessmentForm(ServiceForm):
    class Meta:
        model = RiskAssessment
        fields = ASSESSMENT_FORM_FIELDS
        widgets = _widgets(RiskAssessment, ASSESSMENT_FORM_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_on"].required = False
        self.fields["review_on"].help_text = _("Left empty: set by the level.")


class CheckForm(ServiceForm):
    seen_alone = forms.NullBooleanField(
        label=_("Seen or heard alone"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Not applicable")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    class Meta:
        model = WelfareCheck
        fields = CHECK_FIELDS
        widgets = _widgets(WelfareCheck, CHECK_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_at"].required = False


class MeasureForm(ServiceForm):
    class Meta:
        model = ProtectiveMeasure
        fields = MEASURE_FIELDS
        widgets = _widgets(ProtectiveMeasure, MEASURE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].required = False


class DeathForm(ServiceForm):
    class Meta:
        model = Death
        fields = DEATH_FIELDS
        widgets = _widgets(Death, DEATH_FIELDS)

"""Forms of the oversight pages: parse and re-display input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.accounts.policy import oversight as policy
from haven.interviews.models import AskedFor
from haven.oversight.models import (
    ADDRESS_MAX,
    TEXT_MAX,
    Access,
    ActionStatus,
    Answer,
    Item,
    Need,
    Purpose,
    Site,
    SiteKind,
)
from haven.web.forms.common import DateInput, limit

TRISTATE = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


def _text(label: Any, n: int = TEXT_MAX, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=n,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}),
        **kwargs,
    )


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limit(Site, "name"))
    kind = forms.ChoiceField(label=_("Kind of site"), choices=SiteKind.choices)
    operator = forms.CharField(
        label=_("Operator"), max_length=limit(Site, "operator"), required=False
    )
    estimated_population = forms.IntegerField(
        label=_("Estimated population"), min_value=0, required=False
    )
    address = _text(_("Address"), ADDRESS_MAX, rows=2, help_text=_("Stored encrypted."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not policy.can_set_site_address(user):
            del self.fields["address"]


class VisitForm(forms.Form):
    """The inspector's form, one column: what happened at the gate, then the checklist
    (one yes / no / not seen per item, with a note)."""

    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Purpose.choices, widget=forms.RadioSelect
    )
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    officers = forms.CharField(label=_("Officers"), max_length=500, required=False)
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices, widget=forms.RadioSelect)
    refused_areas = _text(_("Areas refused"), rows=2)
    refused_by = forms.CharField(label=_("Refused by"), max_length=200, required=False)
    refusal_reason = _text(_("Reason given for refusing"), rows=2)
    private_interviews_possible = forms.ChoiceField(
        label=_("Could people be interviewed in private?"),
        choices=TRISTATE,
        widget=forms.RadioSelect,
        required=False,
    )
    people_met = forms.IntegerField(label=_("People met"), min_value=0, required=False)
    notes = _text(_("Notes"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in Item:
            self.fields[f"finding_{item.value}"] = forms.ChoiceField(
                label=item.label, choices=Answer.choices, widget=forms.RadioSelect, required=False
            )
            self.fields[f"note_{item.value}"] = forms.CharField(
                label=_("Note"),
                max_length=TEXT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 1, "dir": "auto"}),
            )

    def checklist(self) -> list[tuple[Any, Any]]:
        return [(self[f"finding_{i.value}"], self[f"note_{i.value}"]) for i in Item]

    def visit_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "purpose",
                "visited_on",
                "officers",
                "access",
                "refused_areas",
                "refused_by",
                "refusal_reason",
                "people_met",
                "notes",
            )
        }
        answer = data.get("private_interviews_possible")
        fields["private_interviews_possible"] = {"yes": True, "no": False}.get(answer)
        return fields

    def findings(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {"item": i.value, "answer": data[f"finding_{i.value}"], "note": data[f"note_{i.value}"]}
            for i in Item
            if data.get(f"finding_{i.value}")
        ]


ACTION_STATES = [
    ("pending", _("Open or in progress")),
    ("overdue", _("Overdue")),
    ("closed", _("Done or cancelled")),
    ("all", _("All")),
]


class ActionFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ACTION_STATES, required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    outcome = _text(_("Outcome"), rows=2)


class ActionForm(forms.Form):
    description = _text(_("What is to be done"), rows=2)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        colleagues = User.objects.filter(agency_id=user.agency_id, is_active=True).order_by(
            "first_name", "username"
        )
        allowed = [u.pk for u in colleagues if policy.can_own_action(u, user.agency)]
        self.fields["owner"].queryset = colleagues.filter(pk__in=allowed)
        self.fields["owner"].initial = user.pk


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the interview"), widget=DateInput())
    location = _text(_("Where it was held"), rows=1)
    present = _text(_("Who was present"), rows=1)
    private = forms.BooleanField(label=_("Held in private"), required=False)
    chaperone_present = forms.BooleanField(
        label=_("Someone from the group was present or listening"), required=False
    )
    interpreter = forms.CharField(label=_("Interpreter"), max_length=200, required=False)
    language = forms.CharField(label=_("Language"), max_length=50, required=False)
    asked_for = forms.MultipleChoiceField(
        label=_("The person asked for"),
        choices=AskedFor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    concerns = _text(_("Concerns raised"))
    follow_ups = _text(_("Follow-ups"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left the group on"), widget=DateInput())
    went_to = _text(_("Where they went"), ADDRESS_MAX, rows=2, help_text=_("Stored encrypted."))
    needs = forms.MultipleChoiceField(
        label=_("What they need"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Each need becomes a follow-up action for the caseworker."),
    )
    notes = _text(_("Notes"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not policy.sees_whereabouts(user):
            del self.fields["went_to"]

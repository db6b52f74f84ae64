"""Forms of the alerts list: filters, resolving, handing an alert to someone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.accounts.policy import alerts as alert_policy
from haven.alerts.kinds import kind_choices
from haven.alerts.models import Severity
from haven.web.forms.common import EMPTY

STATES = [
    ("unresolved", _("Not resolved")),
    ("open", _("Not acknowledged")),
    ("acknowledged", _("Acknowledged, not resolved")),
    ("resolved", _("Resolved")),
    ("all", _("All")),
]


class AlertFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=EMPTY + list(Severity.choices), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EMPTY + kind_choices()

    def filters(self) -> dict[str, Any]:
        """The valid filters; a bad value is left out rather than failing the list."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Stored encrypted. Required: an alert is resolved only with a note."),
    )


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args: Any, user: Any, alert: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        colleagues = User.objects.filter(agency_id=user.agency_id, is_active=True).order_by(
            "first_name", "username"
        )
        allowed = [u.pk for u in colleagues if alert_policy.can_assign_alert(user, alert, u)]
        self.fields["owner"].queryset = colleagues.filter(pk__in=allowed)

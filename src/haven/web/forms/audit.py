"""The audit log's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.roles import DataClass
from haven.audit.models import AuditEntry
from haven.web.forms.common import (
    EMPTY,
    DateInput,
    text_field,
)

SUBJECTS = [
    *EMPTY,
    ("person", _("person")),
    ("document", _("document")),
    ("person_share", _("shared record")),
    ("user", _("user")),
    ("totp_device", _("two-factor device")),
]


class AuditFilterForm(forms.Form):
    actor = text_field(_("User"), max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), choices=EMPTY + list(AuditEntry.Action.choices), required=False
    )
    subject_type = forms.ChoiceField(label=_("Subject"), required=False, choices=SUBJECTS)
    data_class = forms.ChoiceField(
        label=_("Data class"), choices=EMPTY + list(DataClass.choices), required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v}
        tz = timezone.get_current_timezone()
        if "since" in data:
            data["since"] = dt.datetime.combine(data["since"], dt.time.min, tzinfo=tz)
        if "until" in data:
            data["until"] = dt.datetime.combine(data["until"], dt.time.max, tzinfo=tz)
        return data

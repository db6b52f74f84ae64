"""HTML forms: they parse and re-display input; the services decide what is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Agency, User
from haven.accounts.roles import ROLE_CAPABILITIES, Capability, DataClass
from haven.audit.models import AuditEntry
from haven.people.fieldclasses import PERSON_FIELD_CLASSES
from haven.people.models import BirthPrecision, Document, GroupStatus, Person, RiskLevel, Sex
from haven.people.selectors import MISSING_CHOICES

EMPTY = [("", _("Any"))]
SCRIPTS = [
    ("", _("Detect automatically")),
    ("Latn", _("Latin")),
    ("Arab", _("Arabic / Persian")),
    ("Cyrl", _("Cyrillic")),
]
MISSING_LABELS = {
    "identity": _("identity document"),
    "residence": _("residence permit"),
    "work": _("work permit"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _text(label: Any, *, max_length: int = 200, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def caseworkers(agency: Any) -> QuerySet[User]:
    """Who a person of ``agency`` can be assigned to: its active register writers."""
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.REGISTER_WRITE in caps]
    return User.objects.filter(agency=agency, is_active=True, role__in=roles).order_by(
        "first_name", "last_name", "username"
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> dict[str, list[str]]:
    """Put a service's field errors next to the form's fields; return the others
    by name (``"__all__"`` for errors about no one field)."""
    if not hasattr(error, "error_dict"):
        return {"__all__": list(error.messages)}
    rest: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, messages)
        else:
            rest.setdefault(name, []).extend(messages)
    return rest


class PersonForm(forms.Form):
    """A person's fields, limited to the data classes the user's role is granted:
    a field of another class is not in the form at all."""

    given_name = _text(_("Given name"))
    family_name = _text(_("Family name"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_precision = forms.ChoiceField(
        label=_("Date of birth is known as"),
        choices=BirthPrecision.choices,
        initial=BirthPrecision.UNKNOWN,
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    birth_year = forms.IntegerField(
        label=_("Year of birth (earliest)"), required=False, min_value=1, max_value=9999
    )
    birth_year_max = forms.IntegerField(
        label=_("Latest year of birth"), required=False, min_value=1, max_value=9999
    )
    place_of_origin = _text(_("Place of origin"), widget=forms.TextInput(attrs={"dir": "auto"}))
    nationalities = _text(
        _("Nationalities"), max_length=500, help_text=_("Separate several with commas.")
    )
    languages = _text(_("Languages"), max_length=500, help_text=_("Separate several with commas."))
    group_status = forms.ChoiceField(
        label=_("Group status"), choices=GroupStatus.choices, initial=GroupStatus.UNKNOWN
    )
    left_group_on = forms.DateField(
        label=_("Left the group on"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a former member, if known."),
    )
    current_site = _text(_("Current site"))
    address = _text(_("Address"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    phone = _text(_("Phone"), max_length=50, widget=forms.TextInput(attrs={"type": "tel"}))
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, initial=RiskLevel.UNASSESSED
    )
    vulnerabilities = _text(
        _("Vulnerabilities"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    caseworker = forms.ModelChoiceField(
        label=_("Caseworker"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label=_("Not assigned"),
    )

    def __init__(self, *args: Any, classes: Iterable[str], agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        granted = set(classes)
        for name in list(self.fields):
            if PERSON_FIELD_CLASSES[name] not in granted:
                del self.fields[name]
        if "caseworker" in self.fields:
            self.fields["caseworker"].queryset = caseworkers(agency)
            self.fields["caseworker"].label_from_instance = lambda u: str(u)

    def has_class(self, data_class: str) -> bool:
        return any(PERSON_FIELD_CLASSES[name] == data_class for name in self.fields)

    def service_fields(self, other_names: list[dict[str, str]] | None) -> dict[str, Any]:
        """The cleaned input in the shape ``person_create``/``person_update`` take."""
        data = dict(self.cleaned_data)
        for name in ("nationalities", "languages"):
            if name in data:
                data[name] = _list(data[name])
        if other_names is not None and DataClass.IDENTITY in {
            PERSON_FIELD_CLASSES[n] for n in self.fields
        }:
            data["other_names"] = other_names
        return data

    @staticmethod
    def initial_for(person: Person, classes: Iterable[str]) -> dict[str, Any]:
        granted = set(classes)
        initial: dict[str, Any] = {}
        for name, data_class in PERSON_FIELD_CLASSES.items():
            if data_class not in granted or name not in PersonForm.base_fields:
                continue
            value = getattr(person, name)
            if name in ("nationalities", "languages"):
                value = ", ".join(value or [])
            initial[name] = value
        return initial


class OtherNameForm(forms.Form):
    name = _text(_("Other name or spelling"), widget=forms.TextInput(attrs={"dir": "auto"}))
    script = forms.ChoiceField(label=_("Script"), choices=SCRIPTS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keep a script recorded elsewhere (the API, an import) selectable here.
        code = self.initial.get("script") or (self.data.get(self.add_prefix("script")) or "")
        choices = list(SCRIPTS)
        if code and code not in dict(choices) and len(code) == 4 and code.isalpha():
            choices.append((code, code))
        self.fields["script"].choices = choices


class BaseOtherNameFormSet(forms.BaseFormSet):
    def names(self) -> list[dict[str, str]]:
        """The rows that hold a name; an empty script is detected by the service."""
        return [
            {"name": f.cleaned_data["name"], "script": f.cleaned_data.get("script") or ""}
            for f in self.forms
            if f.cleaned_data.get("name", "").strip()
        ]


OtherNameFormSet = forms.formset_factory(
    OtherNameForm, formset=BaseOtherNameFormSet, extra=1, max_num=50, absolute_max=50
)


class DuplicateReasonForm(forms.Form):
    duplicate_reason = _text(
        _("Why register a new record anyway?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: checked with the person, they are someone else."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.TextInput(attrs={"required": True})
    )


class MergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these records the same person?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: same person confirmed in an interview; same document number."),
    )


class UndoMergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why undo this merge?"),
        max_length=500,
        widget=forms.TextInput(attrs={"required": True}),
    )


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), empty_label=_("Choose an agency")
    )
    reason = forms.CharField(
        label=_("Why share this record?"),
        max_length=500,
        widget=forms.TextInput(attrs={"required": True}),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = person.shares.filter(revoked_at__isnull=True).values("agency_id")
        self.fields["agency"].queryset = Agency.objects.exclude(pk=person.agency_id).exclude(
            pk__in=shared
        )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    number = _text(_("Number"))
    issuer = _text(_("Issuer"))
    status = forms.ChoiceField(label=_("Status"), choices=Document.Status.choices)
    applied_on = forms.DateField(label=_("Applied on"), required=False, widget=DateInput())
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())
    holder = forms.ChoiceField(
        label=_("Held by"), choices=Document.Holder.choices, initial=Document.Holder.PERSON
    )
    holder_detail = _text(
        _("Holder details"),
        max_length=300,
        help_text=_("Who holds it, when it is not the person: a name, employer or authority."),
    )
    notes = _text(_("Notes"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(document: Document) -> dict[str, Any]:
        return {name: getattr(document, name) for name in DocumentForm.base_fields}


class PeopleFilterForm(forms.Form):
    search = _text(
        _("Search by name"),
        widget=forms.TextInput(
            attrs={"type": "search", "dir": "auto", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text=_("Any spelling, in any script."),
    )
    status = forms.ChoiceField(
        label=_("Record"), choices=EMPTY + list(Person.Status.choices), required=False
    )
    group_status = forms.ChoiceField(
        label=_("Group status"), choices=EMPTY + list(GroupStatus.choices), required=False
    )
    caseworker = forms.ChoiceField(label=_("Caseworker"), required=False)
    missing_document = forms.ChoiceField(
        label=_("Missing document"),
        choices=EMPTY + [(c, MISSING_LABELS[c]) for c in MISSING_CHOICES],
        required=False,
    )

    def __init__(self, *args: Any, user: Any, classes: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = EMPTY + [
            (str(u.uuid), str(u)) for u in caseworkers(user.agency)
        ]
        if DataClass.DOCUMENTS not in set(classes):
            del self.fields["missing_document"]

    def filters(self) -> dict[str, Any]:
        """The valid filters; a bad value is left out rather than failing the list."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


GAP_KINDS = [
    ("missing_identity", _("No valid identity document")),
    ("missing_residence", _("No valid residence permit")),
    ("missing_work", _("No valid work permit")),
    ("expiring", _("Expiring within 60 days")),
    ("held", _("Held by someone else")),
]


class GapFilterForm(forms.Form):
    gap = forms.ChoiceField(label=_("Kind of gap"), choices=EMPTY + GAP_KINDS, required=False)


SUBJECTS = [
    *EMPTY,
    ("person", _("person")),
    ("document", _("document")),
    ("person_share", _("shared record")),
    ("user", _("user")),
    ("totp_device", _("two-factor device")),
]


class AuditFilterForm(forms.Form):
    actor = _text(_("User"), max_length=150)
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


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp = forms.CharField(
        label=_("One-time code"),
        max_length=12,
        required=False,
        help_text=_("From your authenticator app, if you have set up two-factor sign-in."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
    )


class OneTimeCodeForm(forms.Form):
    otp = forms.CharField(
        label=_("Code from your app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "dir": "ltr",
            }
        ),
    )

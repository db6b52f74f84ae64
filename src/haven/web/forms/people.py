"""Forms of the register: a person, other names, closing, merging, sharing, list filters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts import policy
from haven.accounts.models import Agency, User
from haven.accounts.roles import DataClass
from haven.people.fieldclasses import PERSON_FIELD_CLASSES
from haven.people.models import (
    LIST_ITEM_MAX,
    LIST_ITEMS_MAX,
    NAME_MAX,
    OTHER_NAMES_MAX,
    REASON_MAX,
    BirthPrecision,
    GroupStatus,
    Person,
    RiskLevel,
    Sex,
)
from haven.people.selectors import MISSING_CHOICES
from haven.web.forms.common import (
    EMPTY,
    DateInput,
    caseworkers,
    limit,
    split_list,
    text_field,
)

# A comma-separated list as typed: room for the most values the model takes.
LIST_TEXT_MAX = LIST_ITEMS_MAX * (LIST_ITEM_MAX + 2)

SCRIPTS = [
    ("", _("Detect automatically")),
    ("Latn", _("Latin")),
    ("Arab", _("Persian/Arabic script")),
    ("Cyrl", _("Cyrillic")),
]

MISSING_LABELS = {
    "identity": _("identity document"),
    "residence": _("residence permit"),
    "work": _("work permit"),
}


class PersonForm(forms.Form):
    """A person's fields, limited to the data classes the user's role is granted:
    a field of another class is not in the form at all."""

    given_name = text_field(_("Given name"), max_length=limit(Person, "given_name"))
    family_name = text_field(_("Family name"), max_length=limit(Person, "family_name"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_precision = forms.ChoiceField(
        label=_("Date of birth is known as"),
        choices=BirthPrecision.choices,
        initial=BirthPrecision.UNKNOWN,
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    # No bounds here: the model's one check (validate_birth_year) gives one message for a
    # year out of range, however far out, next to every other error of the form.
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        help_text=_("For a range of years, the earliest."),
    )
    birth_year_max = forms.IntegerField(
        label=_("Latest year of birth"),
        required=False,
        help_text=_("Only for a range of years."),
    )
    birth_as_written = text_field(
        _("Date of birth as written"),
        max_length=limit(Person, "birth_as_written"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_(
            "As on the person's documents, e.g. a Solar Hijri date 1365/02/31 or year "
            "۱۳۶۵; the Gregorian date is worked out from it."
        ),
    )
    place_of_origin = text_field(
        _("Place of origin"),
        max_length=limit(Person, "place_of_origin"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    nationalities = text_field(
        _("Nationalities"), max_length=LIST_TEXT_MAX, help_text=_("Separate several with commas.")
    )
    languages = text_field(
        _("Languages"), max_length=LIST_TEXT_MAX, help_text=_("Separate several with commas.")
    )
    group_status = forms.ChoiceField(
        label=_("Group status"), choices=GroupStatus.choices, initial=GroupStatus.UNKNOWN
    )
    left_group_on = forms.DateField(
        label=_("Left the group on"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a former member, if known."),
    )
    current_site = text_field(_("Current site"), max_length=limit(Person, "current_site"))
    address = text_field(
        _("Address"),
        max_length=limit(Person, "address"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phone = text_field(
        _("Phone"),
        max_length=limit(Person, "phone"),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    vulnerabilities = text_field(
        _("Vulnerabilities"),
        max_length=limit(Person, "vulnerabilities"),
        widget=forms.Textarea(attrs={"rows": 3}),
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
                data[name] = split_list(data[name])
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
    name = text_field(
        _("Other name or spelling"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
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
    OtherNameForm,
    formset=BaseOtherNameFormSet,
    extra=1,
    max_num=OTHER_NAMES_MAX,
    absolute_max=OTHER_NAMES_MAX,
)


class DuplicateReasonForm(forms.Form):
    duplicate_reason = text_field(
        _("Why register a new record anyway?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: checked with the person, they are someone else."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, widget=forms.TextInput(attrs={"required": True})
    )


class MergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these records the same person?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: same person confirmed in an interview; same document number."),
    )


class UndoMergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why undo this merge?"),
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"required": True}),
    )


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), empty_label=_("Choose an agency")
    )
    reason = forms.CharField(
        label=_("Why share this record?"),
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"required": True}),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = person.shares.filter(revoked_at__isnull=True).values("agency_id")
        self.fields["agency"].queryset = (
            policy.share_recipients().exclude(pk=person.agency_id).exclude(pk__in=shared)
        )


class PeopleFilterForm(forms.Form):
    search = text_field(
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
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=EMPTY + list(RiskLevel.choices), required=False
    )

    def __init__(self, *args: Any, user: Any, classes: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = EMPTY + [
            (str(u.uuid), str(u)) for u in caseworkers(user.agency)
        ]
        if DataClass.DOCUMENTS not in set(classes):
            del self.fields["missing_document"]
        if DataClass.SAFETY not in set(classes):
            del self.fields["risk_level"]

    def filters(self) -> dict[str, Any]:
        """The valid filters; a bad value is left out rather than failing the list."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}

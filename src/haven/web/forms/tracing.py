"""Forms of the tracing pages: they parse and re-display input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Agency
from haven.interviews.models import Interview
from haven.people.models import NAME_MAX, Sex
from haven.tracing.models import TEXT_MAX, Enquiry, MessageStatus, Purpose, Visa, Visit
from haven.web.forms.common import DateInput, limit

AUTO = {"dir": "auto"}
SCRIPTS = [("", _("(work it out)")), ("Latn", _("Latin")), ("Arab", _("Persian/Arabic"))]


def _text(label: Any, n: int, *, required: bool = False, rows: int = 0, **kw: Any) -> Any:
    widget = forms.Textarea(attrs={"rows": rows, **AUTO}) if rows else forms.TextInput(attrs=AUTO)
    return forms.CharField(label=label, max_length=n, required=required, widget=widget, **kw)


class EnquiryForm(forms.Form):
    enquirer_name = _text(_("Enquirer's name"), limit(Enquiry, "enquirer_name"), required=True)
    relationship = _text(
        _("Relationship to the person sought"), limit(Enquiry, "relationship"), required=True
    )
    phone = _text(_("Phone"), 50)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    address = _text(_("Postal address"), 400, rows=2)
    language = _text(_("Language"), limit(Enquiry, "language"))
    reach_by = _text(_("How to reach them"), 200)
    identity_checked = _text(
        _("How identity and relationship were checked"),
        400,
        help_text=_("The document seen, for instance."),
    )
    checked_by = _text(_("Checked by"), limit(Enquiry, "checked_by"))
    given_name = _text(_("Given name"), NAME_MAX)
    family_name = _text(_("Family name"), NAME_MAX)
    other_name = _text(_("Another name or spelling"), NAME_MAX)
    other_script = forms.ChoiceField(label=_("Its script"), choices=SCRIPTS, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_year = forms.IntegerField(label=_("Born in (year)"), required=False)
    birth_year_max = forms.IntegerField(
        label=_("or as late as"), required=False, help_text=_("For a range of years.")
    )
    place_of_origin = _text(_("Place of origin"), NAME_MAX)
    last_known = _text(_("Last known whereabouts"), TEXT_MAX, rows=2)
    contact_lost = _text(_("When contact was lost"), limit(Enquiry, "contact_lost"))
    message = _text(_("Message for the person sought"), TEXT_MAX, rows=4)

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        name, script = data.pop("other_name", ""), data.pop("other_script", "")
        data["other_names"] = [{"name": name, "script": script}] if name else []
        return {k: v for k, v in data.items() if v not in (None, "") or k == "other_names"}


class CandidateForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)
    note = _text(_("Note"), TEXT_MAX)


DECISIONS = [("", _("not asked")), ("given", _("yes")), ("refused", _("no"))]


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    location = _text(_("Where it was held"), TEXT_MAX)
    present = _text(_("Who was present"), TEXT_MAX)
    private = forms.BooleanField(
        label=_("Held in private"),
        required=False,
        help_text=Interview._meta.get_field("private").help_text,
    )
    chaperone_present = forms.BooleanField(
        label=_("Someone from the group was present or listening"), required=False
    )
    interpreter = _text(_("Interpreter"), 200)
    language = _text(_("Language"), 50)
    contact = _text(
        _("Contact details the person chose to share"),
        400,
        help_text=_("Only with consent to share contact; never the register's address."),
    )
    deny_knowing_me = forms.BooleanField(
        label=_("The person asks that Haven deny knowing them to any enquirer"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for purpose, label in Purpose.choices:
            self.fields[f"decision_{purpose}"] = forms.ChoiceField(
                label=label, choices=DECISIONS, required=False
            )

    def decision_fields(self) -> list[Any]:
        return [self[f"decision_{p}"] for p in Purpose.values]

    def for_service(self) -> tuple[dict[str, Any], dict[str, str], str]:
        data = dict(self.cleaned_data)
        decisions = {p: data.pop(f"decision_{p}") for p in Purpose.values}
        decisions = {p: d for p, d in decisions.items() if d}
        if data.pop("deny_knowing_me"):
            decisions["deny_knowing_me"] = "given"
        contact = data.pop("contact", "")
        fields = {
            k: v
            for k, v in data.items()
            if v not in (None, "") or k in ("private", "chaperone_present")
        }
        return fields, decisions, contact


class MessageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("The family's message"),
        choices=[c for c in MessageStatus.choices if c[0] != MessageStatus.PENDING],
    )
    note = _text(_("Note"), TEXT_MAX)


class ReplyForm(forms.Form):
    text = _text(_("The person's reply"), TEXT_MAX, required=True, rows=4)


class ReplyReviewForm(forms.Form):
    release = forms.TypedChoiceField(
        label=_("After review"),
        choices=[("yes", _("release it to the desk")), ("no", _("withhold it"))],
        coerce=lambda v: v == "yes",
    )
    text = _text(
        _("Reply as reviewed"),
        TEXT_MAX,
        required=True,
        rows=4,
        help_text=_("Take out anything that would reveal where the person is."),
    )
    note = _text(_("Review note"), TEXT_MAX)


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Consent to withdraw"), choices=Purpose.choices)


class NoteForm(forms.Form):
    note = _text(_("What the review found"), TEXT_MAX, required=True, rows=2)


class ForwardForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), to_field_name="pk"
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class VisitorForm(forms.Form):
    name = _text(_("Visitor's name"), NAME_MAX, required=True)
    relationship = _text(_("Relationship"), 100)
    nationality = _text(_("Nationality"), 100)


class VisitForm(forms.Form):
    visitors = forms.ModelMultipleChoiceField(
        label=_("Visitors"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    place = _text(_("Place"), 400, required=True)
    neutral_place = forms.BooleanField(
        label=_("A neutral place, not the compound"), required=False, initial=True
    )

    def __init__(self, *args: Any, enquiry: Enquiry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visitors"].queryset = enquiry.visitors.all()  # type: ignore[attr-defined]


class VisaForm(forms.Form):
    """One visitor's visa application: its status, the authority's reference and the
    dates. Blank dates stay blank; the service checks their order."""

    status = forms.ChoiceField(label=_("Status"), choices=Visa.Status.choices)
    authority_reference = _text(_("The authority's reference"), limit(Visa, "authority_reference"))
    submitted_on = forms.DateField(label=_("Submitted on"), required=False, widget=DateInput())
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())


class NewVisaForm(VisaForm):
    visitor = forms.ModelChoiceField(label=_("Visitor"), queryset=None)

    field_order = ["visitor"]

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # only this visit's visitors who have no application yet
        self.fields["visitor"].queryset = visit.visitors.exclude(  # type: ignore[attr-defined]
            visas__visit=visit
        )

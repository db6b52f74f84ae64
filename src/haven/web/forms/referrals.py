"""Forms of the referrals pages: a referral with its consent per class, a petition and
its petitioners, status changes. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.policy.referrals import shareable_classes
from haven.accounts.roles import DataClass
from haven.referrals.models import NAME_MAX, TEXT_MAX, ReceivingBody, Status, Urgency
from haven.web.forms.common import EMPTY

CONSENT_HELP = _(
    "Tick only what the person agreed, in their own words, to share with this body. "
    "Nothing of a class that is not ticked is ever sent or shown to it."
)


def _text(label: Any, *, required: bool = True, rows: int = 4, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}),
        **kw,
    )


def _classes_field(user: Any) -> forms.MultipleChoiceField:
    allowed = shareable_classes(user)
    return forms.MultipleChoiceField(
        label=_("The person consents to share"),
        choices=[(c.value, c.label) for c in DataClass if c.value in allowed],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=CONSENT_HELP,
    )


def _body_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Receiving body"),
        queryset=ReceivingBody.objects.filter(active=True),
        error_messages={"invalid_choice": _("No such receiving body.")},
    )


class ReferralForm(forms.Form):
    receiving_body = _body_field()
    reason = _text(
        _("Reason"),
        help_text=_(
            "Stored encrypted. The body reads it: write nothing in it that the person has "
            "not agreed to share."
        ),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consented_classes"] = _classes_field(user)


class ConsentForm(forms.Form):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consented_classes"] = _classes_field(user)
        self.fields["consented_classes"].label = _("The person now also consents to share")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    outcome = _text(_("Outcome"), required=False, rows=2)


class PetitionForm(forms.Form):
    receiving_body = _body_field()
    title = forms.CharField(label=_("Title"), max_length=NAME_MAX)
    request = _text(_("What the petitioners ask for"), help_text=_("Stored encrypted."))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, user: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["consented_classes"] = _classes_field(user)


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=EMPTY + list(Status.choices), required=False
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}

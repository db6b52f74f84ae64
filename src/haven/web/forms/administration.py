"""Administration forms: parse and re-display input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Agency
from haven.accounts.roles import Role


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agency.Kind.choices)


class AgencyEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Users of an inactive agency cannot sign in."),
    )


def _agencies() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.filter(active=True).order_by("name")
    )


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("If given, the invitation link is also sent here."),
    )
    agency = _agencies()
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class UserRoleForm(forms.Form):
    agency = _agencies()
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 12 characters; not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    confirm = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", _("The two passwords differ."))
        return data

"""Forms for documents and the documentation-gap list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.people.models import Document
from haven.web.forms.common import (
    EMPTY,
    DateInput,
    text_field,
)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    number = text_field(_("Number"))
    issuer = text_field(_("Issuer"))
    status = forms.ChoiceField(label=_("Status"), choices=Document.Status.choices)
    applied_on = forms.DateField(label=_("Applied on"), required=False, widget=DateInput())
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())
    holder = forms.ChoiceField(
        label=_("Held by"), choices=Document.Holder.choices, initial=Document.Holder.PERSON
    )
    holder_detail = text_field(
        _("Holder details"),
        max_length=300,
        help_text=_("Who holds it, when it is not the person: a name, employer or authority."),
    )
    notes = text_field(_("Notes"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(document: Document) -> dict[str, Any]:
        return {name: getattr(document, name) for name in DocumentForm.base_fields}


GAP_KINDS = [
    ("missing_identity", _("No valid identity document")),
    ("missing_residence", _("No valid residence permit")),
    ("missing_work", _("No valid work permit")),
    ("expiring", _("Expiring within 60 days")),
    ("held", _("Held by someone else")),
]


class GapFilterForm(forms.Form):
    gap = forms.ChoiceField(label=_("Kind of gap"), choices=EMPTY + GAP_KINDS, required=False)

"""The audit log, for auditors."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _lazy

from haven.accounts import policy
from haven.accounts.roles import Capability
from haven.audit.selectors import audit_entry_list
from haven.web.access import (
    NO_AUDIT,
    requires,
)
from haven.web.forms.audit import AuditFilterForm
from haven.web.htmx import render_page
from haven.web.registry import nav_link

# --- audit ----------------------------------------------------------------------------


@requires(Capability.AUDIT_READ, NO_AUDIT)
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    entries = audit_entry_list(user=request.user, filters=filters)  # 403 unless auditor
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render_page(
        request, "web/audit.html", {"form": form, "page": page},
        partial="web/_audit_results.html", target="results",
    )  # fmt: skip


nav_link("web:audit", _lazy("Audit log"), lambda u: policy.can(u, Capability.AUDIT_READ), order=90)

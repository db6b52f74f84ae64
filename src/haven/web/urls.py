from django.urls import path

from haven.web.views import (
    accounts,
    administration,
    alerts,
    audit,
    documents,
    interviews,
    merging,
    oversight,
    people,
    privacy,
    referrals,
    safety,
    sharing,
    tracing,
)

app_name = "web"

urlpatterns = [
    path("signin/", accounts.sign_in, name="login"),
    path("signout/", accounts.sign_out, name="logout"),
    path("signin/two-factor/", accounts.two_factor, name="two_factor"),
    path("", people.people, name="people"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/<uuid:person_id>/", people.person, name="person"),
    path("people/<uuid:person_id>/edit/", people.person_edit, name="person_edit"),
    path("people/<uuid:person_id>/health/", people.person_health, name="person_health"),
    path("people/<uuid:person_id>/close/", people.person_close, name="person_close"),
    path("people/<uuid:person_id>/reopen/", people.person_reopen, name="person_reopen"),
    path(
        "people/<uuid:person_id>/merge/<uuid:other_id>/",
        merging.person_merge,
        name="person_merge",
    ),
    path(
        "people/<uuid:person_id>/merges/<uuid:merge_id>/undo/",
        merging.person_unmerge,
        name="person_unmerge",
    ),
    path("people/<uuid:person_id>/shares/", sharing.person_share, name="person_share"),
    path("shares/pending/", sharing.share_requests, name="share_requests"),
    path(
        "people/<uuid:person_id>/share-requests/<uuid:request_id>/approve/",
        sharing.share_request_approve,
        name="share_request_approve",
    ),
    path(
        "people/<uuid:person_id>/share-requests/<uuid:request_id>/refuse/",
        sharing.share_request_refuse,
        name="share_request_refuse",
    ),
    path(
        "people/<uuid:person_id>/shares/<uuid:share_id>/stop/",
        sharing.person_unshare,
        name="person_unshare",
    ),
    path("people/<uuid:person_id>/documents/", documents.documents, name="documents"),
    path("people/<uuid:person_id>/documents/new/", documents.document_new, name="document_new"),
    path(
        "people/<uuid:person_id>/documents/<uuid:document_id>/edit/",
        documents.document_edit,
        name="document_edit",
    ),
    path("gaps/", documents.gaps, name="gaps"),
    path("audit/", audit.audit, name="audit"),
    # each module's own pages
    *interviews.urlpatterns,
    *alerts.urlpatterns,
    *tracing.urlpatterns,
    *safety.urlpatterns,
    *oversight.urlpatterns,
    *referrals.urlpatterns,
    *privacy.urlpatterns,
    *administration.urlpatterns,
]

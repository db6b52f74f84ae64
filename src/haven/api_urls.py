from django.urls import include, path

from haven.accounts.api import AgencyListApi, TokenApi
from haven.audit.api import AuditListApi
from haven.people import api as people

app_name = "api"

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("agencies/", AgencyListApi.as_view(), name="agency-list"),
    path("audit/", AuditListApi.as_view(), name="audit-list"),
    path("people/", people.PersonListApi.as_view(), name="person-list"),
    path("people/<str:person_id>/", people.PersonDetailApi.as_view(), name="person-detail"),
    path("people/<str:person_id>/close/", people.PersonCloseApi.as_view(), name="person-close"),
    path("people/<str:person_id>/reopen/", people.PersonReopenApi.as_view(), name="person-reopen"),
    path("people/<str:person_id>/merge/", people.PersonMergeApi.as_view(), name="person-merge"),
    path("merges/<str:merge_id>/undo/", people.MergeUndoApi.as_view(), name="merge-undo"),
    path("match/", people.MatchApi.as_view(), name="match"),
    path(
        "people/<str:person_id>/documents/", people.DocumentListApi.as_view(), name="document-list"
    ),
    path(
        "people/<str:person_id>/documents/<str:document_id>/",
        people.DocumentDetailApi.as_view(),
        name="document-detail",
    ),
    # each module's own routes (their paths start with the module's name)
    path("", include("haven.interviews.api_urls")),
    path("", include("haven.alerts.api_urls")),
    path("", include("haven.tracing.api_urls")),
    path("", include("haven.safety.api_urls")),
    path("", include("haven.oversight.api_urls")),
    path("", include("haven.referrals.api_urls")),
    path("", include("haven.accounts.api_urls")),
    path("", include("haven.privacy.api_urls")),
]

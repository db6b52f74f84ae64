"""API routes of the privacy module, included under /api/v1/ by haven.api_urls."""

from django.urls import path

from haven.privacy import api

urlpatterns = [
    path(
        "privacy/people/<str:person_id>/erasure/",
        api.ErasureRequestApi.as_view(),
        name="privacy-erasure-request",
    ),
    path(
        "privacy/people/<str:person_id>/export/",
        api.PersonExportApi.as_view(),
        name="privacy-person-export",
    ),
    path("privacy/erasures/", api.ErasureListApi.as_view(), name="privacy-erasure-list"),
    path(
        "privacy/erasures/<str:request_id>/approve/",
        api.ErasureApproveApi.as_view(),
        name="privacy-erasure-approve",
    ),
]

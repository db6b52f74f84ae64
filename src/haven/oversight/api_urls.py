"""API routes of the oversight module, included under /api/v1/ by haven.api_urls."""

from django.urls import path

from haven.oversight import api, api_actions, api_people

urlpatterns = [
    path("oversight/sites/", api.SiteListApi.as_view(), name="oversight-site-list"),
    path(
        "oversight/sites/<str:site_id>/", api.SiteDetailApi.as_view(), name="oversight-site-detail"
    ),
    path(
        "oversight/sites/<str:site_id>/people/",
        api.SitePeopleApi.as_view(),
        name="oversight-site-people",
    ),
    path("oversight/visits/", api.VisitListApi.as_view(), name="oversight-visit-list"),
    path(
        "oversight/visits/<str:visit_id>/",
        api.VisitDetailApi.as_view(),
        name="oversight-visit-detail",
    ),
    path("oversight/actions/", api_actions.ActionListApi.as_view(), name="oversight-action-list"),
    path(
        "oversight/actions/<str:action_id>/",
        api_actions.ActionDetailApi.as_view(),
        name="oversight-action-detail",
    ),
    path(
        "oversight/interviews/",
        api_people.InterviewListApi.as_view(),
        name="oversight-interview-list",
    ),
    path(
        "oversight/interviews/<str:interview_id>/",
        api_people.InterviewDetailApi.as_view(),
        name="oversight-interview-detail",
    ),
    path(
        "oversight/never-alone/", api_people.NeverAloneApi.as_view(), name="oversight-never-alone"
    ),
    # the contract names it under the register's people
    path("people/<str:person_id>/leave/", api_people.PersonLeaveApi.as_view(), name="person-leave"),
]

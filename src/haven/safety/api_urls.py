"""API routes of the safety module, included under /api/v1/ by haven.api_urls.

(/api/v1/safety/alerts/ is the alerts module's: haven.alerts.api_urls.)
"""

from django.urls import URLPattern, path

from haven.safety.api import deaths, incidents, records, threats

P = "safety/"

urlpatterns: list[URLPattern] = [
    path(f"{P}threats/", threats.ThreatListApi.as_view(), name="safety-threat-list"),
    path(
        f"{P}threats/<str:threat_id>/",
        threats.ThreatDetailApi.as_view(),
        name="safety-threat-detail",
    ),
    path(
        f"{P}threats/<str:threat_id>/escalate/",
        threats.ThreatEscalateApi.as_view(),
        name="safety-threat-escalate",
    ),
    path(
        f"{P}threats/<str:threat_id>/close/",
        threats.ThreatCloseApi.as_view(),
        name="safety-threat-close",
    ),
    path(f"{P}incidents/", incidents.IncidentListApi.as_view(), name="safety-incident-list"),
    path(
        f"{P}incidents/<str:incident_id>/",
        incidents.IncidentDetailApi.as_view(),
        name="safety-incident-detail",
    ),
    path(f"{P}assessments/", records.AssessmentListApi.as_view(), name="safety-assessment-list"),
    path(
        f"{P}assessments/<str:assessment_id>/",
        records.AssessmentDetailApi.as_view(),
        name="safety-assessment-detail",
    ),
    path(f"{P}checks/", records.CheckListApi.as_view(), name="safety-check-list"),
    path(f"{P}checks/due/", records.CheckDueApi.as_view(), name="safety-check-due"),
    path(
        f"{P}checks/<str:check_id>/", records.CheckDetailApi.as_view(), name="safety-check-detail"
    ),
    path(f"{P}measures/", records.MeasureListApi.as_view(), name="safety-measure-list"),
    path(
        f"{P}measures/<str:measure_id>/",
        records.MeasureDetailApi.as_view(),
        name="safety-measure-detail",
    ),
    path(f"{P}deaths/", deaths.DeathListApi.as_view(), name="safety-death-list"),
    path(f"{P}deaths/<str:death_id>/", deaths.DeathDetailApi.as_view(), name="safety-death-detail"),
    path(
        f"{P}deaths/<str:death_id>/close/",
        deaths.DeathCloseApi.as_view(),
        name="safety-death-close",
    ),
]

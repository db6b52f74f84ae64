"""API routes of the alerts module, included under /api/v1/ by haven.api_urls.

The list lives at /api/v1/alerts/; /api/v1/safety/alerts/ answers the same (the
safety module's API contract names it there).
"""

from django.urls import path

from haven.alerts import api

urlpatterns = []
for prefix, name in (("alerts/", "alert"), ("safety/alerts/", "safety-alert")):
    urlpatterns += [
        path(prefix, api.AlertListApi.as_view(), name=f"{name}-list"),
        path(f"{prefix}<str:alert_id>/", api.AlertDetailApi.as_view(), name=f"{name}-detail"),
        path(
            f"{prefix}<str:alert_id>/acknowledge/",
            api.AlertAcknowledgeApi.as_view(),
            name=f"{name}-acknowledge",
        ),
        path(
            f"{prefix}<str:alert_id>/resolve/",
            api.AlertResolveApi.as_view(),
            name=f"{name}-resolve",
        ),
        path(
            f"{prefix}<str:alert_id>/assign/",
            api.AlertAssignApi.as_view(),
            name=f"{name}-assign",
        ),
    ]

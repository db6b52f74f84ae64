"""API routes of administration, included under /api/v1/ by haven.api_urls."""

from django.urls import path

from haven.accounts import api, api_admin

urlpatterns = [
    path("auth/step-up/", api.StepUpApi.as_view(), name="step-up"),
    path("admin/agencies/", api_admin.AdminAgencyListApi.as_view(), name="admin-agency-list"),
    path(
        "admin/agencies/<str:agency_id>/",
        api_admin.AdminAgencyDetailApi.as_view(),
        name="admin-agency-detail",
    ),
    path("admin/users/", api_admin.AdminUserListApi.as_view(), name="admin-user-list"),
    path(
        "admin/users/<str:user_id>/",
        api_admin.AdminUserDetailApi.as_view(),
        name="admin-user-detail",
    ),
    path(
        "admin/users/<str:user_id>/disable/",
        api_admin.AdminUserDisableApi.as_view(),
        name="admin-user-disable",
    ),
    path(
        "admin/users/<str:user_id>/enable/",
        api_admin.AdminUserEnableApi.as_view(),
        name="admin-user-enable",
    ),
    path(
        "admin/users/<str:user_id>/role/",
        api_admin.AdminUserRoleApi.as_view(),
        name="admin-user-role",
    ),
    path(
        "admin/users/<str:user_id>/invitation/",
        api_admin.AdminUserInvitationApi.as_view(),
        name="admin-user-invitation",
    ),
    path(
        "admin/users/<str:user_id>/device-reset/",
        api_admin.AdminUserDeviceResetApi.as_view(),
        name="admin-user-device-reset",
    ),
]

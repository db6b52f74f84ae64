"""API routes of the referrals module, included under /api/v1/ by haven.api_urls."""

from django.urls import path

from haven.referrals import api

urlpatterns = [
    path("referrals/bodies/", api.BodyListApi.as_view(), name="referral-body-list"),
    path("referrals/petitions/", api.PetitionListApi.as_view(), name="petition-list"),
    path(
        "referrals/petitions/<str:petition_id>/",
        api.PetitionDetailApi.as_view(),
        name="petition-detail",
    ),
    path(
        "referrals/petitions/<str:petition_id>/members/",
        api.PetitionMemberApi.as_view(),
        name="petition-members",
    ),
    path(
        "referrals/petitions/<str:petition_id>/status/",
        api.PetitionStatusApi.as_view(),
        name="petition-status",
    ),
    path(
        "referrals/consents/<str:consent_id>/withdraw/",
        api.ConsentWithdrawApi.as_view(),
        name="consent-withdraw",
    ),
    path("referrals/", api.ReferralListApi.as_view(), name="referral-list"),
    path("referrals/<str:referral_id>/", api.ReferralDetailApi.as_view(), name="referral-detail"),
    path(
        "referrals/<str:referral_id>/status/",
        api.ReferralStatusApi.as_view(),
        name="referral-status",
    ),
    path(
        "referrals/<str:referral_id>/consents/",
        api.ReferralConsentApi.as_view(),
        name="referral-consents",
    ),
]

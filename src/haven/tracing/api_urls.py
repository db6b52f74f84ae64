"""API routes of the tracing module, included under /api/v1/ by haven.api_urls."""

from django.urls import path

from haven.tracing import api

E = "tracing/enquiries/<str:enquiry_id>/"

urlpatterns = [
    path("tracing/enquiries/", api.EnquiryListApi.as_view(), name="tracing-enquiry-list"),
    path(E, api.EnquiryDetailApi.as_view(), name="tracing-enquiry-detail"),
    path(E + "candidates/", api.CandidatesApi.as_view(), name="tracing-enquiry-candidates"),
    path(E + "locate/", api.LocateApi.as_view(), name="tracing-enquiry-locate"),
    path(E + "rule-out/", api.RuleOutApi.as_view(), name="tracing-enquiry-rule-out"),
    path(E + "interviews/", api.InterviewsApi.as_view(), name="tracing-enquiry-interviews"),
    path(E + "withdraw/", api.WithdrawApi.as_view(), name="tracing-enquiry-withdraw"),
    path(E + "deny-knowing/", api.DenyKnowingApi.as_view(), name="tracing-enquiry-deny"),
    path(E + "close/", api.CloseApi.as_view(), name="tracing-enquiry-close"),
    path(E + "review/", api.ReviewApi.as_view(), name="tracing-enquiry-review"),
    path(E + "forward/", api.ForwardApi.as_view(), name="tracing-enquiry-forward"),
    path(E + "message/", api.MessageApi.as_view(), name="tracing-enquiry-message"),
    path(E + "replies/", api.RepliesApi.as_view(), name="tracing-enquiry-replies"),
    path(
        E + "replies/<str:reply_id>/review/",
        api.ReplyReviewApi.as_view(),
        name="tracing-reply-review",
    ),
    path(E + "timeline/", api.TimelineApi.as_view(), name="tracing-enquiry-timeline"),
    path(E + "visitors/", api.VisitorsApi.as_view(), name="tracing-enquiry-visitors"),
    path(E + "visits/", api.VisitsApi.as_view(), name="tracing-enquiry-visits"),
    path(E + "visits/<str:visit_id>/", api.VisitDetailApi.as_view(), name="tracing-visit-detail"),
    path(E + "visits/<str:visit_id>/visas/", api.VisasApi.as_view(), name="tracing-visit-visas"),
    path(
        E + "visits/<str:visit_id>/visas/<str:visa_id>/",
        api.VisaDetailApi.as_view(),
        name="tracing-visa-detail",
    ),
    path("tracing/follow-up/", api.FollowUpApi.as_view(), name="tracing-follow-up"),
]

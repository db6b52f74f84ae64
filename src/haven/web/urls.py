from django.urls import path

from haven.web import views

app_name = "web"

urlpatterns = [
    path("signin/", views.sign_in, name="login"),
    path("signout/", views.sign_out, name="logout"),
    path("signin/two-factor/", views.two_factor, name="two_factor"),
    path("", views.people, name="people"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<uuid:person_id>/", views.person, name="person"),
    path("people/<uuid:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/<uuid:person_id>/close/", views.person_close, name="person_close"),
    path("people/<uuid:person_id>/reopen/", views.person_reopen, name="person_reopen"),
    path("people/<uuid:person_id>/documents/", views.documents, name="documents"),
    path("people/<uuid:person_id>/documents/new/", views.document_new, name="document_new"),
    path(
        "people/<uuid:person_id>/documents/<uuid:document_id>/edit/",
        views.document_edit,
        name="document_edit",
    ),
    path("gaps/", views.gaps, name="gaps"),
    path("audit/", views.audit, name="audit"),
]

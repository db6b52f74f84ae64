"""API routes of the tracing module, included under /api/v1/ by haven.api_urls."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""The safety pages (see pages.py), with the threat's and incident's edit pages
(edits.py)."""

from haven.web.views.safety import edits, pages

urlpatterns = [*pages.urlpatterns, *edits.urlpatterns]

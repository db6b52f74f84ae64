"""The tracing pages (see pages.py), with the visit's visa page (visas.py)."""

from haven.web.views.tracing import pages, visas

urlpatterns = [*pages.urlpatterns, *visas.urlpatterns]

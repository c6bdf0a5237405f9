"""URL map of the web app."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from datusoban.api.main import api

# Error pages in Bahasa Indonesia, inside the site's layout (web/errors.py).
handler403 = "datusoban.web.errors.forbidden"
handler404 = "datusoban.web.errors.not_found"
handler500 = "datusoban.web.errors.server_error"

urlpatterns = [
    # One login for everything, with its lockout and second factor: the admin's
    # own login page would ask for the password alone.
    path("admin/login/", RedirectView.as_view(pattern_name="web:masuk", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("datusoban.web.urls")),
]

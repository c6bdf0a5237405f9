"""URL map of the web app."""

from django.contrib import admin
from django.urls import include, path

from datusoban.api.main import api
from datusoban.web.views import admin_login

# The admin site is for superusers only (the system's own administrators); every other
# user works through the pages, where their role and region decide what they see.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

# Error pages in Bahasa Indonesia, inside the site's layout (web/errors.py).
handler403 = "datusoban.web.errors.forbidden"
handler404 = "datusoban.web.errors.not_found"
handler500 = "datusoban.web.errors.server_error"

urlpatterns = [
    # One login for everything, with its lockout and second factor: the admin's
    # own login page would ask for the password alone.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # The SPDCI Social Registry API, in the standard's own envelope and errors.
    path("dci/", include("datusoban.dci.urls")),
    path("", include("datusoban.web.urls")),
]

"""URL map of the web app."""

from django.contrib import admin
from django.urls import include, path

from datusoban.api.main import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("datusoban.web.urls")),
]

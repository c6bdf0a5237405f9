"""Route of the public status check, /cek-status/ (name in the ``web`` namespace)."""

from django.urls import path

from datusoban.cekstatus import views

urlpatterns = [
    path("cek-status/", views.cek_status, name="cek_status"),
]

"""The office's page of P2K2 sessions, under /p2k2/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.p2k2 import views

urlpatterns = [
    path("p2k2/", views.daftar, name="p2k2"),
]

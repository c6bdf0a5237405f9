"""Routes of the public usul and sanggah, beside the public status check (``web`` namespace)."""

from django.urls import path

from datusoban.usulpublik import views

urlpatterns = [
    path("cek-status/usul/", views.usul, name="usul_publik"),
    path("cek-status/sanggah/", views.sanggah, name="sanggah_publik"),
    path("cek-status/lacak/", views.lacak, name="lacak"),
]

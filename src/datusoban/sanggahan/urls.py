"""Routes of grievances, under /sanggahan/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.sanggahan import views

urlpatterns = [
    path("sanggahan/", views.grievance_list, name="sanggahan_daftar"),
    path("sanggahan/baru/", views.grievance_new, name="sanggahan_baru"),
    path("sanggahan/<int:pk>/", views.grievance_page, name="sanggahan"),
    path(
        "sanggahan/<int:pk>/verifikasi/",
        views.grievance_verify,
        name="sanggahan_verifikasi",
    ),
    path("sanggahan/<int:pk>/tugaskan/", views.grievance_assign, name="sanggahan_tugaskan"),
    path(
        "sanggahan/<int:pk>/bukti/<int:berkas>/",
        views.grievance_file,
        name="sanggahan_bukti",
    ),
]

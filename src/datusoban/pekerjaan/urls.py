"""Routes of the job pages, under /pekerjaan/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.pekerjaan import views

urlpatterns = [
    path("pekerjaan/", views.history_page, name="pekerjaan"),
    path("pekerjaan/mulai/<str:jenis>/", views.start_job, name="pekerjaan_mulai"),
    path("pekerjaan/<uuid:job_id>/", views.job_page, name="pekerjaan_proses"),
    path("pekerjaan/<uuid:job_id>/status/", views.job_status, name="pekerjaan_status"),
]

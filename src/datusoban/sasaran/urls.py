"""Routes of the targeting pages: eligibility explanations of a person or family, and the
sasaran pages under /sasaran/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.sasaran.views import allocation, allocation_print
from datusoban.sasaran.views import eligibility as explanation
from datusoban.sasaran.views import pages as views

urlpatterns = [
    path(
        "orang/<int:pk>/kelayakan/<str:program>/",
        explanation.person_explanation,
        name="orang_kelayakan",
    ),
    path(
        "keluarga/<int:pk>/kelayakan/<str:program>/",
        explanation.family_explanation,
        name="keluarga_kelayakan",
    ),
    path("sasaran/", views.overview, name="sasaran"),
    path("sasaran/kelayakan/<str:program>/", views.eligibility, name="sasaran_kelayakan"),
    path("sasaran/ketepatan/", views.accuracy, name="sasaran_ketepatan"),
    path("sasaran/alokasi/", allocation.allocation_page, name="sasaran_alokasi"),
    path("sasaran/alokasi/<int:pk>/", allocation.allocation_run, name="sasaran_alokasi_rinci"),
    path(
        "sasaran/alokasi/<int:pk>/usulan.pdf",
        allocation_print.allocation_list_pdf,
        name="sasaran_alokasi_pdf",
    ),
]

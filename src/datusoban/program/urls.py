"""Routes of the programme pages, under /program/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.program.views import pages as views
from datusoban.program.views import report as reports

urlpatterns = [
    path("program/", views.programme_index, name="program"),
    path("program/tumpang-tindih/", reports.overlap_page, name="program_tumpang_tindih"),
    path("program/indikator/", reports.indicators_page, name="program_indikator"),
    path("program/kepesertaan/<int:pk>/status/", views.change, name="program_ubah"),
    path("program/<str:program>/", views.enrolment_list, name="program_kepesertaan"),
    path("program/<str:program>/tahap/", reports.stages, name="program_tahap"),
]

"""Routes of the dashboard and the reports, under /dasbor/ and /laporan/ (names in the ``web``
namespace)."""

from django.urls import path

from datusoban.laporan.views import dashboard, reports

urlpatterns = [
    path("dasbor/", dashboard.dashboard_page, name="dasbor"),
    path("laporan/", reports.reports_page, name="laporan"),
    path("laporan/ringkasan-kabkota.xlsx", reports.summary_xlsx, name="ringkasan_xlsx"),
    path("laporan/kabkota/<str:kode>/ringkasan.pdf", reports.summary_pdf, name="ringkasan_pdf"),
]

"""Routes of social case reports, under /kasus/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.kasus.views import actions, dashboard, letter, pages

urlpatterns = [
    path("kasus/", pages.case_list, name="kasus_daftar"),
    path("kasus/baru/", pages.case_new, name="kasus_baru"),
    path("kasus/desa/", pages.desa_options, name="kasus_desa"),
    path("kasus/dasbor/", dashboard.dashboard, name="kasus_dasbor"),
    path("kasus/dasbor.xlsx", dashboard.dashboard_xlsx, name="kasus_dasbor_xlsx"),
    path("kasus/<int:pk>/", pages.case_page, name="kasus"),
    path("kasus/<int:pk>/berkas/<int:berkas>/", pages.case_file, name="kasus_berkas"),
    path("kasus/<int:pk>/langkah/", actions.step, name="kasus_langkah"),
    path("kasus/<int:pk>/persetujuan/", actions.consent, name="kasus_persetujuan"),
    path("kasus/<int:pk>/rujuk/", actions.refer, name="kasus_rujuk"),
    path("kasus/<int:pk>/rujukan/<int:rujukan>/", actions.decide, name="kasus_putus"),
    path(
        "kasus/<int:pk>/rujukan/<int:rujukan>/surat.pdf",
        letter.referral_letter,
        name="kasus_rujukan_pdf",
    ),
    path("kasus/<int:pk>/lampiran/", actions.attach, name="kasus_lampiran"),
    path("kasus/<int:pk>/tugaskan/", actions.assign, name="kasus_tugaskan"),
]

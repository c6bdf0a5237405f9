"""Routes of the delivery network's pages, under /layanan/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.layanan.views import certificate, course, directory, lembaga, people
from datusoban.layanan.views import pages as views
from datusoban.layanan.views import training as sesi

urlpatterns = [
    path("layanan/", views.coverage_page, name="layanan"),
    path("layanan/cakupan.xlsx", views.coverage_xlsx, name="layanan_cakupan_xlsx"),
    path("layanan/beban/", views.caseload_page, name="layanan_beban"),
    path("layanan/beban.xlsx", views.caseload_xlsx, name="layanan_beban_xlsx"),
    path("layanan/beban/pindah/", views.caseload_move, name="layanan_pindah"),
    path("layanan/pilar/", views.workers_page, name="layanan_pilar"),
    path("layanan/pilar.xlsx", views.workers_xlsx, name="layanan_pilar_xlsx"),
    path("layanan/pilar/<int:pk>/", views.worker_page, name="layanan_pilar_rinci"),
    path("layanan/pilar/baru/", directory.worker_new, name="layanan_pilar_baru"),
    path("layanan/pilar/<int:pk>/ubah/", directory.worker_edit, name="layanan_pilar_ubah"),
    path(
        "layanan/pilar/<int:pk>/nonaktif/",
        directory.worker_deactivate,
        name="layanan_pilar_nonaktif",
    ),
    path("layanan/pelatihan/", views.training_page, name="layanan_pelatihan"),
    path("layanan/pelatihan/perlu.xlsx", views.training_due_xlsx, name="layanan_perlu_xlsx"),
    path("layanan/pelatihan/baru/", course.course_new, name="layanan_pelatihan_baru"),
    path("layanan/pelatihan/sesi/baru/", course.session_new, name="layanan_sesi_baru"),
    path("layanan/pelatihan/peserta/<int:pk>/hasil/", course.result, name="layanan_peserta_hasil"),
    path(
        "layanan/pelatihan/peserta/<int:pk>/sertifikat/",
        course.certify_one,
        name="layanan_peserta_sertifikat",
    ),
    path(
        "layanan/pelatihan/sertifikat/<int:pk>/cabut/",
        course.revoke,
        name="layanan_sertifikat_cabut",
    ),
    path(
        "layanan/pelatihan/sertifikat/<int:pk>/cetak.pdf",
        certificate.certificate_pdf_view,
        name="layanan_sertifikat_pdf",
    ),
    path("layanan/pelatihan/sesi/<int:pk>/", sesi.session_page, name="layanan_sesi"),
    path("layanan/pelatihan/sesi/<int:pk>/impor/", sesi.import_list, name="layanan_sesi_impor"),
    path(
        "layanan/pelatihan/sesi/<int:pk>/sertifikat/",
        sesi.certify_all,
        name="layanan_sesi_sertifikat",
    ),
    path("layanan/lks/", lembaga.lks_page, name="layanan_lks"),
    path("layanan/lks.xlsx", lembaga.lks_xlsx, name="layanan_lks_xlsx"),
    path("layanan/lembaga/<int:pk>/", lembaga.institution_page, name="layanan_lembaga"),
    path("layanan/lembaga/baru/", directory.institution_new, name="layanan_lembaga_baru"),
    path("layanan/lembaga/<int:pk>/ubah/", directory.institution_edit, name="layanan_lembaga_ubah"),
    path(
        "layanan/lembaga/<int:pk>/nonaktif/",
        directory.institution_deactivate,
        name="layanan_lembaga_nonaktif",
    ),
    path("layanan/lembaga/<int:pk>/klien/baru/", people.client_admit, name="layanan_klien_baru"),
    path("layanan/klien/<int:pk>/selesai/", people.client_end, name="layanan_klien_selesai"),
    path("layanan/uptd/", lembaga.uptd_page, name="layanan_uptd"),
    path("layanan/uptd/<int:pk>/warga/baru/", people.resident_admit, name="layanan_warga_baru"),
    path("layanan/warga/<int:pk>/layanan/", people.resident_service, name="layanan_warga_layanan"),
    path("layanan/uptd/<int:pk>/", lembaga.uptd_detail, name="layanan_uptd_rinci"),
    path("layanan/warga/<int:pk>/keluar/", lembaga.discharge, name="layanan_warga_keluar"),
    path("layanan/warga/<int:pk>/kunjungan/", lembaga.follow_up, name="layanan_warga_kunjungan"),
]

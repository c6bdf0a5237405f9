from django.contrib.auth import views as auth_views
from django.urls import path

from datusoban.accounts.login import LoginView
from datusoban.web import (
    batch_views,
    case_action_views,
    case_dashboard_views,
    case_views,
    dashboard_views,
    decision_views,
    disaster_change_views,
    disaster_dashboard_views,
    disaster_views,
    grievance_views,
    import_views,
    layout_views,
    record_views,
    report_views,
    review_views,
    search_export,
    search_views,
    subject_views,
    views,
)
from datusoban.web.layanan_urls import urlpatterns as layanan_urlpatterns
from datusoban.web.programme_urls import urlpatterns as programme_urlpatterns
from datusoban.web.targeting_urls import urlpatterns as targeting_urlpatterns

app_name = "web"
urlpatterns = [
    path("", views.beranda, name="beranda"),
    path(
        "masuk/",
        LoginView.as_view(template_name="web/masuk.html"),
        name="masuk",
    ),
    path("dasbor/", dashboard_views.dashboard_page, name="dasbor"),
    path("cari/", search_views.search, name="cari"),
    path("cari/ekspor/", search_export.export, name="cari_ekspor"),
    path("laporan/", report_views.reports_page, name="laporan"),
    path("laporan/ringkasan-kabkota.xlsx", report_views.summary_xlsx, name="ringkasan_xlsx"),
    path(
        "laporan/kabkota/<str:kode>/ringkasan.pdf", report_views.summary_pdf, name="ringkasan_pdf"
    ),
    path("subjek/", subject_views.subject_page, name="subjek"),
    path("subjek/unduh.xlsx", subject_views.subject_xlsx, name="subjek_xlsx"),
    path("orang/<int:pk>/", record_views.person_page, name="orang"),
    path("keluarga/<int:pk>/", record_views.household_page, name="keluarga"),
    path("keluar/", auth_views.LogoutView.as_view(), name="keluar"),
    path("impor/", batch_views.imports, name="impor"),
    path("impor/unggah/", import_views.upload, name="unggah"),
    path("impor/proses/<uuid:job_id>/", import_views.job_page, name="proses"),
    path("impor/proses/<uuid:job_id>/status/", import_views.job_status, name="proses_status"),
    path("impor/batch/<int:pk>/", batch_views.batch_page, name="batch"),
    path("impor/batch/<int:pk>/mutu.xlsx", batch_views.batch_xlsx, name="batch_xlsx"),
    path(
        "impor/batch/<int:pk>/karantina.xlsx",
        batch_views.quarantine_xlsx,
        name="batch_karantina_xlsx",
    ),
    path("impor/batch/<int:pk>/tarik/", batch_views.withdraw, name="batch_tarik"),
    path("impor/tata-letak/", layout_views.layout, name="tata_letak"),
    path("penautan/", review_views.queue, name="penautan"),
    path("penautan/pasangan/<int:pk>/", review_views.pair_page, name="pasangan"),
    path("penautan/pasangan/<int:pk>/terima/", review_views.accept, name="terima"),
    path("penautan/pasangan/<int:pk>/tolak/", review_views.reject, name="tolak"),
    path("penautan/gabung/", decision_views.merge, name="gabung"),
    path("penautan/pisah/", decision_views.split, name="pisah"),
    path("penautan/keputusan/", decision_views.decision_log, name="keputusan"),
    path("penautan/keputusan/<int:pk>/batal/", decision_views.undo_decision, name="batal"),
    path("kasus/", case_views.case_list, name="kasus_daftar"),
    path("kasus/baru/", case_views.case_new, name="kasus_baru"),
    path("kasus/desa/", case_views.desa_options, name="kasus_desa"),
    path("kasus/dasbor/", case_dashboard_views.dashboard, name="kasus_dasbor"),
    path("kasus/dasbor.xlsx", case_dashboard_views.dashboard_xlsx, name="kasus_dasbor_xlsx"),
    path("kasus/<int:pk>/", case_views.case_page, name="kasus"),
    path("kasus/<int:pk>/berkas/<int:berkas>/", case_views.case_file, name="kasus_berkas"),
    path("kasus/<int:pk>/langkah/", case_action_views.step, name="kasus_langkah"),
    path("kasus/<int:pk>/persetujuan/", case_action_views.consent, name="kasus_persetujuan"),
    path("kasus/<int:pk>/rujuk/", case_action_views.refer, name="kasus_rujuk"),
    path("kasus/<int:pk>/rujukan/<int:rujukan>/", case_action_views.decide, name="kasus_putus"),
    path("kasus/<int:pk>/lampiran/", case_action_views.attach, name="kasus_lampiran"),
    path("sanggahan/", grievance_views.grievance_list, name="sanggahan_daftar"),
    path("sanggahan/baru/", grievance_views.grievance_new, name="sanggahan_baru"),
    path("sanggahan/<int:pk>/", grievance_views.grievance_page, name="sanggahan"),
    path(
        "sanggahan/<int:pk>/verifikasi/",
        grievance_views.grievance_verify,
        name="sanggahan_verifikasi",
    ),
    path(
        "sanggahan/<int:pk>/bukti/<int:berkas>/",
        grievance_views.grievance_file,
        name="sanggahan_bukti",
    ),
    path("bencana/", disaster_views.event_list, name="bencana_daftar"),
    path("bencana/dasbor/", disaster_dashboard_views.disaster_dashboard, name="bencana_dasbor"),
    path(
        "bencana/dasbor.xlsx",
        disaster_dashboard_views.disaster_dashboard_xlsx,
        name="bencana_dasbor_xlsx",
    ),
    path("bencana/<int:pk>/", disaster_views.event_page, name="bencana"),
    path("bencana/<int:pk>/korban/", disaster_views.add_victim, name="bencana_korban"),
    path("bencana/<int:pk>/impor/", disaster_views.import_victims, name="bencana_impor"),
    path("bencana/<int:pk>/stok/", disaster_views.add_stock, name="bencana_stok"),
    path("bencana/<int:pk>/salur/", disaster_views.distribute, name="bencana_salur"),
    path("bencana/<int:pk>/tagana/", disaster_views.deploy, name="bencana_tagana"),
    path("bencana/<int:pk>/status/", disaster_change_views.step, name="bencana_status"),
    path(
        "bencana/<int:pk>/korban/koreksi/",
        disaster_change_views.correct_victim,
        name="bencana_korban_koreksi",
    ),
    path(
        "bencana/<int:pk>/korban/hapus/",
        disaster_change_views.remove_victim,
        name="bencana_korban_hapus",
    ),
    path(
        "bencana/<int:pk>/stok/koreksi/",
        disaster_change_views.adjust_stock,
        name="bencana_stok_koreksi",
    ),
    path("bencana/<int:pk>/sitrep.xlsx", disaster_views.sitrep_xlsx, name="bencana_sitrep"),
]
urlpatterns += layanan_urlpatterns
urlpatterns += targeting_urlpatterns
urlpatterns += programme_urlpatterns

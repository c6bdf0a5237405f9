"""Routes of proposals to the national registry, under /usulan/ (names in the ``web``
namespace). No address carries a NIK or No KK: people and families by their ids only."""

from django.urls import path

from datusoban.usulan.views import answers, deliberations, proposals, recap, sending

urlpatterns = [
    path("usulan/", proposals.proposal_list, name="usulan_daftar"),
    path("usulan/baru/", proposals.proposal_new, name="usulan_baru"),
    path("usulan/<int:pk>/", proposals.proposal_page, name="usulan"),
    path("usulan/<int:pk>/verifikasi/", proposals.proposal_verify, name="usulan_verifikasi"),
    path("usulan/<int:pk>/tolak/", proposals.proposal_refuse, name="usulan_tolak"),
    path("usulan/<int:pk>/selesai/", proposals.proposal_finish, name="usulan_selesai"),
    path("usulan/<int:pk>/lengkapi/", proposals.proposal_complete, name="usulan_lengkapi"),
    path("usulan/<int:pk>/foto/", proposals.proposal_photo, name="usulan_foto"),
    path("usulan/musdes/", deliberations.deliberation_list, name="usulan_musdes_daftar"),
    path("usulan/musdes/baru/", deliberations.deliberation_new, name="usulan_musdes_baru"),
    path("usulan/musdes/<int:pk>/", deliberations.deliberation_page, name="usulan_musdes"),
    path(
        "usulan/musdes/<int:pk>/notulen/",
        deliberations.deliberation_minutes,
        name="usulan_musdes_notulen",
    ),
    path("usulan/rekap/", recap.recap_page, name="usulan_rekap"),
    path("usulan/kirim/", sending.send_page, name="usulan_kirim"),
    path("usulan/pengiriman/<int:pk>/", sending.batch_page, name="usulan_pengiriman"),
    path("usulan/pengiriman/<int:pk>/usulan.xlsx", sending.batch_xlsx, name="usulan_xlsx"),
    path("usulan/pengiriman/<int:pk>/usulan.csv", sending.batch_csv, name="usulan_csv"),
    path("usulan/jawaban/", answers.answer_page, name="usulan_jawaban"),
]

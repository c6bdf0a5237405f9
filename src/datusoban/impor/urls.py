"""Routes of uploads, import jobs, batches and layouts, under /impor/ (names in the ``web``
namespace)."""

from django.urls import path

from datusoban.impor.views import batch, karantina, layout, linking, upload

urlpatterns = [
    path("impor/", batch.imports, name="impor"),
    path("impor/unggah/", upload.upload, name="unggah"),
    path("impor/proses/<uuid:job_id>/", upload.job_page, name="proses"),
    path("impor/proses/<uuid:job_id>/status/", upload.job_status, name="proses_status"),
    path("impor/batch/<int:pk>/", batch.batch_page, name="batch"),
    path("impor/batch/<int:pk>/mutu.xlsx", batch.batch_xlsx, name="batch_xlsx"),
    path(
        "impor/batch/<int:pk>/karantina.xlsx",
        batch.quarantine_xlsx,
        name="batch_karantina_xlsx",
    ),
    path("impor/batch/<int:pk>/tarik/", batch.withdraw, name="batch_tarik"),
    path("impor/batch/<int:pk>/karantina/", karantina.rows_page, name="batch_karantina"),
    path(
        "impor/batch/<int:pk>/karantina/<int:row_pk>/",
        karantina.row_page,
        name="batch_karantina_baris",
    ),
    path(
        "impor/batch/<int:pk>/karantina/<int:row_pk>/tolak/",
        karantina.dismiss_row,
        name="batch_karantina_tolak",
    ),
    path("impor/tata-letak/", layout.layout, name="tata_letak"),
    path(
        "impor/sumber/<int:pk>/tautan-otomatis/",
        linking.auto_link,
        name="sumber_tautan_otomatis",
    ),
]

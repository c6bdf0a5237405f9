"""Routes of search and the person and family pages, under /cari/, /orang/ and /keluarga/
(names in the ``web`` namespace)."""

from django.urls import path

from datusoban.registri.views import family_print, record, search, search_export

urlpatterns = [
    path("cari/", search.search, name="cari"),
    path("cari/ekspor/", search_export.export, name="cari_ekspor"),
    path("orang/<int:pk>/", record.person_page, name="orang"),
    path("keluarga/<int:pk>/", record.household_page, name="keluarga"),
    path(
        "keluarga/<int:pk>/ringkasan.pdf",
        family_print.family_summary_pdf,
        name="keluarga_pdf",
    ),
]

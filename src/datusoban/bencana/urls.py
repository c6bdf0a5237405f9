"""Routes of disaster response, under /bencana/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.bencana.views import corrections, dashboard, pages

urlpatterns = [
    path("bencana/", pages.event_list, name="bencana_daftar"),
    path("bencana/dasbor/", dashboard.disaster_dashboard, name="bencana_dasbor"),
    path(
        "bencana/dasbor.xlsx",
        dashboard.disaster_dashboard_xlsx,
        name="bencana_dasbor_xlsx",
    ),
    path("bencana/<int:pk>/", pages.event_page, name="bencana"),
    path("bencana/<int:pk>/korban/", pages.add_victim, name="bencana_korban"),
    path("bencana/<int:pk>/impor/", pages.import_victims, name="bencana_impor"),
    path("bencana/<int:pk>/stok/", pages.add_stock, name="bencana_stok"),
    path("bencana/<int:pk>/salur/", pages.distribute, name="bencana_salur"),
    path("bencana/<int:pk>/tagana/", pages.deploy, name="bencana_tagana"),
    path("bencana/<int:pk>/status/", corrections.step, name="bencana_status"),
    path(
        "bencana/<int:pk>/korban/koreksi/",
        corrections.correct_victim,
        name="bencana_korban_koreksi",
    ),
    path(
        "bencana/<int:pk>/korban/hapus/",
        corrections.remove_victim,
        name="bencana_korban_hapus",
    ),
    path(
        "bencana/<int:pk>/stok/koreksi/",
        corrections.adjust_stock,
        name="bencana_stok_koreksi",
    ),
    path("bencana/<int:pk>/sitrep.xlsx", pages.sitrep_xlsx, name="bencana_sitrep"),
]

"""The site's routes: the home and login pages here, then each feature's own routes, all
in the one ``web`` namespace (so a page's name is the same wherever its module lives)."""

from django.urls import path

from datusoban.accounts.login import LoginView
from datusoban.accounts.logout import LogoutView
from datusoban.bencana.urls import urlpatterns as bencana
from datusoban.cekstatus.urls import urlpatterns as cekstatus
from datusoban.crvs.urls import urlpatterns as crvs
from datusoban.impor.urls import urlpatterns as impor
from datusoban.kasus.urls import urlpatterns as kasus
from datusoban.lapangan.urls import urlpatterns as lapangan
from datusoban.laporan.urls import urlpatterns as laporan
from datusoban.layanan.urls import urlpatterns as layanan
from datusoban.p2k2.urls import urlpatterns as p2k2
from datusoban.pekerjaan.urls import urlpatterns as pekerjaan
from datusoban.penautan.urls import urlpatterns as penautan
from datusoban.pengguna.urls import urlpatterns as pengguna
from datusoban.program.urls import urlpatterns as program
from datusoban.registri.urls import urlpatterns as registri
from datusoban.sanggahan.urls import urlpatterns as sanggahan
from datusoban.sasaran.urls import urlpatterns as sasaran
from datusoban.subjek.urls import urlpatterns as subjek
from datusoban.tugas.urls import urlpatterns as tugas
from datusoban.usulan.urls import urlpatterns as usulan
from datusoban.usulpublik.urls import urlpatterns as usulpublik
from datusoban.web import views

app_name = "web"
urlpatterns = [
    path("", views.beranda, name="beranda"),
    path(
        "masuk/",
        LoginView.as_view(template_name="web/masuk.html"),
        name="masuk",
    ),
    path("keluar/", LogoutView.as_view(), name="keluar"),
    *tugas,
    *laporan,
    *registri,
    *subjek,
    *impor,
    *penautan,
    *kasus,
    *sanggahan,
    *usulan,
    *crvs,
    *lapangan,
    *p2k2,
    *bencana,
    *layanan,
    *sasaran,
    *program,
    *pengguna,
    *pekerjaan,
    *cekstatus,
    *usulpublik,
]

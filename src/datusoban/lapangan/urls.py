"""Routes of the field app and the office's page of visits, under /lapangan/ (names in the
``web`` namespace)."""

from django.urls import path

from datusoban.lapangan import views
from datusoban.lapangan.odk import views as odk

urlpatterns = [
    path("lapangan/", views.aplikasi, name="lapangan"),
    path("lapangan/manifest.webmanifest", views.manifest, name="lapangan_manifest"),
    path("lapangan/sw.js", views.service_worker, name="lapangan_sw"),
    path("lapangan/unduh/", views.unduh, name="lapangan_unduh"),
    path("lapangan/kirim/", views.kirim, name="lapangan_kirim"),
    path("lapangan/entri/", views.entri, name="lapangan_entri"),
    path("lapangan/kunjungan/", views.kunjungan, name="lapangan_kunjungan"),
    path("lapangan/kunjungan/<int:pk>/terima/", views.terima, name="lapangan_terima"),
    path("lapangan/kunjungan/<int:pk>/tolak/", views.tolak, name="lapangan_tolak"),
    path("lapangan/kunjungan/<int:pk>/foto/", views.foto, name="lapangan_foto"),
    path("lapangan/odk/", odk.odk, name="lapangan_odk"),
    path("lapangan/odk/formulir/", odk.formulir, name="lapangan_odk_formulir"),
    path("lapangan/odk/impor/", odk.impor, name="lapangan_odk_impor"),
]

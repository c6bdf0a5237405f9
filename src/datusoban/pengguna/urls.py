"""Routes of the user pages and of the partner systems, under /pengguna/ (names in the
``web`` namespace)."""

from django.urls import path

from datusoban.pengguna.views import partners, users

urlpatterns = [
    path("pengguna/", users.user_list, name="pengguna"),
    path("pengguna/baru/", users.user_new, name="pengguna_baru"),
    path("pengguna/ganti-sandi/", users.own_password, name="ganti_sandi"),
    path("pengguna/<int:pk>/", users.user_page, name="pengguna_rinci"),
    path("pengguna/<int:pk>/status/", users.user_status, name="pengguna_status"),
    path("pengguna/<int:pk>/sandi/", users.user_reset, name="pengguna_sandi"),
    path("pengguna/<int:pk>/buka-kunci/", users.user_unlock, name="pengguna_buka_kunci"),
    # Sistem mitra: other systems' API tokens and the keys they sign SPDCI messages with.
    path("pengguna/mitra/", partners.partner_list, name="mitra"),
    path("pengguna/mitra/<int:pk>/cabut/", partners.token_revoke, name="mitra_cabut"),
    path("pengguna/<int:pk>/kunci/", partners.sender_key, name="mitra_kunci"),
    path("pengguna/<int:pk>/kunci/hapus/", partners.sender_key_remove, name="mitra_kunci_hapus"),
]

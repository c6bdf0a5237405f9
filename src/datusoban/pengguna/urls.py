"""Routes of the user pages, under /pengguna/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.pengguna import views

urlpatterns = [
    path("pengguna/", views.user_list, name="pengguna"),
    path("pengguna/baru/", views.user_new, name="pengguna_baru"),
    path("pengguna/ganti-sandi/", views.own_password, name="ganti_sandi"),
    path("pengguna/<int:pk>/", views.user_page, name="pengguna_rinci"),
    path("pengguna/<int:pk>/status/", views.user_status, name="pengguna_status"),
    path("pengguna/<int:pk>/sandi/", views.user_reset, name="pengguna_sandi"),
    path("pengguna/<int:pk>/buka-kunci/", views.user_unlock, name="pengguna_buka_kunci"),
]

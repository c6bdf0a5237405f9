from django.apps import AppConfig


class PenggunaConfig(AppConfig):
    name = "datusoban.pengguna"
    label = "pengguna"
    verbose_name = "Pengguna"

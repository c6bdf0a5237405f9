from django.apps import AppConfig


class P2k2Config(AppConfig):
    name = "datusoban.p2k2"
    label = "p2k2"
    verbose_name = "P2K2 (pertemuan kelompok PKH)"
    default_auto_field = "django.db.models.BigAutoField"

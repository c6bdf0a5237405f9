from django.apps import AppConfig


class CekStatusConfig(AppConfig):
    name = "datusoban.cekstatus"
    label = "cekstatus"
    verbose_name = "Cek status"

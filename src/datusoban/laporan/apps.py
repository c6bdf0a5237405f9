from django.apps import AppConfig


class LaporanConfig(AppConfig):
    name = "datusoban.laporan"
    label = "laporan"
    verbose_name = "Laporan"

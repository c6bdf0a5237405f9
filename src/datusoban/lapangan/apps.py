from django.apps import AppConfig


class LapanganConfig(AppConfig):
    name = "datusoban.lapangan"
    label = "lapangan"
    verbose_name = "Aplikasi lapangan (verivali)"

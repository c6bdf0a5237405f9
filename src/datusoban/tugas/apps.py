from django.apps import AppConfig


class TugasConfig(AppConfig):
    name = "datusoban.tugas"
    label = "tugas"
    verbose_name = "Tugas saya"

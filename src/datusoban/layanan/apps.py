from django.apps import AppConfig


class LayananConfig(AppConfig):
    name = "datusoban.layanan"
    label = "services"
    verbose_name = "Layanan dan pilar sosial"

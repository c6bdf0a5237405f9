from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "datusoban.services"
    label = "services"
    verbose_name = "Layanan dan pilar sosial"

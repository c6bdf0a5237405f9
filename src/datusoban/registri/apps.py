from django.apps import AppConfig


class RegistriConfig(AppConfig):
    name = "datusoban.registri"
    label = "registry"
    verbose_name = "Registri"

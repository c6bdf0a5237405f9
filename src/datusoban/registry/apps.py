from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "datusoban.registry"
    label = "registry"
    verbose_name = "Registri"

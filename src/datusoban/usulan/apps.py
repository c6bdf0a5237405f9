from django.apps import AppConfig


class UsulanConfig(AppConfig):
    name = "datusoban.usulan"
    label = "usulan"
    verbose_name = "Usulan ke registri nasional"

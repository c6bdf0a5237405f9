from django.apps import AppConfig


class SanggahanConfig(AppConfig):
    name = "datusoban.sanggahan"
    label = "sanggahan"
    verbose_name = "Sanggahan"

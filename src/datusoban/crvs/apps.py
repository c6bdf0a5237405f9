from django.apps import AppConfig


class CrvsConfig(AppConfig):
    name = "datusoban.crvs"
    label = "crvs"
    verbose_name = "Registri sipil (CRVS)"

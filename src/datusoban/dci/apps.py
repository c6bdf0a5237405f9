from django.apps import AppConfig


class DciConfig(AppConfig):
    name = "datusoban.dci"
    label = "dci"
    verbose_name = "SPDCI Social Registry"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class KasusConfig(AppConfig):
    name = "datusoban.kasus"
    label = "cases"
    verbose_name = "Kasus"
    default_auto_field = "django.db.models.BigAutoField"

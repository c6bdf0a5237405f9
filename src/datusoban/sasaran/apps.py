from django.apps import AppConfig


class SasaranConfig(AppConfig):
    name = "datusoban.sasaran"
    label = "targeting"
    verbose_name = "Penargetan"
    default_auto_field = "django.db.models.BigAutoField"

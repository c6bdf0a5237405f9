from django.apps import AppConfig


class TargetingConfig(AppConfig):
    name = "datusoban.targeting"
    label = "targeting"
    verbose_name = "Penargetan"
    default_auto_field = "django.db.models.BigAutoField"

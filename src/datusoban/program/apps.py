from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "datusoban.program"
    label = "programs"
    verbose_name = "Kepesertaan program"
    default_auto_field = "django.db.models.BigAutoField"

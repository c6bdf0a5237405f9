from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "datusoban.programs"
    label = "programs"
    verbose_name = "Kepesertaan program"
    default_auto_field = "django.db.models.BigAutoField"

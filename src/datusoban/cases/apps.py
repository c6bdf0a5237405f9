from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "datusoban.cases"
    label = "cases"
    verbose_name = "Kasus, sanggahan dan bencana"
    default_auto_field = "django.db.models.BigAutoField"

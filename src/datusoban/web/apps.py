from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "datusoban.web"
    label = "web"
    verbose_name = "Aplikasi web"

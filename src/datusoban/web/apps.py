from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "datusoban.web"
    label = "web"
    verbose_name = "Aplikasi web"

    def ready(self) -> None:
        from datusoban.web import checks  # noqa: F401  (registers the checks)

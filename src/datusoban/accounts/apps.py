from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "datusoban.accounts"
    label = "accounts"
    verbose_name = "Akun dan jejak audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the login signal that stamps the session for the absolute timeout.
        from datusoban.accounts import middleware  # noqa: F401

from django.apps import AppConfig


def _notify(sender, **kwargs) -> None:
    # Imported when the registry changes, not at every command's start-up.
    from datusoban.dci.notify import on_registry_changed

    on_registry_changed(sender, **kwargs)


class DciConfig(AppConfig):
    name = "datusoban.dci"
    label = "dci"
    verbose_name = "SPDCI Social Registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Subscribers hear of the registry's changes (registri.events) once committed.
        from datusoban.registri.events import registry_changed

        registry_changed.connect(_notify, dispatch_uid="dci.notify")

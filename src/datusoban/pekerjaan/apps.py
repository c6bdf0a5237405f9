from django.apps import AppConfig


class PekerjaanConfig(AppConfig):
    name = "datusoban.pekerjaan"
    label = "pekerjaan"
    verbose_name = "Pekerjaan latar belakang"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # An import that finishes under a source set to link automatically queues the
        # linking of its batch (autolink.py).
        from django_tasks.signals import task_finished

        from datusoban.pekerjaan.autolink import after_import

        task_finished.connect(after_import, dispatch_uid="pekerjaan.autolink")

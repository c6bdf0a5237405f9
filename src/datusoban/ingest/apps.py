from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "datusoban.ingest"
    label = "ingest"
    verbose_name = "Impor data"

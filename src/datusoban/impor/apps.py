from django.apps import AppConfig


class ImporConfig(AppConfig):
    name = "datusoban.impor"
    label = "ingest"
    verbose_name = "Impor data"

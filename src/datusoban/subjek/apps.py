from django.apps import AppConfig


class SubjekConfig(AppConfig):
    name = "datusoban.subjek"
    label = "subjek"
    verbose_name = "Hak subjek data"

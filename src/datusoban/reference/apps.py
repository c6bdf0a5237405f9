from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "datusoban.reference"
    label = "reference"
    verbose_name = "Data rujukan"

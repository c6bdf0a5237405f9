from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "datusoban.linkage"
    label = "linkage"
    verbose_name = "Penautan data"

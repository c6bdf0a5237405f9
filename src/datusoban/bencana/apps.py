from django.apps import AppConfig


class BencanaConfig(AppConfig):
    name = "datusoban.bencana"
    label = "bencana"
    verbose_name = "Bencana"

from django.apps import AppConfig


class SynthConfig(AppConfig):
    # An app only to host the `datusoban synth` command; the generator itself is pure.
    name = "datusoban.synth"
    label = "synth"
    verbose_name = "Data sintetis"

"""Usul and sanggah from the public: a citizen proposes someone for assistance, or objects to
a recipient found through Cek status, without a login; each enters the office's own cycle
(usulan, sanggahan) and is tracked by a receipt code."""

from django.apps import AppConfig


class UsulPublikConfig(AppConfig):
    name = "datusoban.usulpublik"
    label = "usulpublik"
    verbose_name = "Usul dan sanggah publik"

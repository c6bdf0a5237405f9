"""`datusoban serve`: serve the web app on the embedded default (one machine, one office)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Jalankan aplikasi web (bawaan: http://127.0.0.1:8000/)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="alamat:port")

    def handle(self, *args, **opts):
        # Django's threaded server with static files served by the staticfiles app:
        # enough for the embedded default. A production deployment runs a WSGI
        # server behind a proxy (see the README).
        call_command("runserver", opts["addrport"], use_reloader=False, insecure_serving=True)

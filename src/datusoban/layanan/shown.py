"""The audit rows of what the delivery network shows (pages, files, API answers): a
worker's or a client's name and NIK are personal data too, so every page, file or API
answer that shows them leaves a row per person."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from datusoban.accounts.audit import Aksi, record
from datusoban.layanan.models import Pilar


def workers_shown(request: HttpRequest, workers: Iterable[Pilar]) -> None:
    """One row per worker shown; nothing when a page shows nobody."""
    subjects = [(str(p.pk), p.nik) for p in workers]
    if subjects:
        record(request, Aksi.BACA, "pilar", subjects)


def person_shown(request: HttpRequest, objek: str, row) -> None:
    """One row for the client or resident (``row.person``) a change form shows."""
    record(request, Aksi.BACA, objek, [(str(row.person_id), row.person.nik)])

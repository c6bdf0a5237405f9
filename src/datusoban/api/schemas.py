"""Schemas shared by the API's routers."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """A refusal the caller can act on: a stable code and a message in Bahasa Indonesia."""

    kode: str
    pesan: str

"""Schemas shared by the API's routers: database keys and the shape of every refusal."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema

# A database key as input: positive and within a 64-bit integer, so that a wild
# number is refused with 422 instead of overflowing the database driver.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ErrorOut(Schema):
    """A refusal the caller can act on: a stable code and a message in Bahasa Indonesia."""

    kode: str
    pesan: str


class InvalidFieldOut(Schema):
    """One part of a request that does not match the API document, and why."""

    lokasi: list[str | int] = Field(description="sumber (body, query, path, form, file) lalu nama")
    pesan: str
    jenis: str = Field(description="jenis kesalahan validasi (stabil, untuk mesin)")


class InvalidInputOut(ErrorOut):
    """422: the request does not match the API document; every part that does not, with why."""

    rincian: list[InvalidFieldOut]


def file_download(media_type: str) -> dict:
    """``openapi_extra`` for a route whose 200 is a file, not JSON."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"description": "OK", "content": {media_type: binary}}}}

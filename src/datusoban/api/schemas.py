"""Schemas shared by the API's routers."""

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

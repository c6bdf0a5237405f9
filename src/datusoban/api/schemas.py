"""Schemas shared by the API's routers: database keys and the shape of every refusal."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

# A database key as input: positive and within a 64-bit integer, so that a wild
# number is refused with 422 instead of overflowing the database driver.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    # pydantic would also read a number (or a numeric text) as seconds since 1970: the
    # document promises a calendar day, so nothing else is taken for one.
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


# A calendar day as input: ISO 8601 text (TTTT-BB-HH) only.
Day = Annotated[date, BeforeValidator(_iso_day)]


def _not_truth(value: object) -> object:
    # pydantic reads true/false as 1/0: the document promises a number, not a truth value.
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def whole(ge: int, le: int) -> object:
    """A whole number as input between ``ge`` and ``le`` (a count, an age, a page): a number,
    never true or false. The bounds come before the check, so that the document shows them."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_not_truth)]


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

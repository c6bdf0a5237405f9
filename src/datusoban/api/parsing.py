"""How a request's input is read: a JSON body that is an object, as every body schema
here is, and a query parameter given once, unless the route takes a list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import ValidationError
from ninja.parser import Parser


class StrictParser(Parser):
    """django-ninja's schemas read attributes from any value (``from_attributes``), so a
    schema whose fields are all optional would take ``[null, null]`` or ``7`` as an empty
    request. A body that is not a JSON object is not read: 400, as for broken JSON (an
    error raised while reading a body is always answered so by django-ninja)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            kind = "dict_type"
            raise ValidationError([{"type": kind, "loc": ("body",), "msg": kind, "input": data}])
        return data

    def parse_querydict(self, data, list_fields: list[str], request: HttpRequest) -> dict:
        # django-ninja would take the last of ``?program=a&program=b`` for a field that
        # holds one value: a repeated field does not match the document either.
        # Only the query string: a form may carry fields of its own beside the declared
        # ones (the document allows them), and this parser cannot tell them apart.
        repeated = [k for k in data if k not in list_fields and len(data.getlist(k)) > 1]
        if repeated and data is request.GET:
            raise ValidationError(
                [{"type": "diulang", "loc": ("query", k), "msg": "diulang"} for k in repeated]
            )
        return super().parse_querydict(data, list_fields, request)

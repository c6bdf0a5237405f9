"""How a request body is read: JSON, and an object, as every body schema here is."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import ValidationError
from ninja.parser import Parser


class ObjectBodies(Parser):
    """django-ninja's schemas read attributes from any value (``from_attributes``), so a
    schema whose fields are all optional would take ``[null, null]`` or ``7`` as an empty
    request. A body that is not a JSON object does not match the document: 422."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            kind = "dict_type"
            raise ValidationError([{"type": kind, "loc": ("body",), "msg": kind, "input": data}])
        return data

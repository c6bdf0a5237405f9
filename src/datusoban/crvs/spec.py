"""The DCI CRVS API text shipped in ``dci/spec/`` (crvs_api_v1.0.0.yaml), read once, and
JSON-schema validators of its parts: what the civil registry posts is checked against
the standard's own schemas before anything of it is read."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft4Validator

SPEC_FILE = "crvs_api_v1.0.0.yaml"


@cache
def specification() -> dict[str, Any]:
    text = resources.files("datusoban.dci").joinpath("spec", SPEC_FILE).read_text("utf-8")
    return yaml.safe_load(text)


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@cache
def validator(*parts: str) -> Draft4Validator:
    """The schema at ``parts`` of the specification (OpenAPI 3.0 schemas are JSON Schema
    draft 4 with extensions a validator ignores); references resolve inside it."""
    return Draft4Validator({**specification(), "$ref": _pointer(*parts)})


def request_body(path: str) -> Draft4Validator:
    return validator("paths", path, "post", "requestBody", "content", "application/json",
                     "schema")  # fmt: skip


def acknowledgement() -> Draft4Validator:
    """The specification's ``Response``: ACK, NACK or ERR."""
    return validator("components", "responses", "Response", "content", "application/json",
                     "schema")  # fmt: skip

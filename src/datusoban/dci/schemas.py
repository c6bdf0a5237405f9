"""The SPDCI Social Registry specification shipped with the code (``spec/``, Apache-2.0,
see spec/NOTICE), read once, and JSON-schema validators for its parts.

The routes validate what they receive against the specification's own component schemas,
so that what a standard client may send is exactly what the specification says.
"""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft4Validator

SPEC_FILE = "social_api_v1.0.0.yaml"


@cache
def specification() -> dict[str, Any]:
    """The specification as shipped, with the one correction below made in memory."""
    text = resources.files("datusoban.dci").joinpath("spec", SPEC_FILE).read_text("utf-8")
    spec = yaml.safe_load(text)
    # An identifier's or a predicate's value is ``oneOf: [string, integer, number, boolean,
    # object]``: a whole number is both an integer and a number, so under oneOf no whole
    # number is valid, the specification's own example (``age < 25``) included. The same
    # ambiguity as upstream issues #45/#46 (spec/SPEC-NOTES.md); read as anyOf, as the
    # specification evidently means.
    value = spec["components"]["schemas"]["SubscriptionInfo"]["properties"]["filter"]
    value = value["anyOf"][1]["properties"]["value"]["allOf"][1]
    value["anyOf"] = value.pop("oneOf")
    return spec


def pointer(*parts: str) -> str:
    """A JSON pointer into the specification (``/`` and ``~`` escaped in each part)."""
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@cache
def validator(ref: str) -> Draft4Validator:
    """A validator of the schema at ``ref`` (a pointer into the specification); its
    references resolve inside the specification. OpenAPI 3.0 schemas are JSON Schema
    draft 4 with extensions (``example``, ``format: int32``) a validator ignores."""
    root = {**specification(), "$ref": ref}
    return Draft4Validator(root)


@cache
def without_items(name: str, array: str) -> Draft4Validator:
    """A validator of component ``name`` that does not look into the items of its
    property ``array``: each item is checked, and answered, on its own."""
    shape = copy.deepcopy(specification()["components"]["schemas"][name])
    shape["properties"][array]["items"] = {}
    return Draft4Validator({"components": specification()["components"], **shape})


def component(name: str, *inner: str) -> Draft4Validator:
    return validator(pointer("components", "schemas", name, *inner))


def request_body(path: str) -> Draft4Validator:
    return validator(
        pointer("paths", path, "post", "requestBody", "content", "application/json", "schema")
    )


def response_body(path: str) -> Draft4Validator:
    return validator(
        pointer("paths", path, "post", "responses", "default", "content", "application/json",
                "schema")
    )  # fmt: skip


def http_error() -> Draft4Validator:
    return validator(
        pointer("components", "responses", "HttpErrorResponse", "content", "application/json",
                "schema")
    )  # fmt: skip

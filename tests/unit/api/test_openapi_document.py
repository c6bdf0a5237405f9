"""The OpenAPI document is valid, names each schema once, and every operation declares
the refusals it may give, each with the one error schema (``api/errors.py``)."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
import schemathesis
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from openapi_spec_validator import validate

from datusoban.api.main import api

ERROR = "#/components/schemas/ErrorOut"
INVALID_INPUT = "#/components/schemas/InvalidInputOut"


@pytest.fixture(scope="module")
def document() -> dict:
    # As served (openapi.json): JSON, status codes as text.
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


def _operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", method, operation


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_the_document_is_valid_openapi(document):
    validate(document)  # the OpenAPI 3.1 specification, its schemas and references
    schemathesis.openapi.from_dict(document).validate()


def test_each_schema_name_is_one_class():
    # django-ninja names a component after its class: two classes of one name would
    # silently share one component, and one of their routes would be documented wrong.
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("datusoban."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert shared == {}


def test_every_component_is_the_class_of_its_name(document):
    classes = {cls.__name__: cls for cls in _subclasses(Schema)}
    for name, component in document["components"]["schemas"].items():
        assert component.get("title") == name
        if name in classes:
            own = classes[name].model_json_schema(ref_template="#/components/schemas/{model}")
            assert sorted(component["properties"]) == sorted(own["properties"]), name


def test_every_operation_declares_its_refusals(document):
    missing = {}
    for label, method, operation in _operations(document):
        parameters = operation.get("parameters", [])
        body = "requestBody" in operation
        expected = {"401", "500"}  # every route needs a login or a token; any may fail
        if parameters or body:
            expected.add("422")  # a request that does not match this document
        if body:
            expected.add("400")  # a body that cannot be read
        if any(p["in"] == "path" for p in parameters):
            expected.add("404")  # a path that names nothing (or matches no route)
        if method != "get":
            expected.add("403")  # a browser session without its CSRF token
        lacking = expected - set(operation["responses"])
        if lacking:
            missing[label] = sorted(lacking)
    assert missing == {}


def test_every_refusal_has_the_error_schema_and_every_operation_a_success(document):
    wrong = {}
    for label, _, operation in _operations(document):
        statuses = operation["responses"]
        # A deprecated address (one that took an identifier) answers only where to go now.
        gone = operation.get("deprecated") and "410" in statuses
        assert gone or any(status.startswith("2") for status in statuses), label
        for status, response in statuses.items():
            if status.startswith("2"):
                continue
            schema = response["content"]["application/json"]["schema"]
            if schema != {"$ref": INVALID_INPUT if status == "422" else ERROR}:
                wrong[f"{label} {status}"] = schema
    assert wrong == {}

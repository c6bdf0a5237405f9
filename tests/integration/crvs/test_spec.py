"""What the client sends and what the test registry answers follow the DCI CRVS API text
kept in the repository (``dci/spec/crvs_api_v1.0.0.yaml``), checked with its own schemas:
a test registry off the standard would let the client pass for the wrong reasons."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

import datusoban
from datusoban.crvs import messages

from .crvs_server import CrvsServer

SPEC = Path(datusoban.__file__).parent / "dci" / "spec" / "crvs_api_v1.0.0.yaml"
ROOT = "urn:crvs-api"


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def _validator(spec: dict, *pointer: str) -> jsonschema.Draft7Validator:
    """The schema at ``pointer`` of the spec, its ``#/components/...`` references resolved
    in the spec itself."""
    schema = spec
    for part in pointer:
        schema = schema[part]
    registry = Registry().with_resource(ROOT, Resource(contents=spec, specification=DRAFT7))
    return jsonschema.Draft7Validator({"$ref": ROOT + "#/" + "/".join(
        p.replace("~", "~0").replace("/", "~1") for p in pointer)}, registry=registry)  # fmt: skip


def _request(spec, path):
    return _validator(spec, "paths", path, "post", "requestBody", "content",
                      "application/json", "schema")  # fmt: skip


def _errors(validator, body) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(body)]  # fmt: skip


def test_the_search_requests_follow_the_spec(spec):
    validator = _request(spec, "/registry/sync/search")
    for query in (
        messages.by_nik("6371011203800001"),
        messages.deaths_since(date(2026, 1, 1), "63"),
    ):
        body, _ = messages.search_request("datusoban", "crvs", *query)
        assert _errors(validator, body) == []
    body, _ = messages.search_request("datusoban", "crvs", *messages.by_nik("1"))
    del body["header"]["sender_id"]
    assert _errors(validator, body) == ["header: 'sender_id' is a required property"]


def test_the_subscribe_request_follows_the_spec(spec):
    body = messages.subscribe_request("datusoban", "crvs", "http://127.0.0.1/notify", "63.71")
    assert _errors(_request(spec, "/registry/subscribe"), body) == []


def test_the_test_registry_answers_by_the_spec(spec):
    validator = _validator(spec, "paths", "/registry/sync/search", "post", "responses",
                           "default", "content", "application/json", "schema")  # fmt: skip
    registry = CrvsServer()
    for query in (
        messages.by_nik("6371011203800001"),
        messages.deaths_since(date(2025, 1, 1), "63"),
    ):
        body, _ = messages.search_request("datusoban", "crvs", *query)
        status, answer = registry.answer(body)
        assert status == 200 and _errors(validator, answer) == []
        assert answer["message"]["search_response"][0]["data"]["reg_records"]
    del answer["header"]["status"]
    assert _errors(validator, answer) == ["header: 'status' is a required property"]

"""What the client sends and what the test registry answers follow the DCI CRVS API text
kept in the repository (``dci/spec/crvs_api_v1.0.0.yaml``), checked with its own schemas:
a test registry off the standard would let the client pass for the wrong reasons."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.crvs import messages

from .crvs_server import CrvsServer
from .spec import errors, load_spec, request_validator, validator_at


@pytest.fixture(scope="module")
def spec() -> dict:
    return load_spec()


def test_the_search_requests_follow_the_spec(spec):
    validator = request_validator(spec, "/registry/sync/search")
    for query in (
        messages.by_nik("6371011203800001"),
        messages.deaths_since(date(2026, 1, 1), "63"),
    ):
        body, _ = messages.search_request("datusoban", "crvs", *query)
        assert errors(validator, body) == []
    body, _ = messages.search_request("datusoban", "crvs", *messages.by_nik("1"))
    del body["header"]["sender_id"]
    assert errors(validator, body) == ["header: 'sender_id' is a required property"]


def test_the_subscribe_request_follows_the_spec(spec):
    body = messages.subscribe_request("datusoban", "crvs", "http://127.0.0.1/notify", "63.71")
    assert errors(request_validator(spec, "/registry/subscribe"), body) == []


def test_the_test_registry_answers_by_the_spec(spec):
    validator = validator_at(spec, "paths", "/registry/sync/search", "post", "responses",
                           "default", "content", "application/json", "schema")  # fmt: skip
    registry = CrvsServer()
    for query in (
        messages.by_nik("6371011203800001"),
        messages.deaths_since(date(2025, 1, 1), "63"),
    ):
        body, _ = messages.search_request("datusoban", "crvs", *query)
        status, answer = registry.answer(body)
        assert status == 200 and errors(validator, answer) == []
        assert answer["message"]["search_response"][0]["data"]["reg_records"]
    del answer["header"]["status"]
    assert errors(validator, answer) == ["header: 'status' is a required property"]

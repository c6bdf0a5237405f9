"""Checking requests and answers against the SPDCI specification shipped in dci/spec/,
with a validator other than the one the routes use (openapi-schema-validator's OpenAPI
3.0 validator, formats such as date-time checked), so that a mistake in one is not
repeated by the other."""

from __future__ import annotations

from typing import Any

from openapi_schema_validator import OAS30Validator, oas30_format_checker

from datusoban.dci.schemas import pointer, specification


def _validator(*parts: str) -> OAS30Validator:
    return OAS30Validator({**specification(), "$ref": pointer(*parts)},
                          format_checker=oas30_format_checker)  # fmt: skip


def _json(*parts: str) -> tuple[str, ...]:
    return (*parts, "content", "application/json", "schema")


def _errors(validator: OAS30Validator, body: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]


def request_errors(path: str, body: Any) -> list[str]:
    return _errors(_validator(*_json("paths", path, "post", "requestBody")), body)


def response_errors(path: str, body: Any) -> list[str]:
    return _errors(_validator(*_json("paths", path, "post", "responses", "default")), body)


def http_error_errors(body: Any) -> list[str]:
    return _errors(_validator(*_json("components", "responses", "HttpErrorResponse")), body)


def component_errors(name: str, body: Any) -> list[str]:
    return _errors(_validator("components", "schemas", name), body)


def acknowledgement_errors(body: Any) -> list[str]:
    """An asynchronous operation's answer: the specification's Response (ACK/NACK/ERR)."""
    return _errors(_validator(*_json("components", "responses", "Response")), body)

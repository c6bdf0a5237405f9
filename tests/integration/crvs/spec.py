"""The DCI CRVS API text kept in the repository, its schemas as validators."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

import datusoban

SPEC = Path(datusoban.__file__).parent / "dci" / "spec" / "crvs_api_v1.0.0.yaml"
ROOT = "urn:crvs-api"


def load_spec() -> dict:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def validator_at(spec: dict, *pointer: str) -> jsonschema.Draft7Validator:
    """The schema at ``pointer`` of the spec, its ``#/components/...`` references resolved
    in the spec itself."""
    registry = Registry().with_resource(ROOT, Resource(contents=spec, specification=DRAFT7))
    return jsonschema.Draft7Validator({"$ref": ROOT + "#/" + "/".join(
        p.replace("~", "~0").replace("/", "~1") for p in pointer)}, registry=registry)  # fmt: skip


def request_validator(spec, path):
    return validator_at(spec, "paths", path, "post", "requestBody", "content",
                      "application/json", "schema")  # fmt: skip


def errors(validator, body) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(body)]  # fmt: skip

"""The API under generated requests (schemathesis, from the OpenAPI document), over a
small synthetic registry, as a province admin and as a kab/kota operator with a token.

Every operation, in its examples, coverage (boundary values, missing and wrong-typed
fields, unexpected methods) and fuzzing phases, valid and invalid requests alike, and
every response checked: no server error, only documented status codes, content types
and headers, bodies that match the documented schema, invalid requests refused and
valid ones not refused as invalid (422). The requests are the same on every run, so CI
fails only when the code changes; DATUSOBAN_FUZZ_RANDOM=1 explores new ones (and
DATUSOBAN_FUZZ_EXAMPLES=100 more of them).
"""

from __future__ import annotations

import io
import os
from datetime import date

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    allow_header_conformance,
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)
from schemathesis.config import SchemathesisConfig

from datusoban.accounts.models import Account, ApiToken
from datusoban.sasaran.accuracy_services import run_accuracy
from datusoban.sasaran.eligibility_services import run_eligibility
from datusoban.sasaran.services import rank_registry
from datusoban.wsgi import application

AS_OF = date(2025, 6, 30)
FIXED = os.environ.get("DATUSOBAN_FUZZ_RANDOM") != "1"
# Per operation, identity and generation mode in the fuzzing phase; more to explore.
EXAMPLES = int(os.environ.get("DATUSOBAN_FUZZ_EXAMPLES", "12"))

CONFIG = SchemathesisConfig.from_dict(
    {
        **({"seed": 20250630} if FIXED else {}),
        "generation": {
            "deterministic": FIXED,
            "max-examples": EXAMPLES,
            "database": "none",
        },
        # The stateful phase runs outside pytest's parametrisation.
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            # A request that matches the document is never refused as invalid (422). A
            # domain rule may still refuse it with its own kode (400), or the data may
            # not exist or be outside the caller's scope (404), or conflict (409).
            # A former address that took a NIK (deprecated) answers 410, naming the new one.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "410"]
            },
            # An invalid one is refused (never 5xx, which the default would allow).
            "negative_data_rejection": {
                "expected-statuses": ["400", "401", "403", "404", "405", "409", "410", "422"]
            },
        },
    }
)
# Loaded here so that pytest names one test per operation; the document needs no data.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


# Two kinds of generated request reach the server as something else, so that neither
# answer could match what the check expects. Both are left out:
# - an object in a query parameter (no parameter here is one) is sent as its own keys
#   (``?a=1&b=2``), which no server can tell from the parameter left out;
# - an empty file is encoded with one CR LF too few before the next part's boundary,
#   so Django's multipart parser never sees the file: "valid data" arrives without it.
@schema.hook
def filter_query(ctx, query) -> bool:
    return not any(isinstance(v, dict) for v in (query or {}).values())


@schema.hook
def filter_body(ctx, body) -> bool:
    files = body.values() if isinstance(body, dict) else ()
    return not any(getattr(v, "data", None) == b"" for v in files)


# Every check that applies to one request at a time. Not here: missing_required_header
# (no operation has a required header), use_after_free, ensure_resource_availability
# and object_level_authorization (they follow links between operations, in the
# stateful phase); scope across regions is the route matrix's to check.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    # A method the address does not offer is 405 with Allow, as documented.
    unsupported_method,
    allow_header_conformance,
    # Without the token, or with a wrong one, the operation refuses (401, or 403).
    ignored_auth,
]

# Django permissions a kab/kota operator is given (the rest follows from the role file).
IDENTITIES = {"admin_provinsi": "63", "operator_kabkota": "63.71"}


@pytest.fixture(scope="module")
def registry(django_db_setup, django_db_blocker):
    """A small synthetic registry with its ranking, eligibility, accuracy and delivery
    network, built once for every operation and rolled back after the last one."""
    with django_db_blocker.unblock(), transaction.atomic():
        quiet = io.StringIO()
        call_command(
            "synth", people=1_000, seed=7, as_of=AS_OF, load=True, no_files=True, stdout=quiet
        )
        call_command("synth_layanan", seed=7, as_of=AS_OF, stdout=quiet)
        rank_registry(as_of=AS_OF)
        run_eligibility(["SEMUA"], AS_OF, user="pytest")
        run_accuracy(["BPNT", "PKH"], AS_OF, user="pytest")
        yield
        transaction.set_rollback(True)


@pytest.fixture(params=sorted(IDENTITIES))
def bearer(request, registry, db) -> dict[str, str]:
    peran = request.param
    if peran == "admin_provinsi":
        user = User.objects.create_superuser("admin.uji", password="tidak-dipakai-123")
    else:
        user = User.objects.create_user("operator.uji", password="tidak-dipakai-123")
    Account.objects.create(user=user, peran=peran, wilayah_id=IDENTITIES[peran])
    _, token = ApiToken.issue(user, "uji")
    # Requests go straight to the WSGI application. Django closes the database
    # connection when a request ends, which would end this test's transaction;
    # its own test client prevents that the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {token}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
# The token and the registry are set up once per operation and identity, not per case:
# what one generated request changes, the next one sees, as a real client's would.
@settings(suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)

"""A conformance run prepared as an operator prepares it, on the real console script:
`datusoban dci-uji` on a fresh database, `datusoban serve` (web app and worker) with
DATUSOBAN_DCI_UJI=1, and the outside suite's first step (an asynchronous search for its
TEST-001) answered by callback to an endpoint of the suite's kind."""

from __future__ import annotations

import json
import subprocess
import urllib.request
import uuid
from datetime import UTC, datetime

from tests.integration.dci.conformance import acknowledgement_errors, request_errors
from tests.integration.dci.receiver import Receiver

from .browser import serving


def _post(url: str, body: dict, token: str) -> dict:
    request = urllib.request.Request(
        url, json.dumps(body).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return json.loads(response.read())


def test_dci_uji_then_serve_answers_the_suites_search_by_callback(
    migrated_env, datusoban_bin, tmp_path
):
    token_file = tmp_path / "token"
    said = subprocess.run(
        [datusoban_bin, "dci-uji", "--token-file", str(token_file)], env=migrated_env,
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert "TEST-001" in said
    token = token_file.read_text().strip()
    receiver = Receiver().start()
    env = {**migrated_env, "DATUSOBAN_DCI_UJI": "1"}
    now = datetime.now(UTC).isoformat()
    body = {
        "signature": "",
        "header": {
            "version": "1.0.0", "message_id": str(uuid.uuid4()), "message_ts": now,
            "action": "search", "sender_id": "klien-uji",
            "sender_uri": receiver.url + "/registry/on-search", "total_count": 1,
        },
        "message": {
            "transaction_id": "txn-uji-1",
            "search_request": [{
                "reference_id": "ref-uji-1", "timestamp": now,
                "search_criteria": {"query_type": "idtype-value",
                                    "query": {"type": "UIN", "value": "TEST-001"}},
            }],
        },
    }  # fmt: skip
    assert request_errors("/registry/search", body) == []
    try:
        with serving(datusoban_bin, env, tmp_path / "serve.log") as base:
            ack = _post(f"{base}/dci/registry/search", body, token)
            assert acknowledgement_errors(ack) == [] and ack["message"]["ack_status"] == "ACK"
            (got,) = receiver.wait_for(1, 120)
    finally:
        receiver.stop()
    assert got.path == "/registry/on-search"
    assert request_errors("/registry/on-search", got.body) == []
    message = got.body["message"]
    assert message["correlation_id"] == ack["message"]["correlation_id"]
    (item,) = message["search_response"]
    (record,) = item["data"]["reg_records"]
    assert record["name"]["given_name"] == "Uji Kesesuaian SPDCI"

"""Benchmark: what checking an SPDCI message's signature adds to a request, per key type.

    .venv/bin/python benchmarks/dci_signature.py [--rounds 200]

For a full envelope (10 search requests, the most one message may carry) signed by an
RSA-2048 (RS256), an EC P-256 (ES256) and an Ed25519 (EdDSA) key, detached and attached:
the median time of ``dci.signature._checked``, the step every signed request takes
(canonical form of header and message, JWS parsed, signature verified, payload compared),
and of the canonical form alone. No database: the key is an unsaved ``SenderKey``.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time


def _envelope() -> tuple[dict, dict]:
    ts = "2026-12-06T10:00:00+08:00"
    header = {
        "version": "1.0.0", "message_id": "bench-1", "message_ts": ts, "action": "search",
        "sender_id": "bench.example.org", "total_count": 10,
    }  # fmt: skip
    items = [
        {
            "reference_id": f"r{n}",
            "timestamp": ts,
            "search_criteria": {
                "query_type": "predicate",
                "query": [
                    {
                        "seq_num": 1,
                        "expression1": {
                            "attribute_name": "age",
                            "operator": "ge",
                            "attribute_value": 18 + n,
                        },
                    }
                ],
                "pagination": {"page_size": 100, "page_number": 1},
            },
        }
        for n in range(10)
    ]
    return header, {"transaction_id": "t1", "search_request": items}


def _median_ms(step, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 3)


def measure(rounds: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
    import django

    django.setup()
    from joserfc.jwk import ECKey, OKPKey, RSAKey

    from datusoban.accounts.models import SenderKey
    from datusoban.accounts.sender_keys import read
    from datusoban.dci import signature

    header, message = _envelope()
    content = signature.signed_content(header, message)
    results: dict = {
        "envelope_bytes": len(content),
        "canonical_form_ms": _median_ms(lambda: signature.signed_content(header, message), rounds),
    }
    keys = {
        "RS256": RSAKey.generate_key(2048),
        "ES256": ECKey.generate_key("P-256"),
        "EdDSA": OKPKey.generate_key("Ed25519"),
    }
    for alg, private in keys.items():
        public = read(json.dumps(private.as_dict(private=False)))
        stored = SenderKey(sender_id="bench.example.org", jwk=public.jwk, sidik=public.sidik)
        for detached in (True, False):
            sig = signature.sign(header, message, private, alg, detached=detached)
            assert signature._checked(stored, sig, content) is None
            form = "detached" if detached else "attached"
            results[f"verify_{alg}_{form}_ms"] = _median_ms(
                lambda s=sig, k=stored: signature._checked(k, s, content), rounds
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps({
        "benchmark": "dci_signature", "rounds": args.rounds, "machine": platform.processor()
        or platform.machine(), "python": platform.python_version(), **measure(args.rounds),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()

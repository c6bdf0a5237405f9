"""A civil registry (CRVS) for the tests, speaking the DCI CRVS API v1.0.0
(``src/datusoban/dci/spec/crvs_api_v1.0.0.yaml``) over real HTTP, in a thread.

It holds a few registered people of Kalimantan Selatan, some deceased, and answers
``/registry/sync/search`` by NIK (``idtype-value``) and for deaths since a date in a
region (``expression`` on ``death_date`` and ``region_code``). ``/registry/subscribe``
takes a subscription to deaths in a region; ``laporkan_kematian`` then registers a death
and posts it to each matching subscriber's ``sender_uri`` (``/registry/notify``).
``laporkan_kelahiran`` registers a birth (the child's NIK, name, birth date and sex, the
parents' NIKs) and posts it to each subscriber to births of the region. A notification
carries the bearer token Datu Soban issued to the civil registry (``notify_token``), as
Dukcapil is configured to send it. ``rusak`` makes it answer the next searches in one of
a few broken ways, for the client's refusals to be tested.
"""

from __future__ import annotations

import copy
import json
import threading
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "token-uji-crvs"


def orang(nik: str, nama: str, lahir: str, *, region: str, wafat: str | None = None,
          akta: str | None = None) -> dict:  # fmt: skip
    """One CRVS person record, in the spec's example form (``identifier`` one object, or a
    list of them when the death has its registration number)."""
    ids = [{"@type": "Identifier", "identifier_type": "NIK", "identifier_value": nik}]
    if akta:
        ids.append({"@type": "Identifier", "identifier_type": "DRN", "identifier_value": akta})
    given, _, surname = nama.partition(" ")
    return {
        "@type": "CRVS_Person",
        "@id": f"CRVS_{nik}",
        "identifier": ids if len(ids) > 1 else ids[0],
        "name": {"@type": "Name", "given_name": given, "surname": surname},
        "sex": "female",
        "birth_date": f"{lahir}T00:00:00",
        "death_date": wafat or "",
        "death_place": "RSUD Ulin Banjarmasin" if wafat else "",
        "address": {"@type": "Address", "region_code": region, "country_code": "ID"},
    }


PEOPLE = [
    orang("6371011203800001", "Siti Aminah", "1950-05-01", region="63.71",
          wafat="2026-02-20", akta="6371-KM-20260220-0001"),
    orang("6371014107550002", "Masniah Binti Ahmad", "1955-07-01", region="63.71"),
    orang("6372024506600003", "Hj Rusmini", "1960-06-05", region="63.72",
          wafat="2026-01-11T08:30:00+08:00", akta="6372-KM-20260111-0007"),
    orang("6371011505700004", "Ahmad Fauzi", "1970-05-15", region="63.71",
          wafat="2025-11-02", akta="6371-KM-20251102-0003"),
]  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _matches(record: dict, query_type: str, query) -> bool:
    if query_type == "idtype-value":
        ids = record["identifier"]
        ids = ids if isinstance(ids, list) else [ids]
        return any(
            i["identifier_type"] == query["type"] and i["identifier_value"] == query["value"]
            for i in ids
        )
    if query_type == "expression":
        return all(_expression(record, part) for item in query for part in _parts(item))
    raise ValueError(query_type)


def _parts(item: dict) -> list[dict]:
    if item.get("condition", "and") != "and":
        raise ValueError("only 'and'")
    return [e for e in (item.get("expression1"), item.get("expression2")) if e]


def _expression(record: dict, e: dict) -> bool:
    name, op, value = e["attribute_name"], e["operator"], e["attribute_value"]
    if name == "death_date":
        have = record["death_date"][:10]
        return bool(have) and {"ge": have >= value, "le": have <= value, "eq": have == value}[op]
    if name == "region_code" and op == "eq":  # the region and everything inside it
        region = record["address"]["region_code"]
        return region == value or region.startswith(value + ".")
    raise ValueError(name)


class CrvsServer:
    """``with CrvsServer() as crvs:`` serves on ``crvs.url`` until the block ends."""

    def __init__(self, people: list[dict] | None = None, notify_token: str = "") -> None:
        self.people = copy.deepcopy(PEOPLE if people is None else people)
        self.notify_token = notify_token
        self.notified: list[tuple[int, dict]] = []  # each notification's status and answer
        self.rusak: str | None = None
        self.requests: list[dict] = []
        self.subscriptions: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> CrvsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def answer(self, body: dict) -> tuple[int, dict]:
        header, message = body.get("header", {}), body.get("message", {})
        if header.get("action") != "search" or not isinstance(message.get("search_request"), list):
            return 400, {"errors": [{"code": "err.request.bad", "message": "not a search"}]}
        answers = []
        for item in message["search_request"]:
            criteria = item.get("search_criteria", {})
            try:
                found = [  # copies: a broken answer must not spoil the registry
                    copy.deepcopy(p) for p in self.people
                    if _matches(p, criteria.get("query_type"), criteria.get("query"))
                ]  # fmt: skip
            except (KeyError, TypeError, ValueError):
                answers.append(self._rejected(item, "rjct.search_criteria.invalid"))
                continue
            answers.append({
                "reference_id": item.get("reference_id"),
                "timestamp": _now(),
                "status": "succ",
                "data": {"version": "1.0.0", "reg_type": "ns:org:RegistryType:Civil",
                         "reg_record_type": "crvs:Person", "reg_records": found},
                "pagination": {"page_size": 100, "page_number": 1, "total_count": len(found)},
                "locale": "ind",
            })  # fmt: skip
        return 200, {
            "header": {
                "version": "1.0.0", "message_id": uuid.uuid4().hex, "message_ts": _now(),
                "action": "on-search", "status": "succ", "total_count": len(answers),
                "completed_count": len(answers), "sender_id": "crvs.dukcapil",
                "receiver_id": header.get("sender_id"), "is_msg_encrypted": False,
            },
            "message": {"transaction_id": message.get("transaction_id"),
                        "correlation_id": uuid.uuid4().hex, "search_response": answers},
        }  # fmt: skip

    def subscribe(self, body: dict) -> tuple[int, dict]:
        header, message = body.get("header", {}), body.get("message", {})
        items = message.get("subscribe_request")
        if header.get("action") != "subscribe" or not isinstance(items, list):
            return 400, {"errors": [{"code": "err.request.bad", "message": "not a subscribe"}]}
        for item in items:
            criteria = item["subscribe_criteria"]
            self.subscriptions.append({
                "code": uuid.uuid4().hex, "sender_uri": header["sender_uri"],
                "reg_event_type": criteria["reg_event_type"], "filter": criteria["filter"],
            })  # fmt: skip
        return 200, {"message": {"ack_status": "ACK", "timestamp": _now(),
                                 "correlation_id": uuid.uuid4().hex}}  # fmt: skip

    def laporkan_kematian(self, nik: str, tanggal: str, akta: str) -> None:
        """Register the death of ``nik`` and notify every subscriber to deaths of the
        person's region, as the registry does when the death is registered."""
        [person] = [p for p in self.people if _matches(p, "idtype-value",
                                                       {"type": "NIK", "value": nik})]  # fmt: skip
        ids = person["identifier"] if isinstance(person["identifier"], list) else [
            person["identifier"]
        ]  # fmt: skip
        person["identifier"] = [*ids, {"identifier_type": "DRN", "identifier_value": akta}]
        person["death_date"] = tanggal
        for sub in self.subscriptions:
            if sub["reg_event_type"].endswith(":Death") and _matches(
                person, "expression", sub["filter"]
            ):
                self._notify(sub, person)

    def laporkan_kelahiran(self, nik: str, nama: str, lahir: str, *, region: str,
                           ibu: str = "", ayah: str = "", akta: str = "",
                           sex: str = "female") -> dict:  # fmt: skip
        """Register a birth and notify every subscriber to births of the child's region."""
        child = orang(nik, nama, lahir, region=region)
        child["sex"] = sex
        if akta:
            brn = {"identifier_type": "BRN", "identifier_value": akta}
            child["identifier"] = [child["identifier"], brn]
        for key, parent in (("parent1_identifier", ibu), ("parent2_identifier", ayah)):
            if parent:
                child[key] = {"@type": "Identifier", "identifier_type": "NIK",
                              "identifier_value": parent}  # fmt: skip
        self.people.append(child)
        for sub in self.subscriptions:
            if sub["reg_event_type"].endswith(":LiveBirth") and _matches(
                child, "expression", sub["filter"]
            ):
                self._notify(sub, child, "LiveBirth")
        return child

    def notification(self, person: dict, event: str = "Death") -> dict:
        """The body of ``/registry/notify`` for one event of ``person``."""
        return {
            "header": {"version": "1.0.0", "message_id": uuid.uuid4().hex,
                       "message_ts": _now(), "action": "notify", "status": "succ",
                       "sender_id": "crvs.dukcapil", "total_count": 1},
            "message": {"transaction_id": uuid.uuid4().hex, "notify_event": [{
                "reference_id": uuid.uuid4().hex, "timestamp": _now(),
                "data": {"version": "1.0.0", "reg_type": "ns:org:RegistryType:Civil",
                         "reg_event_type": f"spdci-common:RegistryEventType:{event}",
                         "reg_record_type": "crvs:Person", "reg_records": copy.deepcopy(person)},
            }]},
        }  # fmt: skip

    def _notify(self, sub: dict, person: dict, event: str = "Death") -> None:
        body = self.notification(person, event)
        headers = {"Content-Type": "application/json"}
        if self.notify_token:
            headers["Authorization"] = f"Bearer {self.notify_token}"
        request = urllib.request.Request(
            sub["sender_uri"], data=json.dumps(body).encode(), method="POST", headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                self.notified.append((answer.status, json.loads(answer.read())))
        except urllib.error.HTTPError as refused:
            self.notified.append((refused.code, json.loads(refused.read())))

    @staticmethod
    def _rejected(item: dict, code: str) -> dict:
        return {"reference_id": item.get("reference_id"), "timestamp": _now(),
                "status": "rjct", "status_reason_code": code,
                "status_reason_message": "Kriteria pencarian tidak dikenali"}  # fmt: skip

    def _broken(self, status: int, answer: dict) -> tuple[int, bytes]:
        """The answer spoiled the way ``rusak`` names."""
        if self.rusak == "bukan_json":
            return 200, b"<html>Gateway sedang pemeliharaan</html>"
        if self.rusak == "tanpa_search_response":
            del answer["message"]["search_response"]
        elif self.rusak == "nik_salah":
            for item in answer["message"]["search_response"]:
                for record in item.get("data", {}).get("reg_records", []):
                    record["identifier"] = {"identifier_type": "NIK", "identifier_value": "12AB"}
        elif self.rusak == "tanggal_salah":
            for item in answer["message"]["search_response"]:
                for record in item.get("data", {}).get("reg_records", []):
                    record["death_date"] = "20 Februari 2026"
        elif self.rusak == "referensi_lain":
            for item in answer["message"]["search_response"]:
                item["reference_id"] = "bukan-permintaan-ini"
        elif self.rusak == "http_500":
            return 500, b'{"errors": [{"code": "err.service.unavailable"}]}'
        return status, json.dumps(answer).encode()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the standard library's name
                routes = {"/registry/sync/search": server.answer,
                          "/registry/subscribe": server.subscribe}  # fmt: skip
                if self.path not in routes:
                    return self._send(404, b'{"errors": [{"code": "err.request.not_found"}]}')
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(401, b'{"errors": [{"code": "err.request.unauthorized"}]}')
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length))
                except json.JSONDecodeError:
                    return self._send(400, b'{"errors": [{"code": "err.request.bad"}]}')
                server.requests.append(body)
                return self._send(*server._broken(*routes[self.path](body)))

            def _send(self, status: int, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:  # quiet: the tests read the requests
                pass

        return Handler

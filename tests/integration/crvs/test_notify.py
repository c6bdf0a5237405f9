"""A subscription to deaths in a region, over real HTTP both ways: the civil registry
posts each death of the region, as it is registered, to the address given; the
notification read into a death proposal. Other vital events are left out, and a death
without its date is refused."""

from __future__ import annotations

import io
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from datusoban.crvs import messages
from datusoban.crvs.intake import terima_kematian
from datusoban.refusal import RefusedError

from .crvs_server import orang
from .spec import errors, load_spec, request_validator

MASNIAH = "6371014107550002"


@pytest.fixture
def receiver():
    """Where the civil registry posts: keeps each body, answers ACK."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the standard library's name
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            payload = json.dumps({"message": {"ack_status": "ACK"}}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/registry/notify", received
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.django_db
def test_a_registered_death_notified_becomes_a_proposal(client, crvs, receiver, make_person):
    uri, received = receiver
    masniah = make_person(MASNIAH, nama="Masniah Binti Ahmad")
    crvs.people.append(orang("6372020101500005", "Abdul Hamid", "1950-01-01", region="63.72"))
    assert client.berlangganan_kematian(uri, "63.71")
    [subscription] = crvs.subscriptions
    assert subscription["sender_uri"] == uri
    crvs.laporkan_kematian("6372020101500005", "2026-03-01", "6372-KM-20260301-0002")
    assert received == []  # Banjarbaru: not the region subscribed to
    crvs.laporkan_kematian(MASNIAH, "2026-03-01", "6371-KM-20260301-0009")
    [body] = received
    assert errors(request_validator(load_spec(), "/registry/notify"), body) == []  # by the standard
    [death] = messages.notified_deaths(body)
    assert (death.nik, death.tanggal_kematian) == (MASNIAH, date(2026, 3, 1))
    [usulan] = terima_kematian([death], oleh="crvs").baru
    assert (usulan.person_id, usulan.padanan) == (masniah.pk, "nik")
    assert usulan.nomor_peristiwa == "DRN:6371-KM-20260301-0009"


def _notify(event_type: str, record: dict) -> dict:
    return {"header": {"action": "notify", "status": "succ"},
            "message": {"notify_event": [{"data": {
                "reg_event_type": event_type, "reg_records": record}}]}}  # fmt: skip


def test_births_are_left_out_and_a_death_without_its_date_refused():
    born = orang("6371014107260001", "Nur Aisyah", "2026-07-01", region="63.71")
    assert messages.notified_deaths(_notify("spdci-common:RegistryEventType:LiveBirth", born)) == []
    undated = orang(MASNIAH, "Masniah Binti Ahmad", "1955-07-01", region="63.71")
    with pytest.raises(RefusedError) as refused:
        messages.notified_deaths(_notify("spdci-common:RegistryEventType:Death", undated))
    assert refused.value.kode == "crvs_jawaban_rusak"
    assert "notify_event[0].reg_records[0] peristiwa kematian tanpa death_date" in (
        refused.value.pesan
    )
    with pytest.raises(RefusedError, match=r"header\.action bukan 'notify'"):
        messages.notified_deaths({"header": {"action": "search"}})


def test_the_command_subscribes_to_deaths_and_births(crvs, tmp_path):
    from django.core.management import CommandError, call_command

    from .crvs_server import TOKEN

    token = tmp_path / "token"
    token.write_text(TOKEN + "\n")
    address = "https://datusoban.example/crvs/registry/notify"
    out = io.StringIO()
    call_command("crvs-langganan", url=crvs.url, token_file=str(token), alamat=address,
                 wilayah="63.71", stdout=out)  # fmt: skip
    assert [(s["reg_event_type"], s["sender_uri"]) for s in crvs.subscriptions] == [
        ("spdci-common:RegistryEventType:Death", address),
        ("spdci-common:RegistryEventType:LiveBirth", address),
    ]
    assert out.getvalue().count("Berlangganan") == 2
    for body in crvs.requests:
        assert errors(request_validator(load_spec(), "/registry/subscribe"), body) == []
    with pytest.raises(CommandError, match="pilih kematian, kelahiran"):
        call_command("crvs-langganan", url=crvs.url, token_file=str(token), alamat=address,
                     peristiwa="pernikahan")  # fmt: skip
    token.write_text("salah")
    with pytest.raises(CommandError, match="periksa token"):
        call_command("crvs-langganan", url=crvs.url, token_file=str(token), alamat=address)

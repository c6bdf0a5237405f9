"""``POST /crvs/registry/notify``: where the civil registry posts the deaths and births of a
subscription. Over real HTTP both ways (the test civil registry posts to a live server
of Datu Soban): a bearer token of a province-wide user who may change data, each envelope
checked against the DCI CRVS API's schema before anything is read, each event one
proposal however often it is delivered, the standard's acknowledgement as the answer;
a refused message leaves nothing behind."""

from __future__ import annotations

import json
import urllib.request

import pytest

from datusoban.crvs.models import UsulanKelahiran, UsulanKematian

from .crvs_server import CrvsServer, orang
from .spec import errors, load_spec, request_validator, validator_at

URL = "/crvs/registry/notify"
MASNIAH = "6371014107550002"  # a resident of Banjarmasin the civil registry holds
IBU = "6371014107900011"  # a mother in the registry, 1990-07-01
CHILD = "6371016011260001"  # her daughter, born 2026-11-20


@pytest.fixture(scope="module")
def spec() -> dict:
    return load_spec()


def _checked(spec: dict, status: int, body: dict) -> tuple[int, dict]:
    """The answer is the standard's: an acknowledgement, or its HTTP error."""
    where = ("components", "responses", "Response" if status in (200, 400) else "HttpErrorResponse",
             "content", "application/json", "schema")  # fmt: skip
    assert errors(validator_at(spec, *where), body) == []
    return status, body


def _post(web, body, token: str | None, spec: dict) -> tuple[int, dict]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = web.post(URL, json.dumps(body), content_type="application/json", **headers)
    return _checked(spec, response.status_code, response.json())


@pytest.fixture
def web():
    """Django's test client (``client`` here is the civil registry's)."""
    from django.test import Client

    return Client()


@pytest.fixture
def dukcapil(user_of, token_of) -> str:
    """The token Datu Soban issued to the civil registry: a province administrator's."""
    return token_of(user_of("admin_provinsi", "63", "sistem.dukcapil"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("trail_emptied")
def test_a_subscription_delivers_deaths_and_births_over_http(
    live_server, user_of, token_of, make_person, spec
):
    from datusoban.crvs.client import CrvsClient

    from .crvs_server import TOKEN

    masniah = make_person(MASNIAH, nama="Masniah Binti Ahmad")
    ibu = make_person(IBU, nama="Rahmawati", jenis_kelamin="P", hubungan_keluarga="istri")
    token = token_of(user_of("admin_provinsi", "63", "sistem.dukcapil"))
    with CrvsServer(notify_token=token) as crvs:
        client = CrvsClient(crvs.url, TOKEN, timeout=5)
        notify = live_server.url + URL
        client.berlangganan_kematian(notify, "63.71")
        client.berlangganan_kelahiran(notify, "63.71")
        crvs.laporkan_kematian(MASNIAH, "2026-03-01", "6371-KM-20260301-0009")
        crvs.laporkan_kelahiran(CHILD, "Nur Aisyah", "2026-11-20", region="63.71", ibu=IBU,
                                akta="6371-LU-20261120-0001")  # fmt: skip
        # Delivered again (a retry after a lost answer): nothing new.
        again = crvs.notification(crvs.people[1])
        request = urllib.request.Request(
            notify, json.dumps(again).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as answer:
            crvs.notified.append((answer.status, json.loads(answer.read())))
    for body in (crvs.notification(crvs.people[1]), again):
        assert errors(request_validator(spec, "/registry/notify"), body) == []
    assert [status for status, _ in crvs.notified] == [200, 200, 200]
    for status, body in crvs.notified:
        _checked(spec, status, body)
        assert body["message"]["ack_status"] == "ACK"
    [death] = UsulanKematian.objects.all()
    assert (death.person_id, death.padanan, death.status) == (masniah.pk, "nik", "menunggu")
    assert death.nomor_peristiwa == "DRN:6371-KM-20260301-0009"
    [birth] = UsulanKelahiran.objects.all()
    assert (birth.nik, birth.nama, str(birth.tanggal_lahir), birth.jenis_kelamin) == (
        CHILD, "Nur Aisyah", "2026-11-20", "P"
    )  # fmt: skip
    assert (birth.padanan, birth.ibu_id, birth.household_id) == ("ibu", ibu.pk, ibu.household_id)
    assert birth.nomor_peristiwa == "BRN:6371-LU-20261120-0001"


@pytest.mark.django_db
def test_only_a_province_user_who_may_change_data(web, user_of, token_of, spec):
    body = CrvsServer().notification(orang(MASNIAH, "Masniah", "1955-07-01", region="63.71",
                                           wafat="2026-03-01"))  # fmt: skip
    assert _post(web, body, None, spec)[0] == 401
    assert _post(web, body, "dsb_bukan-token", spec)[0] == 401
    for peran, wilayah in (("operator_kabkota", "63.71"), ("analis_provinsi", "63")):
        status, answer = _post(web, body, token_of(user_of(peran, wilayah)), spec)
        assert (status, answer["errors"][0]["code"]) == (403, "err.request.forbidden")
    response = web.get(
        URL, HTTP_AUTHORIZATION=f"Bearer {token_of(user_of('admin_provinsi', '63'))}"
    )
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert not UsulanKematian.objects.exists()


@pytest.mark.django_db
def test_an_envelope_off_the_standard_is_refused_whole(web, dukcapil, make_person, spec):
    make_person(MASNIAH, nama="Masniah Binti Ahmad")
    crvs = CrvsServer()
    death = crvs.notification(orang(MASNIAH, "Masniah Binti Ahmad", "1955-07-01",
                                    region="63.71", wafat="2026-03-01"))  # fmt: skip
    # No message id: the schema says where.
    broken = json.loads(json.dumps(death))
    del broken["header"]["message_id"]
    assert errors(request_validator(spec, "/registry/notify"), broken) != []
    status, answer = _post(web, broken, dukcapil, spec)
    assert (status, answer["message"]["ack_status"]) == (400, "ERR")
    assert "header: 'message_id' is a required property" in answer["message"]["error"]["message"]
    # A valid death beside a birth whose NIK is not a NIK: by the schema a valid envelope,
    # refused as a whole with the place, the death not kept either.
    birth = crvs.notification(orang("6371016011260001", "Nur Aisyah", "2026-11-20",
                                    region="63.71"), "LiveBirth")  # fmt: skip
    birth["message"]["notify_event"][0]["data"]["reg_records"]["parent1_identifier"] = {
        "identifier_type": "NIK", "identifier_value": "12AB"
    }  # fmt: skip
    death["message"]["notify_event"].append(birth["message"]["notify_event"][0])
    assert errors(request_validator(spec, "/registry/notify"), death) == []
    status, answer = _post(web, death, dukcapil, spec)
    assert (status, answer["message"]["error"]["code"]) == (400, "err.request.bad")
    assert (
        "notify_event[1].reg_records[0].parent1_identifier" in answer["message"]["error"]["message"]
    )
    assert not UsulanKematian.objects.exists() and not UsulanKelahiran.objects.exists()
    # Not JSON at all: the HTTP layer's error.
    response = web.post(URL, "<xml/>", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {dukcapil}")  # fmt: skip
    _checked(spec, response.status_code, response.json())
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_same_event_delivered_twice_is_proposed_once(web, dukcapil, make_person, spec):
    make_person(MASNIAH, nama="Masniah Binti Ahmad")
    crvs = CrvsServer()
    person = orang(MASNIAH, "Masniah Binti Ahmad", "1955-07-01", region="63.71",
                   wafat="2026-03-01", akta="6371-KM-20260301-0009")  # fmt: skip
    first, second = crvs.notification(person), crvs.notification(person)
    assert first["header"]["message_id"] != second["header"]["message_id"]
    for body in (first, second, first):
        assert errors(request_validator(spec, "/registry/notify"), body) == []
        assert _post(web, body, dukcapil, spec)[1]["message"]["ack_status"] == "ACK"
    assert UsulanKematian.objects.count() == 1

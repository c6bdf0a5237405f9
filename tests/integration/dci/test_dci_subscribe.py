"""Subscriptions to the registry's changes (/dci/registry/subscribe, unsubscribe) and the
notifications they bring, over real HTTP to a subscriber's callback endpoint, sent by the
real worker: every request, answer and callback checked against the specification; each
notification scoped, masked and audited as a search answer is."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, ApiToken, AuditEvent
from datusoban.crvs.actions import terapkan
from datusoban.crvs.models import UsulanKematian
from datusoban.dci.delivery import deliver_due
from datusoban.dci.models import Langganan, Peristiwa
from datusoban.dci.notify import pending
from datusoban.dci.seed import TEST_CODE, seeded_subscription
from datusoban.identity.names import name_key
from datusoban.penautan.decisions import merge_persons
from datusoban.registri.models import Household, Membership, Person
from datusoban.registri.search import search_people
from datusoban.registri.stats import refresh_counts

from .conformance import http_error_errors, request_errors

pytestmark = pytest.mark.django_db
SUBSCRIBE, UNSUBSCRIBE = "/dci/registry/subscribe", "/dci/registry/unsubscribe"
TS = "2026-12-06T10:00:00+08:00"
SITI = "6371014107550002"  # Banjarmasin
HAMID = "6372020101500005"  # Banjarbaru
DIED = date(2026, 11, 30)


@pytest.fixture
def people():
    def one(desa: str, nik: str, nama: str, born: date) -> Person:
        household = Household.objects.create(wilayah_id=desa, no_kk=nik[:6] + "0101100001")
        person = Person.objects.create(
            nik=nik, nama=nama, nama_kunci=name_key(nama), jenis_kelamin="P",
            tanggal_lahir=born, household=household, hubungan_keluarga="kepala",
        )  # fmt: skip
        Membership.objects.create(person=person, household=household, hubungan="kepala")
        return person

    people = {
        SITI: one("63.71.01.1001", SITI, "Siti Masniah", date(1950, 7, 1)),
        HAMID: one("63.72.02.1003", HAMID, "Abdul Hamid", date(1950, 1, 1)),
    }
    refresh_counts()  # as a load leaves the registry: its headline counts made
    return people


def user_with_token(peran: str, wilayah: str) -> tuple[User, str]:
    user = User.objects.create_user(f"{peran}.{wilayah}.{uuid.uuid4().hex[:6]}")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    return user, ApiToken.issue(user, "OpenSPP uji")[1]


def envelope(action: str, message: dict, sender_uri: str | None, total: int = 1) -> dict:
    header = {
        "version": "1.0.0", "message_id": str(uuid.uuid4()), "message_ts": TS,
        "action": action, "sender_id": "openspp.example.org", "receiver_id": "datusoban",
        "total_count": total, "is_msg_encrypted": False,
    }  # fmt: skip
    if sender_uri is not None:
        header["sender_uri"] = sender_uri
    return {"signature": "", "header": header, "message": message}


def subscribe_item(event: str = "DEATH", filter_=None, reference: str = "ref-1", **more) -> dict:
    criteria = {
        "version": "1.0.0",
        "reg_type": "ns:org:RegistryType:Social",
        "reg_event_type": event,
        "filter_type": "predicate",
        "filter": filter_ if filter_ is not None else [{"seq_num": 1, "expression1": {
            "attribute_name": "location", "operator": "eq", "attribute_value": "63"}}],
        "notify_record_type": "SRPerson",
        **more,
    }  # fmt: skip
    return {"reference_id": reference, "timestamp": TS, "subscribe_criteria": criteria,
            "locale": "ind"}  # fmt: skip


def subscribe_body(uri: str | None, *items: dict, txn: str = "txn-sub-1") -> dict:
    items = items or (subscribe_item(),)
    message = {"transaction_id": txn, "subscribe_request": list(items)}
    return envelope("subscribe", message, uri, total=len(items))


def unsubscribe_body(uri: str | None, *codes: str, txn: str = "txn-unsub-1") -> dict:
    message = {"transaction_id": txn, "timestamp": TS, "subscription_codes": list(codes)}
    return envelope("unsubscribe", message, uri)


def ack_errors(body) -> list[str]:
    """The acknowledgement checked against the specification's Response (what the
    asynchronous operations answer, by reference), formats checked."""
    from openapi_schema_validator import OAS30Validator, oas30_format_checker

    from datusoban.dci.schemas import pointer, specification

    where = pointer("components", "responses", "Response", "content", "application/json",
                    "schema")  # fmt: skip
    validator = OAS30Validator({**specification(), "$ref": where},
                               format_checker=oas30_format_checker)  # fmt: skip
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]


def post(client, url: str, body, token: str | None, *, conforming: bool = True):
    if conforming:
        assert request_errors(url.removeprefix("/dci"), body) == []
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def acked(response, url: str) -> str:
    """The ACK's correlation id; the ACK (to ``url``) checked against the specification."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert ack_errors(body) == [], body
    assert body["message"]["ack_status"] == "ACK"
    return body["message"]["correlation_id"]


def refused(response, code: str) -> str:
    """The acknowledgement ERR (checked against the specification), its message."""
    assert response.status_code == 200, response.content
    body = response.json()
    assert ack_errors(body) == [], body
    assert body["message"]["ack_status"] == "ERR"
    assert body["message"]["error"]["code"] == code
    return body["message"]["error"]["message"]


def unauthorized(response) -> None:
    assert response.status_code == 401, response.content
    body = response.json()
    assert http_error_errors(body) == []
    assert body["errors"][0]["code"] == "err.request.unauthorized"


def outbox_run() -> None:
    """What the worker's tasks do, in this test's transaction: the events waiting are
    turned into notifications, and every callback due is posted (over HTTP)."""
    pending()
    deliver_due()


@pytest.fixture
def run_outbox():
    return outbox_run


def callbacks(receiver, run_worker, action: str, count: int = 1) -> list[dict]:
    """The envelopes ``action`` posted once the outbox ran (``run_worker``: the real
    worker, or its tasks' work in the test's transaction), each checked as the
    specification says the subscriber's endpoint receives it."""
    run_worker()
    got = [r for r in receiver.received if r.action == action]
    assert len(got) == count, [r.action for r in receiver.received]
    for r in got:
        assert request_errors(f"/registry/{action}", r.body) == [], r.body
    return [r.body for r in got]


def subscribed(client, receiver, run_worker, token: str, *items: dict) -> list[dict]:
    uri = f"{receiver.url}/registry/on-subscribe"
    correlation = acked(post(client, SUBSCRIBE, subscribe_body(uri, *items), token), SUBSCRIBE)
    (body,) = callbacks(receiver, run_worker, "on-subscribe")
    assert body["message"]["correlation_id"] == correlation
    assert body["message"]["transaction_id"] == "txn-sub-1"
    receiver.received.clear()
    return body["message"]["subscribe_response"]


def death_applied(person: Person, operator, capture=None) -> None:
    """A death the civil registry reported, applied by an officer; ``capture``: the
    test's transaction stands for the commit (the change is told once it commits)."""
    usulan = UsulanKematian.objects.create(
        nomor_peristiwa=f"DRN:{person.nik}", nik=person.nik, nama=person.nama,
        tanggal_kematian=DIED, bukti={}, person=person, padanan="nik",
    )  # fmt: skip
    if capture is None:
        terapkan(operator, usulan.pk, today=date(2026, 12, 6))
        return
    with capture(execute=True):
        terapkan(operator, usulan.pk, today=date(2026, 12, 6))


# --- the issue's own: a death the registry applied reaches the subscriber ---------------


@pytest.mark.django_db(transaction=True)  # commits for real; the worker closes its connection
@pytest.mark.usefixtures("trail_emptied")
def test_a_subscriber_is_notified_of_a_death_the_registry_applied(
    client, people, receiver, run_worker
):
    subscriber, token = user_with_token("operator_kabkota", "63.71")
    (answer,) = subscribed(client, receiver, run_worker, token, subscribe_item("DEATH"))
    assert answer["status"] == "succ" and answer["reference_id"] == "ref-1"
    (info,) = answer["subscriptions"]
    assert info["status"] == "subscribe" and info["reg_event_type"] == "DEATH"
    operator, _ = user_with_token("operator_kabkota", "63.71")

    death_applied(people[SITI], operator)

    (notify,) = callbacks(receiver, run_worker, "notify")
    assert receiver.of("notify")[0].path == "/registry/notify"  # beside on-subscribe
    assert notify["header"]["meta"] == {"subscription_code": info["code"],
                                        "reg_event_type": "DEATH"}  # fmt: skip
    assert notify["message"]["transaction_id"] == "txn-sub-1"
    (event,) = notify["message"]["notify_event"]
    record = event["data"]["reg_records"]
    assert record["identifier"] == [{"identifier_type": "NationalID", "identifier_value": SITI}]
    assert record["death_date"] == DIED.isoformat()
    assert {"status": "meninggal"} in record["additional_attributes"]
    # One audit row for the person disclosed, as the subscriber's read.
    (row,) = AuditEvent.objects.filter(pengguna=subscriber)
    assert (row.aksi, row.nik, row.rincian["dci"]["langganan"]) == ("baca", SITI, info["code"])


def test_a_death_outside_the_subscribers_scope_or_filter_is_not_sent(
    client, people, receiver, run_outbox, django_capture_on_commit_callbacks
):
    _, banjarbaru = user_with_token("operator_kabkota", "63.72")
    subscribed(client, receiver, run_outbox, banjarbaru, subscribe_item("DEATH"))
    _, province = user_with_token("analis_provinsi", "63")
    only_hamid = {"type": "NIK", "value": HAMID}
    subscribed(client, receiver, run_outbox, province,
               subscribe_item("DEATH", only_hamid, filter_type="idtype-value"))  # fmt: skip
    operator, _ = user_with_token("admin_provinsi", "63")
    death_applied(people[SITI], operator, django_capture_on_commit_callbacks)
    assert callbacks(receiver, run_outbox, "notify", 0) == []
    assert not AuditEvent.objects.filter(aksi="baca").exists()
    death_applied(people[HAMID], operator, django_capture_on_commit_callbacks)
    bodies = callbacks(receiver, run_outbox, "notify", 2)
    identifiers = sorted(
        b["message"]["notify_event"][0]["data"]["reg_records"]["identifier"][0][
            "identifier_value"] for b in bodies
    )  # fmt: skip
    # The operator sees the NIK whole, the analyst masked (roles.toml), as in a search.
    assert identifiers == [HAMID, "637202••••••••05"]


def test_no_subscriber_no_event_kept(people, django_capture_on_commit_callbacks):
    operator, _ = user_with_token("admin_provinsi", "63")
    death_applied(people[SITI], operator, django_capture_on_commit_callbacks)
    assert not Peristiwa.objects.exists()


def test_a_merge_is_notified_as_a_link(
    client, people, receiver, run_outbox, django_capture_on_commit_callbacks
):
    _, token = user_with_token("admin_provinsi", "63")
    subscribed(client, receiver, run_outbox, token, subscribe_item("LINK"))
    with django_capture_on_commit_callbacks(execute=True):
        merge_persons(people[SITI].pk, people[HAMID].pk, user="pytest")
    (notify,) = callbacks(receiver, run_outbox, "notify")
    assert notify["header"]["meta"]["reg_event_type"] == "LINK"
    # The person merged away is gone: the one who remains is sent.
    (event,) = notify["message"]["notify_event"]
    assert event["data"]["reg_records"]["identifier"][0]["identifier_value"] == SITI


def test_many_people_registered_are_one_event_and_few_envelopes(
    client, receiver, run_outbox, django_capture_on_commit_callbacks
):
    from datusoban.registri.events import REGISTER, announce

    _, token = user_with_token("admin_provinsi", "63")
    subscribed(client, receiver, run_outbox, token, subscribe_item("REGISTER"))
    household = Household.objects.create(wilayah_id="63.71.01.1001")
    people = Person.objects.bulk_create(
        Person(nik=f"63710141075{i:05d}", nama=f"Warga {i}", nama_kunci=f"warga {i}",
               household=household) for i in range(250)
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        announce(REGISTER, [p.pk for p in people])
    assert Peristiwa.objects.count() == 1
    bodies = callbacks(receiver, run_outbox, "notify", 3)  # 100 people an envelope
    assert sorted(len(b["message"]["notify_event"]) for b in bodies) == [50, 100, 100]
    assert all(
        e["data"]["reg_event_type"] == "REGISTER"
        for b in bodies
        for e in b["message"]["notify_event"]
    )
    assert AuditEvent.objects.filter(aksi="baca").count() == 250


# --- subscribe ----------------------------------------------------------------------------


def test_what_one_request_asks_wrongly_is_refused_in_the_callback(
    client, people, receiver, run_outbox
):
    _, token = user_with_token("operator_kabkota", "63.71")
    answers = subscribed(
        client, receiver, run_outbox, token,
        subscribe_item("LiveBirth", reference="r-event"),
        subscribe_item("DEATH", {"type": "UIN", "value": "TEST-001"}, reference="r-nik",
                       filter_type="idtype-value"),
        subscribe_item("DEATH", [{"expression1": {"attribute_name": "poverty_score",
                                                  "operator": "lt", "attribute_value": 2}}],
                       reference="r-filter"),
        subscribe_item("DEATH", reference="r-ok"),
        subscribe_item("death", reference="r-same"),
        subscribe_item("DEATH", reference="r-ok"),
    )  # fmt: skip
    assert [(a["reference_id"], a["status"], a.get("status_reason_code")) for a in answers] == [
        ("r-event", "rjct", "rjct.notify_types.invalid"),
        ("r-nik", "rjct", "rjct.person_id.invalid"),
        ("r-filter", "rjct", "rjct.notify_details.invalid"),
        ("r-ok", "succ", None),
        ("r-same", "rjct", "rjct.event.already_subscribed"),
        ("r-ok", "rjct", "rjct.reference_id.duplicate"),
    ]
    assert Langganan.objects.count() == 1
    assert all(a.get("status_reason_message") for a in answers if a["status"] == "rjct")


def test_an_envelope_the_registry_refuses_is_answered_at_once_and_nothing_kept(
    client, people, receiver, run_outbox
):
    _, token = user_with_token("operator_kabkota", "63.71")
    uri = f"{receiver.url}/registry/on-subscribe"
    no_message = subscribe_body(uri)
    del no_message["message"]
    refused(post(client, SUBSCRIBE, no_message, token, conforming=False), "err.request.bad")
    local_time = subscribe_body(uri)
    local_time["message"]["subscribe_request"][0]["timestamp"] = "2024-01-15T10:30:00"
    assert "zona waktu" in refused(post(client, SUBSCRIBE, local_time, token, conforming=False),
                                   "err.request.bad")  # fmt: skip
    no_callback = subscribe_body(None)
    refused(post(client, SUBSCRIBE, no_callback, token), "err.sender_uri.invalid")
    unauthorized(post(client, SUBSCRIBE, subscribe_body(uri), None))
    once = subscribe_body(uri)
    acked(post(client, SUBSCRIBE, once, token), SUBSCRIBE)
    assert "rjct.message_id.duplicate" in refused(post(client, SUBSCRIBE, once, token),
                                                  "err.request.bad")  # fmt: skip
    assert Langganan.objects.count() == 1
    callbacks(receiver, run_outbox, "on-subscribe", 1)


# --- unsubscribe --------------------------------------------------------------------------


def test_unsubscribing_ends_the_callers_own_subscription(
    client, people, receiver, run_outbox, django_capture_on_commit_callbacks
):
    _, token = user_with_token("operator_kabkota", "63.71")
    (answer,) = subscribed(client, receiver, run_outbox, token, subscribe_item("DEATH"))
    code = answer["subscriptions"][0]["code"]
    uri = f"{receiver.url}/registry/on-unsubscribe"
    correlation = acked(post(client, UNSUBSCRIBE, unsubscribe_body(uri, code), token), UNSUBSCRIBE)
    (body,) = callbacks(receiver, run_outbox, "on-unsubscribe")
    message = body["message"]
    assert (message["correlation_id"], message["transaction_id"]) == (correlation, "txn-unsub-1")
    assert message["status"] == "succ"
    assert message["subscription_status"] == [{"code": code, "status": "unsubscribe"}]
    assert Langganan.objects.get(kode=code).status == "berhenti"
    receiver.received.clear()
    operator, _ = user_with_token("operator_kabkota", "63.71")
    death_applied(people[SITI], operator, django_capture_on_commit_callbacks)
    assert callbacks(receiver, run_outbox, "notify", 0) == []
    # Ending it again is refused, saying so.
    acked(post(client, UNSUBSCRIBE, unsubscribe_body(uri, code), token), UNSUBSCRIBE)
    (again,) = callbacks(receiver, run_outbox, "on-unsubscribe")
    assert again["message"]["status"] == "rjct"
    assert again["message"]["status_reason_code"] == "rjct.event.already_unsubscribed"


def test_an_unknown_code_or_another_callers_is_refused_and_nothing_ended(
    client, people, receiver, run_outbox
):
    _, mine = user_with_token("operator_kabkota", "63.71")
    _, theirs = user_with_token("operator_kabkota", "63.72")
    (own,) = subscribed(client, receiver, run_outbox, mine, subscribe_item("DEATH"))
    (other,) = subscribed(client, receiver, run_outbox, theirs, subscribe_item("DEATH"))
    own, other = own["subscriptions"][0]["code"], other["subscriptions"][0]["code"]
    uri = f"{receiver.url}/registry/on-unsubscribe"
    for codes, reason in (((own, "sub-tidak-ada"), "rjct.subscription_code.invalid"),
                          ((own, other), "rjct.requester.invalid")):  # fmt: skip
        receiver.received.clear()
        acked(post(client, UNSUBSCRIBE, unsubscribe_body(uri, *codes), mine), UNSUBSCRIBE)
        (body,) = callbacks(receiver, run_outbox, "on-unsubscribe")
        assert body["message"]["status"] == "rjct"
        assert body["message"]["status_reason_code"] == reason
        # Only the caller's own subscription is described back.
        assert body["message"]["subscription_status"] == [{"code": own, "status": "subscribe"}]
    assert set(Langganan.objects.values_list("status", flat=True)) == {"aktif"}


def test_a_code_longer_than_the_specification_allows_is_refused_at_once(client, receiver):
    _, token = user_with_token("operator_kabkota", "63.71")
    uri = f"{receiver.url}/registry/on-unsubscribe"
    refused(post(client, UNSUBSCRIBE, unsubscribe_body(uri, "s" * 100), token, conforming=False),
            "err.request.bad")  # fmt: skip
    acked(post(client, UNSUBSCRIBE, unsubscribe_body(uri, "s" * 99), token), UNSUBSCRIBE)


def test_the_seeded_test_subscription_is_active_for_each_run(client, receiver, run_outbox):
    user, token = user_with_token("admin_provinsi", "63")
    uri = f"{receiver.url}/registry/on-unsubscribe"
    for run in range(2):
        seeded_subscription(user, f"{receiver.url}/registry/on-subscribe")
        acked(post(client, UNSUBSCRIBE, unsubscribe_body(uri, TEST_CODE, txn=f"t{run}"), token),
              UNSUBSCRIBE)  # fmt: skip
        body = callbacks(receiver, run_outbox, "on-unsubscribe", run + 1)[-1]
        assert body["message"]["status"] == "succ"
    assert Langganan.objects.get(kode=TEST_CODE).status == "berhenti"


def test_a_link_run_notifies_its_new_people_and_those_whose_records_grew(
    client, receiver, run_outbox, import_batch, link, django_capture_on_commit_callbacks
):
    _, token = user_with_token("admin_provinsi", "63")
    subscribed(client, receiver, run_outbox, token, subscribe_item("REGISTER", reference="r-new"),
               subscribe_item("UPDATE", reference="r-grew"))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        first = link(import_batch("dtsen", "DTSEN Kemensos"))
    with django_capture_on_commit_callbacks(execute=True):
        second = link(import_batch("dtks", "DTKS Kemensos"))
    run_outbox()
    heard: dict[str, set[str]] = {"REGISTER": set(), "UPDATE": set()}
    for got in receiver.of("notify"):
        assert request_errors("/registry/notify", got.body) == []
        kind = got.body["header"]["meta"]["reg_event_type"]
        for event in got.body["message"]["notify_event"]:
            heard[kind].add(event["reference_id"])  # the subscription's, the event's, the person's
    # Each person a run created is heard of once, when the filter (location 63: a family
    # in Kalimantan Selatan) finds them; the people the second run's records joined (no
    # more than its records attached to known people) are heard of as updated.
    assert Person.objects.count() == first.orang_baru + second.orang_baru
    in_filter = search_people(Person.objects.all(), {"kode_wilayah": "63"}, date.today())
    assert len(heard["REGISTER"]) == in_filter.count() > 600
    assert 0 < len(heard["UPDATE"]) <= second.rekaman_ke_orang_lama


def test_a_death_a_proven_grievance_recorded_is_notified_too(
    client, people, receiver, run_outbox, django_capture_on_commit_callbacks
):
    from datusoban.sanggahan.actions import NewGrievance, receive, verify

    _, token = user_with_token("operator_kabkota", "63.71")
    subscribed(client, receiver, run_outbox, token, subscribe_item("DEATH"))
    operator, _ = user_with_token("operator_kabkota", "63.71")
    when = date(2026, 12, 2)
    grievance = receive(operator, NewGrievance(
        kategori="data_salah", uraian="Beliau sudah wafat", wilayah="63.71.01.1001",
        person_id=people[SITI].pk, diterima=when,
    ))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        verify(operator, grievance.pk, hasil="terbukti", tindak_lanjut="meninggal",
               catatan="Surat kematian dari desa", tanggal=when, tanggal_status=DIED)  # fmt: skip
    (notify,) = callbacks(receiver, run_outbox, "notify")
    (event,) = notify["message"]["notify_event"]
    assert event["data"]["reg_records"]["death_date"] == DIED.isoformat()


def test_an_event_whose_task_was_lost_is_queued_again_and_notified_once(people, receiver):
    from datusoban.dci.notify import process, resume
    from datusoban.registri.events import DEATH

    user, _ = user_with_token("operator_kabkota", "63.71")
    subscription = seeded_subscription(user, f"{receiver.url}/registry/on-subscribe",
                                       nik=SITI, code="sub-uji-2")  # fmt: skip
    Langganan.objects.filter(pk=subscription.pk).update(peristiwa=DEATH)
    # As a worker killed after the change committed leaves it: kept, its task gone.
    event = Peristiwa.objects.create(jenis=DEATH, orang=[people[SITI].pk, people[HAMID].pk])
    assert resume() == 1
    assert process(event.pk) == 1  # the task queued again, run
    assert process(event.pk) == 0  # and a second task for it finds it done
    assert resume() == 0
    deliver_due()
    (notify,) = [r.body for r in receiver.of("notify")]
    (item,) = notify["message"]["notify_event"]  # Hamid is outside the filter and the scope
    assert item["data"]["reg_records"]["identifier"][0]["identifier_value"] == SITI

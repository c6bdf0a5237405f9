"""The SPDCI Social Registry API (/dci/): every request sent and every answer received is
checked against the specification's schemas; scope, masking and audit as for any read."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, ApiToken, AuditEvent

from .conformance import component_errors, http_error_errors, request_errors, response_errors
from .conftest import CHILD_NIK, OTHER_NIK, RIZKY_KK, RIZKY_NIK

pytestmark = pytest.mark.django_db
SEARCH = "/dci/registry/sync/search"
STATUS = "/dci/registry/sync/txn/status"
SEARCH_PATH = "/registry/sync/search"
STATUS_PATH = "/registry/sync/txn/status"
TS = "2026-12-06T10:00:00+08:00"


def token_for(peran: str, wilayah: str) -> str:
    user = User.objects.create_user(f"{peran}.{wilayah}.{uuid.uuid4().hex[:6]}", password="x")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    return ApiToken.issue(user, "OpenSPP uji")[1]


def envelope(action: str, message: dict, total: int = 1, **header) -> dict:
    return {
        "signature": "",
        "header": {
            "version": "1.0.0",
            "message_id": str(uuid.uuid4()),
            "message_ts": TS,
            "action": action,
            "sender_id": "openspp.example.org",
            "receiver_id": "datusoban",
            "total_count": total,
            "is_msg_encrypted": False,
            **header,
        },
        "message": message,
    }


def request_item(query_type: str, query, reference: str = "ref-1", **criteria) -> dict:
    return {
        "reference_id": reference,
        "timestamp": TS,
        "search_criteria": {
            "version": "1.0.0",
            "reg_type": "ns:org:RegistryType:Social",
            "query_type": query_type,
            "query": query,
            "pagination": {"page_size": 10, "page_number": 1},
            **criteria,
        },
        "locale": "ind",
    }


def search_body(*items: dict, txn: str = "txn-1", **header) -> dict:
    message = {"transaction_id": txn, "search_request": list(items)}
    return envelope(header.pop("action", "search"), message, total=len(items), **header)


def send(client, url: str, body, token: str | None, *, conforming: bool = True):
    """POST ``body``; a request meant to conform is checked against the specification."""
    if conforming:
        assert request_errors(url.removeprefix("/dci"), body) == []
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    text = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, text, content_type="application/json", **headers)


def answered(response, path: str = SEARCH_PATH) -> dict:
    """The answer, checked against the specification's response schema."""
    body = response.json()
    assert response_errors(path, body) == [], body
    return body


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert http_error_errors(body) == []
    assert body["errors"][0]["code"] == code
    assert body["errors"][0]["message"]
    return body


def by_nik(nik: str, **criteria) -> dict:
    return request_item("idtype-value", {"type": "UIN", "value": nik}, **criteria)


def names(item: dict) -> list[str]:
    return [r["name"]["given_name"] for r in item["data"]["reg_records"]]


# --- searches -----------------------------------------------------------------------


def test_a_nik_finds_the_person_in_scope_and_the_disclosure_is_audited(client, registry):
    token = token_for("operator_kabkota", "63.71")
    consent = {"purpose": {"text": "Verifikasi calon penerima PKH", "code": "verifikasi"}}
    response = send(client, SEARCH, search_body(by_nik(RIZKY_NIK, consent=consent)), token)
    assert response.status_code == 200
    body = answered(response)
    assert body["header"]["status"] == "succ" and body["header"]["action"] == "on-search"
    item = body["message"]["search_response"][0]
    assert item["status"] == "succ" and item["reference_id"] == "ref-1"
    assert item["pagination"] == {"page_size": 10, "page_number": 1, "total_count": 1}
    (record,) = item["data"]["reg_records"]
    assert record["identifier"] == [
        {"identifier_type": "NationalID", "identifier_value": RIZKY_NIK}
    ]
    assert record["sex"] == "male" and record["birth_date"] == "1980-03-12"
    # Operators see no health data (roles.toml): not even whether there is any.
    assert "is_disabled" not in record and "disability_info" not in record
    (row,) = AuditEvent.objects.filter(nik=RIZKY_NIK)
    assert row.aksi == "cari" and row.objek == "orang"
    assert row.tujuan == "Verifikasi calon penerima PKH"
    dci = row.rincian["dci"]
    assert dci["transaction_id"] == "txn-1" and dci["reference_id"] == "ref-1"
    assert dci["correlation_id"] == body["message"]["correlation_id"]


def test_masking_and_health_data_follow_the_role(client, registry):
    analyst = token_for("analis_provinsi", "63")
    record = answered(send(client, SEARCH, search_body(by_nik(RIZKY_NIK)), analyst))[
        "message"]["search_response"][0]["data"]["reg_records"][0]  # fmt: skip
    assert record["identifier"][0]["identifier_value"] == "637101••••••••01"
    assert RIZKY_NIK not in json.dumps(record, ensure_ascii=False)
    worker = token_for("pendamping", "63.71.01")
    record = answered(send(client, SEARCH, search_body(by_nik(RIZKY_NIK)), worker))[
        "message"]["search_response"][0]["data"]["reg_records"][0]  # fmt: skip
    assert record["is_disabled"] is True
    assert record["disability_info"] == [{"disability_type": "Kesulitan berjalan/naik tangga"}]


def test_a_person_outside_the_callers_region_is_not_found(client, registry):
    token = token_for("operator_kabkota", "63.71")
    item = answered(send(client, SEARCH, search_body(by_nik(OTHER_NIK)), token))["message"][
        "search_response"][0]  # fmt: skip
    assert item["status"] == "succ"
    assert item["data"]["reg_records"] == [] and item["pagination"]["total_count"] == 0
    # Looking a NIK up is processing it, found or not.
    assert AuditEvent.objects.filter(nik=OTHER_NIK).count() == 1


def test_a_family_card_number_answers_the_household_with_its_members(client, registry):
    token = token_for("operator_kabkota", "63.71")
    query = {"type": "HouseholdID", "value": RIZKY_KK}
    item = answered(send(client, SEARCH, search_body(request_item("idtype-value", query)), token))[
        "message"]["search_response"][0]  # fmt: skip
    assert item["data"]["reg_record_type"] == "Group"
    (group,) = item["data"]["reg_records"]
    assert group["group_identifier"][0]["identifier_value"] == RIZKY_KK
    assert group["group_size"] == 3
    members = {m["demographic_info"]["name"]["given_name"]: m for m in group["member_list"]}
    assert set(members) == {"Moh. Rizky", "Siti Aminah", "Ahmad Fauzan"}
    assert group["group_head_info"]["member_identifier"][0]["identifier_value"] == RIZKY_NIK
    assert members["Siti Aminah"]["relationship_head"] == "Istri"
    # One audit row per member disclosed.
    audited = set(AuditEvent.objects.values_list("nik", flat=True))
    assert audited == {RIZKY_NIK, "6371015506900002", CHILD_NIK}


def test_a_role_without_childrens_data_gets_the_family_without_the_child(client, registry):
    token = token_for("auditor", "63")
    query = {"type": "HouseholdID", "value": RIZKY_KK}
    body = answered(send(client, SEARCH, search_body(request_item("idtype-value", query)), token))
    text = json.dumps(body, ensure_ascii=False)
    assert "Ahmad Fauzan" not in text and CHILD_NIK[:6] + "•" not in text.replace(
        RIZKY_NIK[:6] + "•", ""
    )
    (group,) = body["message"]["search_response"][0]["data"]["reg_records"]
    assert len(group["member_list"]) == 2
    assert not AuditEvent.objects.filter(nik=CHILD_NIK).exists()


def test_an_expression_query_over_groups(client, registry):
    token = token_for("analis_provinsi", "63")
    query = {
        "type": "ns:org:QueryType:expression",
        "value": {"expression": {"collection": "Group", "query": {"$and": [
            {"group_size": {"$lt": 5}}, {"location": {"$eq": "63.71"}}, {"age": {"$gte": 18}},
        ]}}},
    }  # fmt: skip
    item = answered(send(client, SEARCH, search_body(request_item("expression", query)), token))[
        "message"]["search_response"][0]  # fmt: skip
    assert item["status"] == "succ", item
    (group,) = item["data"]["reg_records"]
    assert group["group_identifier"][0]["identifier_value"].startswith("637101")


def test_a_predicate_query_over_people_with_pages(client, registry):
    token = token_for("operator_kabkota", "63.71")
    query = [
        {"seq_num": 1,
         "expression1": {"attribute_name": "age", "operator": "ge", "attribute_value": 18},
         "condition": "and",
         "expression2": {"attribute_name": "location", "operator": "eq",
                         "attribute_value": "63.71"}},
    ]  # fmt: skip
    first = request_item("predicate", query, "p1", pagination={"page_size": 1, "page_number": 1})
    second = request_item("predicate", query, "p2", pagination={"page_size": 1, "page_number": 2})
    items = answered(send(client, SEARCH, search_body(first, second), token))["message"][
        "search_response"]  # fmt: skip
    assert [i["pagination"]["total_count"] for i in items] == [2, 2]
    assert names(items[0]) == ["Moh. Rizky"] and names(items[1]) == ["Siti Aminah"]


# --- refusals of one request of a batch -------------------------------------------------


@pytest.mark.parametrize(
    ("item", "code", "words"),
    [
        (request_item("predicate", [{"expression1": {"attribute_name": "poverty_score",
         "operator": "lt", "attribute_value": 2.5}}]), "rjct.search_criteria.invalid",
         "belum didukung"),
        (request_item("predicate", [{"expression1": {"attribute_name": "age", "operator": "lt",
         "attribute_value": 25}, "condition": "or", "expression2": {"attribute_name": "sex",
         "operator": "eq", "attribute_value": "female"}}]), "rjct.search_criteria.invalid",
         "'or' belum didukung"),
        (request_item("idtype-value", {"type": "UIN", "value": "TEST-001"}),
         "rjct.search_criteria.invalid", "16 angka"),
        (request_item("idtype-value", {"type": "MOBILE", "value": "0812"}),
         "rjct.search_criteria.invalid", "tidak dikenal"),
        (by_nik(RIZKY_NIK, pagination={"page_size": 0}), "rjct.pagination.invalid", "page_size"),
        (by_nik(RIZKY_NIK, sort=[{"attribute_name": "age", "sort_order": "asc"}]),
         "rjct.sort.invalid", "Pengurutan"),
    ],
)  # fmt: skip
def test_a_request_the_registry_cannot_answer_is_refused_with_the_specs_reason(
    client, registry, item, code, words
):
    token = token_for("operator_kabkota", "63.71")
    good = by_nik(RIZKY_NIK, reference="ok")
    body = answered(send(client, SEARCH, search_body(item, good), token))
    refused_item, answered_item = body["message"]["search_response"]
    assert refused_item["status"] == "rjct" and refused_item["status_reason_code"] == code
    assert words in refused_item["status_reason_message"]
    # The other request of the batch is answered all the same.
    assert answered_item["status"] == "succ" and names(answered_item) == ["Moh. Rizky"]
    assert body["header"]["completed_count"] == 2


def test_a_request_not_matching_the_schema_and_a_duplicate_reference(client, registry):
    token = token_for("operator_kabkota", "63.71")
    broken = by_nik(RIZKY_NIK)
    del broken["search_criteria"]["query_type"]
    late = by_nik(RIZKY_NIK, reference="t")
    late["timestamp"] = "kemarin"
    body = search_body(broken, by_nik(RIZKY_NIK), by_nik(RIZKY_NIK), late)
    items = answered(send(client, SEARCH, body, token, conforming=False))["message"][
        "search_response"]  # fmt: skip
    assert [i["status"] for i in items] == ["rjct", "succ", "rjct", "rjct"]
    assert items[0]["status_reason_code"] == "rjct.search_criteria.invalid"
    assert "query_type" in items[0]["status_reason_message"]
    assert items[2]["status_reason_code"] == "rjct.reference_id.duplicate"
    assert items[3]["status_reason_code"] == "rjct.timestamp.invalid"


# --- refusals of the envelope ------------------------------------------------------------


def test_no_token_or_a_bad_one_is_unauthorized(client, registry):
    refused(send(client, SEARCH, search_body(by_nik(RIZKY_NIK)), None), 401,
            "err.request.unauthorized")  # fmt: skip
    refused(send(client, SEARCH, search_body(by_nik(RIZKY_NIK)), "dsb_salah"), 401,
            "err.request.unauthorized")  # fmt: skip
    assert not AuditEvent.objects.exists()


def test_a_user_without_role_or_region_is_forbidden(client, registry):
    user = User.objects.create_user("tanpa.akun", password="x")
    token = ApiToken.issue(user, "uji")[1]
    refused(send(client, SEARCH, search_body(by_nik(RIZKY_NIK)), token), 403,
            "err.request.forbidden")  # fmt: skip


def test_a_body_that_is_no_envelope_is_a_bad_request(client, registry):
    token = token_for("operator_kabkota", "63.71")
    refused(send(client, SEARCH, "{bukan json", token, conforming=False), 400, "err.request.bad")
    refused(send(client, SEARCH, {"message": {}}, token, conforming=False), 400,
            "err.request.bad")  # fmt: skip
    body = search_body(by_nik(RIZKY_NIK))
    del body["header"]["sender_id"]
    answer = refused(send(client, SEARCH, body, token, conforming=False), 400, "err.request.bad")
    assert "sender_id" in answer["errors"][0]["message"]
    body = search_body(by_nik(RIZKY_NIK))
    del body["message"]["transaction_id"]
    refused(send(client, SEARCH, body, token, conforming=False), 400, "err.request.bad")
    encrypted = envelope("search", {"header": {"alg": "RSA-OAEP", "enc": "A256GCM", "kid": "k"},
                         "ciphertext": "x", "encrypted_key": "x", "tag": "x", "iv": "x"},
                         is_msg_encrypted=True)  # fmt: skip
    refused(send(client, SEARCH, encrypted, token), 400, "err.encryption.invalid")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"action": "subscribe"}, "rjct.action.invalid"),
        ({"version": "2.0.0"}, "rjct.version.invalid"),
        ({"message_ts": "06-12-2026"}, "rjct.message_ts.invalid"),
        ({"total_count": 3}, "rjct.total_count.invalid"),
    ],
)
def test_a_header_the_registry_refuses_is_answered_rjct(client, registry, change, reason):
    token = token_for("operator_kabkota", "63.71")
    body = search_body(by_nik(RIZKY_NIK), **change)
    # A wrong action or timestamp is outside the schema too; a version or a count is not.
    conforming = reason in ("rjct.version.invalid", "rjct.total_count.invalid")
    response = send(client, SEARCH, body, token, conforming=conforming)
    assert response.status_code == 400
    answer = answered(response)
    assert answer["header"]["status"] == "rjct"
    assert answer["header"]["status_reason_code"] == reason
    assert answer["header"]["status_reason_message"]
    assert "message" not in answer and not AuditEvent.objects.exists()


def test_a_message_id_is_accepted_once(client, registry):
    token = token_for("operator_kabkota", "63.71")
    body = search_body(by_nik(RIZKY_NIK))
    assert send(client, SEARCH, body, token).status_code == 200
    again = answered(send(client, SEARCH, body, token))
    assert again["header"]["status_reason_code"] == "rjct.message_id.duplicate"


def test_only_post_is_offered(client, registry):
    response = client.get(SEARCH)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert http_error_errors(response.json()) == []


# --- transaction status ------------------------------------------------------------------


def status_body(attribute_type: str, value, txn: str = "txn-1") -> dict:
    message = {
        "transaction_id": txn,
        "txnstatus_request": {"reference_id": "s-1", "txn_type": "search",
                              "attribute_type": attribute_type, "attribute_value": value},
    }  # fmt: skip
    return envelope("txn-status", message)


def test_the_status_of_a_search_by_its_ids(client, registry):
    token = token_for("operator_kabkota", "63.71")
    bad = request_item("idtype-value", {"type": "UIN", "value": "1"}, "r2")
    sent = answered(
        send(client, SEARCH, search_body(by_nik(RIZKY_NIK, reference="r1"), bad), token)
    )
    correlation = sent["message"]["correlation_id"]
    for attribute_type, value in (("transaction_id", "txn-1"), ("correlation_id", correlation)):
        response = send(client, STATUS, status_body(attribute_type, value), token)
        assert response.status_code == 200
        body = answered(response, STATUS_PATH)
        status = body["message"]["txnstatus_response"]["txn_status"]
        assert status["correlation_id"] == correlation
        assert [(s["reference_id"], s["status"]) for s in status["search_response"]] == [
            ("r1", "succ"),
            ("r2", "rjct"),
        ]
        assert "data" not in status["search_response"][0]  # records are not sent again
    body = answered(send(client, STATUS, status_body("reference_id_list", ["r2"]), token),
                    STATUS_PATH)  # fmt: skip
    status = body["message"]["txnstatus_response"]["txn_status"]
    assert [s["reference_id"] for s in status["search_response"]] == ["r2"]
    assert component_errors("TxnStatusResponse", body["message"]) == []


def test_another_callers_transaction_is_not_found(client, registry):
    mine = token_for("operator_kabkota", "63.71")
    send(client, SEARCH, search_body(by_nik(RIZKY_NIK)), mine)
    theirs = token_for("operator_kabkota", "63.72")
    response = send(client, STATUS, status_body("transaction_id", "txn-1"), theirs)
    # The specification's "not found" is the header's rjct; HTTP 404 is for addresses.
    assert response.status_code == 200
    body = answered(response, STATUS_PATH)
    assert body["header"]["status"] == "rjct"
    assert "tidak ditemukan" in body["header"]["status_reason_message"]
    asked = body["message"]["txnstatus_response"]["txn_status"]
    assert asked["transaction_id"] == "txn-1" and asked["search_response"] == []


def test_a_status_request_not_matching_the_schema(client, registry):
    token = token_for("operator_kabkota", "63.71")
    body = status_body("transaction_id", "txn-1")
    del body["message"]["txnstatus_request"]["attribute_type"]
    answer = refused(send(client, STATUS, body, token, conforming=False), 400, "err.request.bad")
    assert "attribute_type" in answer["errors"][0]["message"]
    wrong = status_body("transaction_id", "txn-1")
    wrong["header"]["action"] = "search"
    assert answered(send(client, STATUS, wrong, token, conforming=False), STATUS_PATH)["header"][
        "status_reason_code"] == "rjct.action.invalid"  # fmt: skip


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/dci/registry/subscribe/", "tanpa garis miring akhir"),
        ("/dci/registry/notify", "alamat balasan di sistem Anda"),
        ("/dci/registry/on-search", "alamat balasan di sistem Anda"),
        ("/dci/registry/sync/search/", "tanpa garis miring akhir"),
        ("/dci/lain", "yang tersedia"),
    ],
)
def test_other_addresses_answer_the_specs_not_found(client, url, words):
    body = refused(client.post(url, "{}", content_type="application/json"), 404,
                   "err.request.not_found")  # fmt: skip
    assert words in body["errors"][0]["message"]

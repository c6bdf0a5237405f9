"""The civil registry client against a CRVS server over real HTTP: a person found by NIK,
deaths since a date in a region; an answer off the standard, a refusal, a wrong token or
a registry that does not answer, each refused with a message saying what is wrong."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.crvs.client import CrvsClient
from datusoban.refusal import RefusedError


def test_a_person_found_by_nik(client, crvs):
    [found] = client.cari_nik("6371011203800001")
    assert (found.nik, found.nama) == ("6371011203800001", "Siti Aminah")
    assert (found.tanggal_lahir, found.tanggal_kematian) == (date(1950, 5, 1), date(2026, 2, 20))
    assert found.nomor_peristiwa == "DRN:6371-KM-20260220-0001"
    assert found.asli["death_place"] == "RSUD Ulin Banjarmasin"
    # What went over the wire is a DCI search: header, and an idtype-value query on NIK.
    [sent] = crvs.requests
    assert (sent["header"]["action"], sent["header"]["total_count"]) == ("search", 1)
    criteria = sent["message"]["search_request"][0]["search_criteria"]
    assert criteria["query_type"] == "idtype-value"
    assert criteria["query"] == {"type": "NIK", "value": "6371011203800001"}


def test_a_living_person_and_an_unknown_nik(client):
    [living] = client.cari_nik("6371014107550002")
    assert living.tanggal_kematian is None and living.nomor_akta_kematian is None
    assert client.cari_nik("6371010101010009") == []


def test_deaths_since_a_date_in_a_region(client):
    province = client.kematian_sejak(date(2026, 1, 1), "63")
    assert sorted(r.nik for r in province) == ["6371011203800001", "6372024506600003"]
    # A date and time with its zone is read as the date it names.
    assert {r.nik: r.tanggal_kematian for r in province}["6372024506600003"] == date(2026, 1, 11)
    [kota] = client.kematian_sejak(date(2025, 1, 1), "63.72")
    assert kota.nomor_peristiwa == "DRN:6372-KM-20260111-0007"
    assert len(client.kematian_sejak(date(2025, 1, 1), "63")) == 3


@pytest.mark.parametrize(
    ("rusak", "kode", "says"),
    [
        ("bukan_json", "crvs_jawaban_rusak", "bukan JSON"),
        ("tanpa_search_response", "crvs_jawaban_rusak", "message.search_response bukan daftar"),
        ("nik_salah", "crvs_jawaban_rusak", "reg_records[0] berisi NIK yang tidak sah ('12AB')"),
        ("tanggal_salah", "crvs_jawaban_rusak",
         "reg_records[0].death_date bukan tanggal ISO 8601 ('20 Februari 2026')"),
        ("referensi_lain", "crvs_jawaban_rusak", "tanpa jawaban untuk permintaan"),
        ("http_500", "crvs_http", "kesalahan HTTP 500"),
    ],
)  # fmt: skip
def test_an_answer_off_the_standard_is_refused(client, crvs, rusak, kode, says):
    crvs.rusak = rusak
    with pytest.raises(RefusedError) as refused:
        client.cari_nik("6371011203800001")
    assert refused.value.kode == kode
    assert says in refused.value.pesan
    assert refused.value.pesan.startswith(("Jawaban registri sipil", "Registri sipil"))


def test_the_registry_refusing_a_query_is_said_in_its_words(client):
    with pytest.raises(RefusedError) as refused:
        client._search("graphql", {"type": "graphql", "value": {"expression": "{ person }"}})
    assert refused.value.kode == "crvs_menolak"
    assert "rjct.search_criteria.invalid" in refused.value.pesan
    assert "Kriteria pencarian tidak dikenali" in refused.value.pesan


def test_a_wrong_token_and_a_registry_that_does_not_answer(crvs):
    with pytest.raises(RefusedError) as refused:
        CrvsClient(crvs.url, "token-lain", timeout=5).cari_nik("6371011203800001")
    assert refused.value.kode == "crvs_http"
    assert "HTTP 401" in refused.value.pesan and "periksa token" in refused.value.pesan
    crvs.__exit__(None, None, None)
    with pytest.raises(RefusedError) as refused:
        CrvsClient(crvs.url, "x", timeout=2).cari_nik("6371011203800001")
    assert refused.value.kode == "crvs_tidak_terjangkau"
    assert crvs.url in refused.value.pesan

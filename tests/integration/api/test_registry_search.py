"""Registry search: identifiers, names in any spelling, predicates; scoped, masked, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, AuditEvent
from datusoban.identity.names import name_key
from datusoban.registri.models import Household, Membership, Person

pytestmark = pytest.mark.django_db
URL = "/api/v1/registri/orang"
SEARCH = "/api/v1/registri/orang/cari"  # conditions in the body: a NIK never in an address
RIZKI_NIK = "6371011203800001"


@pytest.fixture
def registry():
    def family(desa: str, no_kk: str, *members):
        household = Household.objects.create(wilayah_id=desa, no_kk=no_kk)
        for nik, nama, sex, born, extra in members:
            person = Person.objects.create(
                nik=nik, nama=nama, nama_kunci=name_key(nama), jenis_kelamin=sex,
                tanggal_lahir=born, household=household, **extra,
            )  # fmt: skip
            Membership.objects.create(person=person, household=household, hubungan="anak")

    family(
        "63.71.01.1001",
        "6371010101100001",
        (RIZKI_NIK, "Moh. Rizky", "L", date(1980, 3, 12), {"disabilitas": "fisik"}),
        ("6371015506900002", "Siti Aminah", "P", date(1990, 6, 15), {}),
        ("6371011505150003", "Ahmad", "L", date(2015, 5, 15), {}),
    )
    family(
        "63.72.02.1003",
        "6372020101100001",
        ("6372021203800004", "Muhammad Rizki", "L", date(1980, 3, 12), {}),
    )


def as_user(client, peran: str, wilayah: str):
    user = User.objects.create_user(f"{peran}.{wilayah}", password="x")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return client


def search(client, **conditions):
    response = client.post(SEARCH, conditions, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_name_in_another_spelling_is_found_only_within_scope(client, registry):
    found = search(as_user(client, "operator_kabkota", "63.71"), nama="MUHAMMAD RIZKI")
    assert [p["nama"] for p in found["data"]] == ["Moh. Rizky"]
    assert found["data"][0]["nik"] == RIZKI_NIK  # operators see NIKs in full
    assert found["data"][0]["anggota_keluarga"] == 3


def test_roles_see_masked_identifiers_and_no_health_data_as_their_role_says(client, registry):
    analyst = search(as_user(client, "analis_provinsi", "63"), nama="Muhammad Rizki")
    assert len(analyst["data"]) == 2
    first = analyst["data"][0]
    assert first["nik"] == "637101••••••••01" and first["no_kk"].startswith("637101••")
    assert first["disabilitas"] is None
    worker = search(as_user(client, "pendamping", "63.71.01"), nik=RIZKI_NIK)
    assert worker["data"][0]["disabilitas"] == "fisik"


def test_predicates_age_sex_and_family_size(client, registry):
    operator = as_user(client, "operator_kabkota", "63.71")
    adults = search(operator, kode_wilayah="63.71", umur_min=18)
    assert {p["nama"] for p in adults["data"]} == {"Moh. Rizky", "Siti Aminah"}
    women = search(operator, kode_wilayah="63.71", jenis_kelamin="P")
    assert [p["nama"] for p in women["data"]] == ["Siti Aminah"]
    children = search(operator, kode_wilayah="63.71", umur_maks=17)
    assert [p["nama"] for p in children["data"]] == ["Ahmad"]
    large = search(operator, kode_wilayah="63", anggota_min=3)
    assert large["jumlah"] == 3
    paged = search(operator, kode_wilayah="63.71", per_halaman=2, halaman=2)
    assert (paged["jumlah"], len(paged["data"])) == (3, 1)


def test_every_person_shown_is_recorded_and_so_is_a_fruitless_lookup(client, registry):
    operator = as_user(client, "operator_kabkota", "63.71")
    search(operator, kode_wilayah="63.71")
    assert AuditEvent.objects.filter(aksi="cari").count() == 3
    assert AuditEvent.objects.filter(nik=RIZKI_NIK, nama_pengguna="operator_kabkota.63.71").exists()
    search(operator, nik="6372021203800004")  # out of scope: not found, still recorded
    assert AuditEvent.objects.filter(nik="6372021203800004", objek_id="").count() == 1


def test_no_condition_returns_nothing_and_bad_input_is_refused(client, registry):
    operator = as_user(client, "operator_kabkota", "63.71")
    assert search(operator)["data"] == []
    for bad in ({"nik": "12345"}, {"kode_wilayah": "64.01"}):
        assert client.post(SEARCH, bad, content_type="application/json").status_code == 422
    assert client.get(URL, {"kode_wilayah": "64.01"}).status_code == 422


def test_without_an_account_or_a_login_nothing_is_shown(client, registry):
    assert client.get(URL, {"nama": "Siti Aminah"}).status_code == 401
    body = {"nik": RIZKI_NIK}
    assert client.post(SEARCH, body, content_type="application/json").status_code == 401
    client.force_login(User.objects.create_user("tanpa.akun", password="x"))
    assert search(client, nama="Siti Aminah")["data"] == []
    assert search(client, nik=RIZKI_NIK)["data"] == []


def test_names_and_predicates_may_still_come_in_the_address(client, registry):
    operator = as_user(client, "operator_kabkota", "63.71")
    by_address = client.get(URL, {"nama": "muhammad rizki", "per_halaman": 5}).json()
    assert [p["nama"] for p in by_address["data"]] == ["Moh. Rizky"]
    assert by_address == search(operator, nama="muhammad rizki", per_halaman=5)
    assert AuditEvent.objects.filter(aksi="cari", nik=RIZKI_NIK).count() == 2


@pytest.mark.parametrize(
    "query",
    [{"nik": RIZKI_NIK}, {"no_kk": "6371010101100001"}, {"nik": "123"},
     {"nama": RIZKI_NIK}, {"nama": "Siti", "kode": "6371010101100001"}],
    ids=["nik", "no_kk", "malformed-nik", "nik-as-name", "other-parameter"],
)  # fmt: skip
def test_an_identifier_in_the_address_is_refused_with_the_route_to_use(client, registry, query):
    as_user(client, "operator_kabkota", "63.71")
    response = client.get(URL, query)
    assert response.status_code == 400
    refusal = response.json()
    assert refusal["kode"] == "pengenal_di_alamat"
    assert "POST /api/v1/registri/orang/cari" in refusal["pesan"]
    assert not AuditEvent.objects.exists()  # nothing searched, nothing shown

"""Name search finds any part of a name, words in any order and any spelling the name key
folds, best matches first, within the caller's scope: the builder, the page and the API."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account
from datusoban.identity.names import name_key
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Membership, Person
from datusoban.registri.search import search_people

pytestmark = pytest.mark.django_db
MANTUIL = "63.71.01.1001"  # Kota Banjarmasin
BANJARBARU = "63.72.02.1003"  # Kota Banjarbaru
TODAY = date(2026, 12, 1)

# Real names as registers write them; all adults, in Kota Banjarmasin unless said.
BANJARMASIN_NAMES = (
    "Fatimah",
    "EVI FATIMAH",
    "Siti Fatimah Evi Yanti",
    "Fatimah Zahra",
    "Nurul Fatimahsari",  # FATIMAH inside a word
    "Hj. Siti Aminah",
    "MUHAMMAD RIZKI",
    "Moh. Rizky Ramadhan",
    "Muhammad",
    "Ahmad Fauzi",
    "Evi Yanti",
    "Ni Luh Putu Ayu",
)
BANJARBARU_NAMES = ("Fatimah Evi", "Muhammad Iqbal")


@pytest.fixture
def world() -> dict[str, Person]:
    people = {}
    for desa, names in ((MANTUIL, BANJARMASIN_NAMES), (BANJARBARU, BANJARBARU_NAMES)):
        household = Household.objects.create(wilayah_id=desa)
        for n, nama in enumerate(names):
            person = Person.objects.create(
                nama=nama, nama_kunci=name_key(nama), household=household,
                tanggal_lahir=date(1970 + n, 1, 2), jenis_kelamin="P",
            )  # fmt: skip
            Membership.objects.create(person=person, household=household, hubungan="lain")
            people[nama] = person
    return people


def names(nama: str, people=None) -> list[str]:
    found = search_people(people or Person.objects.all(), {"nama": nama}, TODAY)
    return list(found.values_list("nama", flat=True))


def banjarmasin() -> object:
    return Person.objects.filter(kode_kabkota="63.71")


def test_a_word_finds_every_name_holding_it_best_first(world):
    # The same key first; then names where it is a whole word, the closest (shortest)
    # first; then names holding it inside a word.
    assert names("fatimah", banjarmasin()) == [
        "Fatimah", "EVI FATIMAH", "Fatimah Zahra", "Siti Fatimah Evi Yanti", "Nurul Fatimahsari",
    ]  # fmt: skip


def test_words_match_in_any_order(world):
    assert names("Fatimah Evi", banjarmasin()) == ["EVI FATIMAH", "Siti Fatimah Evi Yanti"]
    # Province-wide the same key comes first.
    assert names("Fatimah Evi") == ["Fatimah Evi", "EVI FATIMAH", "Siti Fatimah Evi Yanti"]


def test_any_spelling_the_name_key_folds(world):
    assert names("Muhamad") == [
        "Muhammad", "MUHAMMAD RIZKI", "Muhammad Iqbal", "Moh. Rizky Ramadhan",
    ]  # fmt: skip
    assert names("mohd rizky", banjarmasin()) == ["MUHAMMAD RIZKI", "Moh. Rizky Ramadhan"]
    assert names("Sitti Aminah") == ["Hj. Siti Aminah"]  # the title set aside


def test_a_word_of_one_or_two_letters_is_a_whole_word_beside_a_longer_one(world):
    assert names("M Rizki") == ["MUHAMMAD RIZKI", "Moh. Rizky Ramadhan"]  # M: Muhammad
    assert names("putu ni") == ["Ni Luh Putu Ayu"]
    assert names("Yanti Ev") == []  # not a part of EVI
    with pytest.raises(RefusedError) as refused:
        names("Ev Ya")
    assert refused.value.kode == "nama_terlalu_pendek"
    assert "3 huruf" in refused.value.pesan


def test_other_conditions_still_narrow_a_name_search(world):
    people = Person.objects.filter(kode_kabkota="63.72")
    assert names("fatimah", people) == ["Fatimah Evi"]
    found = search_people(Person.objects.all(), {"nama": "evi", "umur_maks": 46}, TODAY)
    assert set(found.values_list("nama", flat=True)) == {"Evi Yanti"}  # born 1980


def log_in(client, peran: str, wilayah: str):
    user = User.objects.create_user(f"{peran}.{wilayah}")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return client


def result_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row for row in body.split("<tr>")[1:]]


def test_the_page_ranks_scopes_and_shows_desa_and_kabkota_names(client, world):
    log_in(client, "operator_kabkota", "63.71")
    html = client.get("/cari/", {"nama": "Fatimah Evi"}).content.decode()
    assert "2 orang ditemukan" in html
    assert '<th scope="col" class="opt">Kab/kota</th>' in html
    rows = result_rows(html)
    assert ["EVI FATIMAH" in rows[0], "Siti Fatimah Evi Yanti" in rows[1]] == [True, True]
    assert "Mantuil" in rows[0] and "Kota Banjarmasin" in rows[0]
    assert "Banjarbaru" not in html  # "Fatimah Evi" lives outside this user's scope


def test_the_none_found_row_repeats_what_was_searched_and_where(client, world):
    log_in(client, "operator_kabkota", "63.71")
    html = client.get("/cari/", {"nama": "Zzyzx Qwerty"}).content.decode()
    assert "0 orang ditemukan" in html
    assert "Tidak ada orang yang cocok dengan nama “Zzyzx Qwerty” di Kota Banjarmasin." in html
    html = client.get("/cari/", {"nama": "Fatimah", "jenis_kelamin": "L"}).content.decode()
    expected = "Tidak ada orang yang cocok dengan nama “Fatimah”, laki-laki di Kota Banjarmasin."
    assert expected in html


def test_a_name_without_a_three_letter_word_gets_a_message_at_the_field(client, world):
    log_in(client, "operator_kabkota", "63.71")
    html = client.get("/cari/", {"nama": "Ev Ya"}).content.decode()
    assert "Nama: Nama perlu paling sedikit satu kata dengan 3 huruf atau lebih" in html
    assert 'id="hasil-cari"' not in html


def test_the_export_has_the_page_order_and_the_desa_and_kabkota_names(client, world):
    log_in(client, "admin_provinsi", "63")
    response = client.post(
        "/cari/ekspor/",
        {"nama": "fatimah evi", "tujuan": "verifikasi", "keterangan": "Surat 1/2026"},
    )
    assert response.status_code == 200
    table = list(openpyxl.load_workbook(io.BytesIO(response.content))["Orang"].values)
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    assert [(r["nama"], r["desa_kelurahan"], r["kabupaten_kota"]) for r in rows] == [
        ("Fatimah Evi", world["Fatimah Evi"].household.wilayah.nama, "Kota Banjarbaru"),
        ("EVI FATIMAH", "Mantuil", "Kota Banjarmasin"),
        ("Siti Fatimah Evi Yanti", "Mantuil", "Kota Banjarmasin"),
    ]


def test_the_api_uses_the_same_search(client, world):
    log_in(client, "operator_kabkota", "63.71")
    answer = client.post(
        "/api/v1/registri/orang/cari", {"nama": "Fatimah Evi"}, content_type="application/json"
    ).json()
    assert [(p["nama"], p["kabupaten_kota"], p["desa_kelurahan"]) for p in answer["data"]] == [
        ("EVI FATIMAH", "Kota Banjarmasin", "Mantuil"),
        ("Siti Fatimah Evi Yanti", "Kota Banjarmasin", "Mantuil"),
    ]
    by_address = client.get("/api/v1/registri/orang", {"nama": "muhamad"}).json()
    assert [p["nama"] for p in by_address["data"]] == [
        "Muhammad", "MUHAMMAD RIZKI", "Moh. Rizky Ramadhan",
    ]  # fmt: skip
    short = client.get("/api/v1/registri/orang", {"nama": "Ev Ya"})
    assert short.status_code == 400
    assert short.json()["kode"] == "nama_terlalu_pendek"


def test_a_count_past_the_limit_says_more_and_pages_follow_the_ranking(client, world, monkeypatch):
    from datusoban.accounts import found_people

    for n in range(3):  # five people of the same key in all, ten holding it
        Person.objects.create(
            nama="FATIMAH", nama_kunci="FATIMAH", tanggal_lahir=date(1990, 1, n + 1)
        )
    Person.objects.create(nama="Fatimah.", nama_kunci="FATIMAH", tanggal_lahir=date(1991, 1, 1))
    everyone = names("fatimah")
    assert len(everyone) == 10 and everyone[:5] == [
        "Fatimah",
        "FATIMAH",
        "FATIMAH",
        "FATIMAH",
        "Fatimah.",
    ]
    log_in(client, "admin_provinsi", "63")

    def page(n: int, per: int = 2) -> dict:
        return client.get(
            "/api/v1/registri/orang", {"nama": "fatimah", "halaman": n, "per_halaman": per}
        ).json()

    exact = [page(n)["data"] for n in range(1, 7)]
    assert [p["nama"] for rows in exact for p in rows] == everyone
    assert page(1)["jumlah"] == 10 and page(1)["jumlah_lebih"] is False

    monkeypatch.setattr(found_people, "COUNT_LIMIT", 4)  # the same key alone passes it
    first = page(1)
    assert (first["jumlah"], first["jumlah_lebih"]) == (4, True)
    pages = [page(n)["data"] for n in range(1, 7)]
    assert [p["nama"] for rows in pages for p in rows] == everyone
    monkeypatch.setattr(found_people, "COUNT_LIMIT", 8)  # the ranked ids, up to the limit
    assert (page(1)["jumlah"], page(1)["jumlah_lebih"]) == (8, True)
    assert [p["nama"] for n in range(1, 7) for p in page(n)["data"]] == everyone
    html = client.get("/cari/", {"nama": "fatimah"}).content.decode()
    assert "Lebih dari 8 orang ditemukan" in html


def test_a_none_found_nik_is_repeated_as_the_role_may_see_it(client, world):
    nik = "6371011203809999"
    log_in(client, "analis_provinsi", "63")  # sees NIKs masked
    html = client.post("/cari/", {"nik": nik}, HTTP_HX_REQUEST="true").content.decode()
    assert "Tidak ada orang yang cocok dengan NIK " in html
    assert "di Provinsi Kalimantan Selatan." in html
    assert nik not in html

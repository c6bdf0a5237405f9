"""Search results as XLSX: only roles that may export, only with a purpose from the list,
masked and withheld as the role says, capped, one audit row per person exported."""

from __future__ import annotations

import io

import openpyxl
import pytest

from datusoban.accounts.masking import mask_identifier
from datusoban.accounts.models import AuditEvent
from datusoban.accounts.purposes import purposes
from datusoban.identity.names import name_key
from datusoban.registri.models import Person
from datusoban.registri.views import search_export

from .people import CHILD_NIK, OTHER_NIK, RIZKY_KK, RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
URL = "/cari/ekspor/"
BANJARMASIN = {"kode_wilayah": "63.71"}
PURPOSE = {"tujuan": "verifikasi", "keterangan": "Surat 12/DINSOS/2026"}
RECORDED = f"{purposes('pencarian')['verifikasi']}: Surat 12/DINSOS/2026"


def rows(response) -> list[dict]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    table = list(book["Orang"].iter_rows(values_only=True))
    return [dict(zip(table[0], r, strict=True)) for r in table[1:]]


def notes(response) -> dict[str, str]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return dict(list(book["Keterangan"].iter_rows(values_only=True))[1:])


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(aksi="ekspor").order_by("objek_id"))


def test_an_export_writes_the_people_found_and_one_audit_row_each(client, people: People):
    log_in_as(client, "admin_provinsi", "63")
    asked = client.get(URL, BANJARMASIN)
    assert asked.status_code == 200 and "<dd>3 orang dalam cakupan Anda" in asked.content.decode()
    assert exports() == []  # asking for the purpose exports nothing
    response = client.post(URL, {**BANJARMASIN, **PURPOSE})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="hasil-pencarian-')
    found = rows(response)
    assert [r["nama"] for r in found] == ["Moh. Rizky", "Siti Aminah", "Ahmad Fauzan"]
    rizky = found[0]
    assert (rizky["nik"], rizky["no_kk"], rizky["id_orang"]) == (
        RIZKY_NIK,
        RIZKY_KK,
        people.rizky.pk,
    )
    assert (rizky["disabilitas"], rizky["anggota_keluarga"]) == ("berjalan", 3)
    assert rizky["tanggal_lahir"].date().isoformat() == "1980-03-12"
    assert notes(response)["Tujuan"] == RECORDED
    trail = exports()
    assert sorted(t.objek_id for t in trail) == sorted(
        str(p.pk) for p in (people.rizky, people.siti, people.child)
    )
    assert {(t.objek, t.tujuan, t.nama_pengguna) for t in trail} == {
        ("orang", RECORDED, "admin_provinsi.63")
    }
    assert {t.nik for t in trail} == {RIZKY_NIK, people.siti.nik, CHILD_NIK}
    assert trail[0].rincian["syarat"] == BANJARMASIN and trail[0].rincian["diekspor"] == 3


def test_identifiers_masked_and_health_and_children_withheld_as_the_role_says(client, people):
    # Analis provinsi: no full NIK, no health data, children allowed.
    log_in_as(client, "analis_provinsi", "63")
    found = rows(client.post(URL, {**BANJARMASIN, **PURPOSE}))
    assert [r["nik"] for r in found] == [
        mask_identifier(n) for n in (RIZKY_NIK, people.siti.nik, CHILD_NIK)
    ]
    assert found[0]["no_kk"] == mask_identifier(RIZKY_KK)
    assert "disabilitas" not in found[0] and "penyakit_kronis" not in found[0]
    # The audit row keeps the real NIK: the data subject's report must find it.
    assert RIZKY_NIK in {t.nik for t in exports()}


def test_a_kabkota_operator_exports_within_their_kabkota_only(client, people):
    log_in_as(client, "operator_kabkota", "63.72")
    response = client.post(URL, {"nama": "Muhammad Rizky", **PURPOSE})
    assert [r["nik"] for r in rows(response)] == [OTHER_NIK]
    assert [t.objek_id for t in exports()] == [str(people.other.pk)]


def test_no_export_without_a_purpose(client, people):
    log_in_as(client, "admin_provinsi", "63")
    missing = client.post(URL, BANJARMASIN)
    assert missing.status_code == 400 and "Pilih tujuan ekspor" in missing.content.decode()
    unknown = client.post(URL, {**BANJARMASIN, "tujuan": "iseng"})
    assert unknown.status_code == 400
    other = client.post(URL, {**BANJARMASIN, "tujuan": "lainnya", "keterangan": "  "})
    assert other.status_code == 400 and "Lainnya" in other.content.decode()
    written = client.post(URL, {**BANJARMASIN, "tujuan": "lainnya", "keterangan": "Rapat TKSK"})
    assert written.status_code == 200
    assert {t.tujuan for t in exports()} == {"Lainnya (sebutkan): Rapat TKSK"}


def test_no_export_without_a_condition(client, people):
    log_in_as(client, "admin_provinsi", "63")
    assert client.post(URL, PURPOSE).status_code == 400
    assert client.post(URL, {"nik": "123", **PURPOSE}).status_code == 400
    assert exports() == []


@pytest.mark.parametrize("peran", ["pendamping", "staf_layanan", "auditor"])
def test_roles_without_the_export_permission_are_refused(client, people, peran):
    log_in_as(client, peran, "63")
    assert client.get(URL, BANJARMASIN).status_code == 403
    assert client.post(URL, {**BANJARMASIN, **PURPOSE}).status_code == 403
    assert exports() == []
    # The search page offers the export only to roles that may.
    assert "ekspor-hasil" not in client.get("/cari/", BANJARMASIN).content.decode()


def _export_form(page: str) -> str:
    start = page.index('<form method="post" action="/cari/ekspor/"')
    return page[start : page.index("</form>", start)]


def test_the_search_page_offers_the_export_with_its_conditions(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    form = _export_form(client.get("/cari/", {"nama": "Siti Aminah"}).content.decode())
    assert '<input type="hidden" name="nama" value="Siti Aminah">' in form
    assert '<input type="hidden" name="langkah" value="tujuan">' in form


def test_a_nik_search_is_exported_without_the_nik_in_an_address(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.post("/cari/", {"nik": RIZKY_NIK}, follow=True).content.decode()
    form = _export_form(page)
    assert f'<input type="hidden" name="nik" value="{RIZKY_NIK}">' in form
    # The button asks for the purpose: nothing exported, nothing recorded yet.
    asked = client.post(URL, {"nik": RIZKY_NIK, "langkah": "tujuan"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "<dd>1 orang dalam cakupan Anda" in page
    assert exports() == [] and "Pilih tujuan ekspor" not in page
    # The way back to the results is posted too.
    assert '<form method="post" action="/cari/" class="inline" id="kembali-ke-hasil">' in page
    assert f"?nik={RIZKY_NIK}" not in page
    response = client.post(URL, {"nik": RIZKY_NIK, **PURPOSE})
    assert [r["nik"] for r in rows(response)] == [RIZKY_NIK]
    assert [t.objek_id for t in exports()] == [str(people.rizky.pk)]


def test_an_old_export_address_with_a_nik_exports_nothing(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    response = client.get(URL, {"nik": RIZKY_NIK})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="pengenal-di-alamat"' in page
    assert "Ditemukan" not in page and RIZKY_NIK not in page
    assert not AuditEvent.objects.exists()


def test_the_export_is_capped_and_says_so(client, people, monkeypatch):
    monkeypatch.setattr(search_export, "EXPORT_LIMIT", 2)
    log_in_as(client, "admin_provinsi", "63")
    assert "batas 2 orang per ekspor" in client.get(URL, BANJARMASIN).content.decode()
    response = client.post(URL, {**BANJARMASIN, **PURPOSE})
    assert len(rows(response)) == 2
    assert notes(response)["Ditemukan"] == "3" and "batas 2 orang" in notes(response)["Diekspor"]
    assert len(exports()) == 2  # the audit trail names exactly the people in the file


def test_formula_cells_are_neutralised(client, people):
    name = '=HYPERLINK("http://contoh.invalid","klik")'
    Person.objects.create(
        nama=name, nama_kunci=name_key(name) or "x", household=people.rizky.household
    )
    log_in_as(client, "admin_provinsi", "63")
    response = client.post(URL, {**BANJARMASIN, **PURPOSE})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in book["Orang"].iter_rows() for c in row if c.value]
    risky = [c for c in cells if str(c.value).lstrip("'").startswith("=")]
    assert [c.value for c in risky] == ["'" + name]
    assert all(c.data_type != "f" for c in cells)  # no formula anywhere

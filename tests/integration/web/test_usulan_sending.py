"""Sending verified proposals to SIKS-NG and reading the national answer, with real files:
the XLSX and CSV in the upload layout read back, their checksums, the proposals marked
sent and one audit row per person with the purpose; the answer applied whole (padan with
the desil on the household's ranking, tidak padan with its reason) or, with a bad row,
nothing stored and every bad row named; the recap counting it all, scoped."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from datusoban.accounts.models import AuditEvent
from datusoban.impor.layout_fit import check_layout
from datusoban.impor.profiles import profile_by_name
from datusoban.sasaran.models import PeringkatKeluarga
from datusoban.usulan import actions, sending
from datusoban.usulan.models import JawabanNasional, Pengiriman, Usulan
from datusoban.usulan.siksng import COLUMNS

from .people import RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
NEW_NIK = "6371014107950011"
PERIOD = timezone.localdate().strftime("%Y-%m")


def _verified(user, people: People) -> list[Usulan]:
    """Three verified proposals of Kota Banjarmasin: someone new, Rizky's removal, the
    family's desil (its three members)."""
    new = actions.NewProposal(
        jenis="baru", data={"nama": "Nur Aisyah", "nik": NEW_NIK, "no_kk": "6371010101200031",
                            "jenis_kelamin": "P", "tanggal_lahir": "1995-07-01",
                            "alamat": "Jl. Baru 2", "kode_wilayah": "63.71.01.1001"},
    )  # fmt: skip
    made = [
        actions.propose(user, new),
        actions.propose(user, actions.NewProposal(
            jenis="hapus", person_id=people.rizky.pk, alasan_hapus="pindah")),
        actions.propose(user, actions.NewProposal(
            jenis="desil", household_id=people.rizky.household_id, keterangan="Musdes")),
    ]  # fmt: skip
    for u in made:
        actions.verify(
            user, u.pk, hasil_kunjungan="sesuai", dikunjungi_oleh="Pak Amat",
            dikunjungi_pada=timezone.localdate(),
        )  # fmt: skip
    return made


def _send(client, kabkota: str = "63.71"):
    return client.post(
        "/usulan/kirim/", {"kabkota": kabkota, "periode": PERIOD, "tujuan": "pengiriman"}
    )


@pytest.fixture
def operator(client, people: People):
    return log_in_as(client, "operator_kabkota", "63.71")


def test_a_batch_in_the_siksng_layout_read_back(client, operator, people: People, home: Path):
    made = _verified(operator, people)
    counted = client.get(f"/usulan/kirim/?kabkota=63.71&periode={PERIOD}").content.decode()
    assert "3 usulan terverifikasi menunggu dikirim" in counted
    response = _send(client)
    batch = Pengiriman.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/usulan/pengiriman/{batch.pk}/"
    assert (batch.jumlah_usulan, batch.jumlah_orang, batch.dibuat_oleh) == (3, 5, operator.username)
    xlsx, csv = sending.path_of(batch, "xlsx"), sending.path_of(batch, "csv")
    assert hashlib.sha256(xlsx.read_bytes()).hexdigest() == batch.sha256_xlsx
    assert hashlib.sha256(csv.read_bytes()).hexdigest() == batch.sha256_csv
    sheet = openpyxl.load_workbook(xlsx, read_only=True)["Usulan"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == COLUMNS
    # The header is the SIKS-NG export's as the import knows it: its profile fits, no other
    # shipped profile fits better.
    check_layout(profile_by_name("siks-ng"), list(COLUMNS), xlsx.name)
    table = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]
    # The CSV holds the same rows (an empty cell is None in the workbook, "" in the CSV).
    as_csv = pl.read_csv(csv, infer_schema=False).fill_null("").to_dicts()
    assert [{k: v or "" for k, v in row.items()} for row in table] == as_csv
    by_nik = {r["nomor_nik"]: r for r in table}
    new = by_nik[NEW_NIK]
    assert (new["nama"], new["jenis_usulan"], new["id_usulan"]) == (
        "Nur Aisyah",
        "Daftar baru",
        str(made[0].pk),
    )
    assert (new["kabupaten_kota"], new["desa_kelurahan"], new["jenis_kelamin"]) == (
        "Kota Banjarmasin",
        wilayah_name("63.71.01.1001"),
        "Perempuan",
    )
    removal = [r for r in table if r["id_usulan"] == str(made[1].pk)]
    assert [(r["nomor_nik"], r["alasan_usulan"]) for r in removal] == [
        (RIZKY_NIK, "Pindah domisili")
    ]
    assert removal[0]["jenis_pmks"]  # his PPKS categories, by name
    family = [r["nomor_nik"] for r in table if r["id_usulan"] == str(made[2].pk)]
    assert sorted(family) == sorted([RIZKY_NIK, people.siti.nik, people.child.nik])
    assert {u.status for u in Usulan.objects.all()} == {"dikirim"}
    exported = AuditEvent.objects.filter(aksi="ekspor", objek="pengiriman_usulan")
    assert exported.count() == 5 and {e.tujuan for e in exported} == {
        "Pengiriman usulan ke SIKS-NG (Kemensos)"
    }
    # Sent once: nothing left to send for the month.
    again = _send(client)
    assert again.status_code == 400 and "Tidak ada usulan terverifikasi" in again.content.decode()
    # Each download is an export with its purpose: the stored bytes, audited per person.
    assert client.get(f"/usulan/pengiriman/{batch.pk}/usulan.csv").status_code == 200
    got = client.post(f"/usulan/pengiriman/{batch.pk}/usulan.csv", {"tujuan": "arsip"})
    assert got.status_code == 200 and got.content == csv.read_bytes()
    assert AuditEvent.objects.filter(aksi="ekspor", tujuan="Arsip pengiriman usulan").count() == 5
    got = client.post(f"/usulan/pengiriman/{batch.pk}/usulan.xlsx", {"tujuan": "arsip"})
    assert got.content == xlsx.read_bytes()


def wilayah_name(kode: str) -> str:
    from datusoban.reference.wilayah import name_of

    return name_of(kode)


def test_sending_is_refused_out_of_region_and_for_roles(client, operator, people: People):
    _verified(operator, people)
    assert _send(client, "63.72").status_code == 400  # not among the choices
    client.logout()
    log_in_as(client, "analis_provinsi", "63")
    assert client.get("/usulan/kirim/").status_code == 403
    assert _send(client).status_code == 403
    assert not Pengiriman.objects.exists()


def _answer(client, text: str, name: str = "jawaban.csv"):
    upload = SimpleUploadedFile(name, text.encode())
    return client.post("/usulan/jawaban/", {"berkas": upload})


def test_the_national_answer_applied_whole(client, operator, people: People):
    made = _verified(operator, people)
    _send(client)
    household = people.rizky.household
    PeringkatKeluarga.objects.create(
        household=household, versi="2025.1", skor=13.1, desil=3, desil_kabkota=2,
        dihitung_pada=timezone.now(),
    )  # fmt: skip
    new, removal, desil = made
    bad = _answer(client, "id_usulan,hasil,alasan,desil\n"
                          f"{new.pk},padan,,4\n{removal.pk},tidak padan,,\n"
                          f"{desil.pk},padan,,11\n999999,padan,,\n{new.pk},padan,,\n")  # fmt: skip
    text = bad.content.decode()
    assert bad.status_code == 400
    for expected in ("Baris 3: alasan tidak padan wajib diisi.",
                     "Baris 4: desil harus angka 1 sampai 10",
                     "Baris 5: usulan 999999 tidak ada",
                     f"Baris 6: usulan {new.pk} sudah dijawab di baris 2."):  # fmt: skip
        assert expected in text
    assert not JawabanNasional.objects.exists()
    assert {u.status for u in Usulan.objects.all()} == {"dikirim"}
    good = _answer(client, "id_usulan;hasil;alasan;desil\n"
                           f"{removal.pk};TIDAK PADAN;NIK tidak ditemukan di Dukcapil;\n"
                           f"{desil.pk};Padan;;2\n")  # fmt: skip
    assert good.status_code == 302
    # By NIK, in a second file.
    assert _answer(client, f"nik,hasil,desil\n{NEW_NIK},padan,5\n").status_code == 302
    removal.refresh_from_db()
    desil.refresh_from_db()
    new.refresh_from_db()
    assert (removal.status, removal.alasan_nasional) == (
        "tidak_padan",
        "NIK tidak ditemukan di Dukcapil",
    )
    assert (desil.status, desil.desil_dtsen) == ("padan", 2)
    assert (new.status, new.desil_dtsen) == ("padan", 5)
    assert PeringkatKeluarga.objects.get(household=household).desil_dtsen == 2
    first = JawabanNasional.objects.order_by("pk").first()
    assert (first.padan, first.tidak_padan, first.desil_diterapkan) == (1, 1, 1)
    # Answered: a second answer for it is refused; finishing closes it.
    again = _answer(client, f"id_usulan,hasil\n{desil.pk},padan\n")
    assert (
        again.status_code == 400 and "tidak ada di antara usulan terkirim" in again.content.decode()
    )
    client.post(f"/usulan/{desil.pk}/selesai/", {"catatan": "Desil diperbarui"})
    desil.refresh_from_db()
    assert desil.status == "selesai" and desil.selesai_oleh == operator.username
    page = client.get(f"/keluarga/{household.pk}/").content.decode()
    assert "desil DTSEN 2" in page and "Selesai" in page


def test_an_answer_file_that_cannot_be_read_is_refused_with_its_reason(client, operator, people):
    assert "kolom hasil" in _answer(client, "nama,umur\nA,3\n").content.decode()
    assert _answer(client, "").status_code == 400
    assert "bukan CSV atau XLSX" in _answer(client, "x", name="jawaban.pdf").content.decode()


def test_the_recap_counts_per_kabkota_and_month_scoped(client, operator, people: People):
    made = _verified(operator, people)
    _send(client)
    _answer(
        client, f"id_usulan,hasil,alasan\n{made[1].pk},tidak padan,Nama beda\n{made[2].pk},padan,\n"
    )
    other = actions.propose(
        log_in_as_user("operator_kabkota", "63.72"),
        actions.NewProposal(jenis="hapus", person_id=people.other.pk, alasan_hapus="ganda"),
    )
    assert other.kode_kabkota == "63.72"
    page = client.get("/usulan/rekap/").content.decode()
    assert "Kota Banjarmasin" in page and "Kota Banjarbaru" not in page
    row = page[page.index('id="rekap-kabkota"') : page.index('id="rekap-bulan"')]
    # Made 3, refused 0, sent 3, padan 1, tidak padan 1, waiting 1.
    cells = [c for c in row.split('<td class="num">')[1:7]]
    assert [c.split("<")[0] for c in cells] == ["3", "0", "3", "1", "1", "1"]
    assert 'id="grafik-usulan"' in page
    client.logout()
    log_in_as(client, "auditor", "63")
    page = client.get("/usulan/rekap/").content.decode()
    assert "Kota Banjarmasin" in page and "Kota Banjarbaru" in page


def log_in_as_user(peran: str, wilayah: str):
    from django.contrib.auth.models import User

    from datusoban.accounts.models import Account

    user = User.objects.create_user(f"{peran}.{wilayah}.lain")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    return user


def test_verified_in_another_month_is_not_sent_with_this_one(client, operator, people: People):
    made = _verified(operator, people)
    Usulan.objects.filter(pk=made[0].pk).update(diverifikasi_pada=date.today() - timedelta(days=40))
    _send(client)
    assert Pengiriman.objects.get().jumlah_usulan == 2
    assert Usulan.objects.get(pk=made[0].pk).status == "diverifikasi"

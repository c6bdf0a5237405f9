"""Sasaran pages over a small synthetic registry: the stored ranking, eligibility and
accuracy runs shown with the kab/kota rows in scope; the allocation preview computed on
request and "simpan dan usulkan" queuing the job that stores it and creates diusulkan
enrolments (403 for read-only roles)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from datusoban.accounts.models import AuditEvent
from datusoban.formatting import angka
from datusoban.program.models import Kepesertaan
from datusoban.sasaran.accuracy_services import run_accuracy
from datusoban.sasaran.eligibility_services import run_eligibility
from datusoban.sasaran.models import AlokasiAnggaran, PenilaianKelayakan
from datusoban.sasaran.services import rank_registry

from .people import log_in_as

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)


@pytest.fixture
def registry(tmp_path):
    call_command(
        "synth", people=1_500, seed=21, out=tmp_path / "sumber", load=True, no_files=True,
        stdout=io.StringIO(),
    )  # fmt: skip
    rank_registry(as_of=AS_OF)
    run_eligibility(["PKH", "BPNT"], AS_OF, user="pytest")
    run_accuracy(["PKH"], AS_OF, user="pytest")


def kabkota_rows(page: str, table: str) -> set[str]:
    body = page.split(f'id="{table}"')[1].split("</table>")[0]
    return set(re.findall(r'<tr data-kode="([\d.]+)"', body))


def test_stored_runs_are_shown_with_the_kabkota_rows_in_scope(client, registry):
    run = PenilaianKelayakan.objects.get(program_id="PKH")
    every = {k for k in run.per_kabkota if k}
    assert len(every) > 1
    own = sorted(every)[0]
    log_in_as(client, "admin_provinsi", "63")
    page = client.get("/sasaran/").content.decode()
    assert kabkota_rows(page, "tabel-desil") == every
    assert 'href="/sasaran/kelayakan/PKH/"' in page
    page = client.get("/sasaran/kelayakan/PKH/").content.decode()
    assert kabkota_rows(page, "per-kabkota") == every
    assert "datusoban " not in page and angka(run.layak) in page
    assert set(re.findall(r'<tr data-aturan="(\w+)"', page)) == set(run.per_aturan)
    client.logout()
    log_in_as(client, "operator_kabkota", own)
    page = client.get("/sasaran/").content.decode()
    assert kabkota_rows(page, "tabel-desil") == {own}
    assert kabkota_rows(client.get("/sasaran/kelayakan/PKH/").content.decode(), "per-kabkota") == {
        own
    }
    page = client.get("/sasaran/ketepatan/").content.decode()
    assert 'data-program="PKH"' in page and "Galat inklusi" in page
    assert set(re.findall(r'<tr data-kode="([\d.]+)"', page)) == {own}
    assert client.get("/sasaran/kelayakan/BLT/").status_code == 404


def _form(**fields) -> dict:
    return {"program": "BPNT", "anggaran": "", "jumlah": "", "banding": "", "peserta": "",
            "tanggal": AS_OF.isoformat(), **fields}  # fmt: skip


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it used
def test_the_allocation_preview_stores_nothing_and_saving_proposes_enrolments(
    client, registry, run_worker, trail_emptied
):
    log_in_as(client, "admin_provinsi", "63")
    before = Kepesertaan.objects.count()
    page = client.post(
        "/sasaran/alokasi/", _form(anggaran="Rp600 juta", banding="300jt; 1,2 miliar")
    ).content.decode()
    assert "Pratinjau (belum disimpan)" in page and 'id="simpan"' in page
    assert "Rp600.000.000" in page and 'id="banding"' in page
    chosen = int(re.search(r'id="dipilih">([\d.]+)', page).group(1).replace(".", ""))
    assert chosen > 0
    assert not AlokasiAnggaran.objects.exists() and Kepesertaan.objects.count() == before
    response = client.post("/sasaran/alokasi/", _form(anggaran="Rp600 juta", simpan="1"))
    # Saved and proposed by a background job, however many units it proposes.
    job = re.fullmatch(r"/pekerjaan/([0-9a-f-]{36})/", response["Location"]).group(1)
    assert not AlokasiAnggaran.objects.exists()
    assert 'data-status="antre"' in client.get(response["Location"]).content.decode()
    run_worker()
    run = AlokasiAnggaran.objects.get()
    page = client.get(f"/pekerjaan/{job}/").content.decode()
    assert 'data-status="selesai"' in page and f'href="/sasaran/alokasi/{run.pk}/"' in page
    assert f"Alokasi #{run.pk} BPNT disimpan" in page
    proposed = Kepesertaan.objects.filter(program_id="BPNT", status="diusulkan")
    assert run.diusulkan == proposed.count() == Kepesertaan.objects.count() - before > 0
    assert run.dipilih == chosen
    assert AuditEvent.objects.filter(objek="alokasi", aksi="ubah", objek_id=str(run.pk)).exists()
    page = client.get(f"/sasaran/alokasi/{run.pk}/").content.decode()
    assert f"Alokasi #{run.pk}" in page
    assert f'href="/sasaran/alokasi/{run.pk}/"' in client.get("/sasaran/alokasi/").content.decode()


def test_read_only_roles_may_preview_but_not_save(client, registry):
    log_in_as(client, "analis_provinsi", "63")
    page = client.post("/sasaran/alokasi/", _form(jumlah="50")).content.decode()
    assert "Pratinjau (belum disimpan)" in page and 'id="simpan"' not in page
    assert client.post("/sasaran/alokasi/", _form(jumlah="50", simpan="1")).status_code == 403
    assert not AlokasiAnggaran.objects.exists()
    assert not Kepesertaan.objects.filter(status="diusulkan").exists()


def test_a_quota_file_is_read_and_carried_to_the_save_and_errors_are_shown(client, registry):
    log_in_as(client, "admin_provinsi", "63")
    quota = SimpleUploadedFile("kuota.csv", b"kode_kabkota,jumlah\n63.71,3\n")
    page = client.post("/sasaran/alokasi/", {**_form(jumlah="40"), "kuota": quota}).content.decode()
    assert "Pratinjau (belum disimpan)" in page, page
    assert "Kuota dari berkas kuota.csv" in page and 'name="kuota_teks" value="kode_kabkota' in page
    row = page.split('<tr data-kode="63.71">')[1].split("</tr>")[0]
    assert re.findall(r'<td class="num opt">([\d.]+)</td>', row)[-2] == "3"  # its quota
    broken = SimpleUploadedFile("kuota.csv", b"kabupaten,jumlah\n63.71,3\n")
    page = client.post("/sasaran/alokasi/", {**_form(jumlah="40"), "kuota": broken}).content
    assert "perlu kolom kode_kabkota" in page.decode()
    page = client.post("/sasaran/alokasi/", _form(anggaran="banyak")).content.decode()
    assert "Bukan jumlah rupiah" in page
    page = client.post("/sasaran/alokasi/", _form()).content.decode()
    assert "salah satu" in page  # neither a budget nor a count

"""Upload -> queued job -> the real database worker imports it -> the page shows the counts."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django_tasks_db.models import DBTaskResult

from datusoban.impor.progress import read_progress
from datusoban.registri.models import ImportBatch

from .conftest import upload

# The worker runs in this process on its own terms (it commits, closes connections):
# these tests run outside a wrapping transaction, as the worker does in use.
pytestmark = pytest.mark.django_db(transaction=True)


def job_id_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return re.fullmatch(r"/impor/proses/([0-9a-f-]{36})/", response["Location"]).group(1)


def counts(page: str) -> dict[str, int]:
    found = dict(re.findall(r'id="jumlah-(\w+)">([\d.,]+)<', page))
    return {k: int(re.sub(r"[.,]", "", v)) for k, v in found.items()}


def test_upload_is_queued_run_by_the_worker_and_reconciled_on_the_page(operator, run_worker, home):
    job = job_id_of(upload(operator, "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin"))
    # Queued, nothing imported yet; the file waits under a generated name.
    page = operator.get(f"/impor/proses/{job}/").content.decode()
    assert 'data-status="antre"' in page and "Menunggu giliran" in page
    assert not ImportBatch.objects.exists()
    (stored,) = (home / "uploads").iterdir()
    assert "ppks" not in stored.name and stored.suffix == ".csv"

    run_worker()

    progress = read_progress(job)
    assert progress["status"] == "selesai"
    assert (progress["tahap"], progress["selesai"], progress["jumlah"]) == ("simpan", 4, 4)
    fragment = operator.get(f"/impor/proses/{job}/status/").content.decode()
    assert 'data-status="selesai"' in fragment and "hx-trigger" not in fragment  # polling stops
    shown = counts(fragment)
    assert shown["baris"] == 4
    assert shown["diterima"] + shown["karantina"] + shown["duplikat"] == shown["baris"]
    batch = ImportBatch.objects.get()
    assert (batch.diterima, batch.karantina, batch.duplikat) == (
        shown["diterima"], shown["karantina"], shown["duplikat"],
    )  # fmt: skip
    assert batch.nama_berkas == "ppks-kabkota.csv"  # the operator's name, not the stored one
    assert batch.diimpor_oleh == "admin.provinsi"
    assert not list((home / "uploads").iterdir())  # personal data does not linger
    listing = operator.get("/impor/").content.decode()
    assert "ppks-kabkota.csv" in listing and f"/impor/batch/{batch.pk}/" in listing


def test_the_same_file_again_says_already_imported(operator, run_worker):
    first = job_id_of(upload(operator, "dtsen.csv", "dtsen", "Kemensos DTSEN"))
    run_worker()
    again = job_id_of(upload(operator, "dtsen.csv", "dtsen", "Kemensos DTSEN"))
    run_worker()
    page = operator.get(f"/impor/proses/{again}/").content.decode()
    assert "sudah pernah diimpor" in page
    assert ImportBatch.objects.count() == 1
    batch = ImportBatch.objects.get()
    assert f"/impor/batch/{batch.pk}/" in page
    assert (
        counts(page)["baris"]
        == counts(operator.get(f"/impor/proses/{first}/").content.decode())["baris"]
    )


def test_a_file_the_import_refuses_shows_why_by_its_own_name_and_stores_nothing(
    operator, run_worker
):
    ragged = b"nama,nik\nMasran,6371010107400001\nSiti,6371015203120002,lebih\n"
    job = job_id_of(upload(operator, "register lansia.csv", "interchange", "Uji", ragged))
    run_worker()
    page = operator.get(f"/impor/proses/{job}/").content.decode()
    assert 'data-status="ditolak"' in page and "Berkas ditolak" in page
    message = re.search(r'id="pesan">(.*?)</p>', page, flags=re.S).group(1)
    assert "register lansia.csv" in message and "baris" in message.lower()
    assert not ImportBatch.objects.exists()
    # The task itself ended normally: a refused file is an answer, not a crash.
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_unknown_layout_is_refused_with_a_way_to_map_it(operator, run_worker):
    layout = b"Urut;Sebutan;Nomor Identitas\n1;Masran;6371010107400001\n"
    job = job_id_of(
        upload(operator, "posko.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin", layout)
    )
    run_worker()
    page = operator.get(f"/impor/proses/{job}/").content.decode()
    assert "Kolom wajib tidak ditemukan" in page, page[page.find("<main>") :]
    assert "/impor/tata-letak/" in page


def test_progress_is_written_while_the_import_runs(operator, run_worker):
    rows = 120_000  # more than two storing steps
    lines = ["record_id,nik,nama,jenis_kelamin,tanggal_lahir,kode_wilayah"]
    lines += [
        f"R{i},637101{1 + i % 28:02d}0{1 + i % 9}80{i % 10_000:04d},Warga {i},L,"
        f"{1 + i % 28:02d}-0{1 + i % 9}-1980,63.71.01.1001"
        for i in range(rows)
    ]
    content = ("\n".join(lines) + "\n").encode()
    job = job_id_of(upload(operator, "besar.csv", "interchange", "Uji besar", content))
    seen: list[dict] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if (snapshot := read_progress(job)) and snapshot not in seen[-1:]:
                seen.append(snapshot)
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        run_worker()
    finally:
        stop.set()
        watcher.join()
    running = [s for s in seen if s["status"] == "berjalan"]
    assert running, seen
    assert all(s["tahap"] in {None, "baca", "simpan"} for s in running)
    stored = [s["selesai"] for s in running if s["tahap"] == "simpan"]
    assert stored == sorted(stored)
    final = read_progress(job)
    assert final["status"] == "selesai" and final["selesai"] == final["jumlah"] == rows
    assert final["hasil"]["rows"] == rows
    page = operator.get(f"/impor/proses/{job}/").content.decode()
    assert counts(page)["baris"] == rows

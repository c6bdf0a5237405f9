"""The worst file through the real upload page and the real worker that `datusoban serve` runs,
and through the API in the server itself; then the worker killed with -9 in the middle of an
import: serve starts a new one, the job says why it failed, and the next upload is imported.

Before, the first upload aborted the worker (SIGABRT asking for 512 GiB), which serve never
restarted: every later upload stayed queued, and the dead job showed as running.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest
import requests

from .browser import free_port, wait_for

_spec = importlib.util.spec_from_file_location(
    "hostile_corpus", Path(__file__).parents[1] / "hostile" / "corpus.py"
)
corpus = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(corpus)

PASSWORD = "rahasia-panjang-123"
STATUS = re.compile(r'data-status="([a-z]+)"')


@contextmanager
def serve(datusoban_bin: str, env: dict, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [datusoban_bin, "serve", f"127.0.0.1:{port}"], env=env, stdout=out, stderr=out
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/masuk/")
            yield base, proc
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def worker_of(serve_pid: int, timeout: float = 60.0) -> int:
    """The pid of the import worker `datusoban serve` runs (its child `... worker`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == serve_pid and b"worker" in cmdline:
                return int(entry.name)
        time.sleep(0.2)
    raise AssertionError("serve runs no worker")


def logged_in(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/masuk/", timeout=30)
    session.post(
        f"{base}/masuk/",
        data={
            "username": "admin",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
    )
    return session


def upload(session: requests.Session, base: str, path: Path) -> str:
    """Send `path` through the upload page; the job page it leads to."""
    session.get(f"{base}/impor/unggah/", timeout=30)
    with path.open("rb") as handle:
        done = session.post(
            f"{base}/impor/unggah/",
            data={
                "profil": corpus.PROFILE,
                "sumber": "",
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            files={"berkas": (path.name, handle)},
            timeout=120,
        )
    assert "/impor/proses/" in done.url, done.text[:2000]
    return done.url


def status_of(session: requests.Session, job: str) -> tuple[str, str]:
    page = session.get(f"{job}status/", timeout=30).text
    return STATUS.search(page).group(1), html.unescape(re.sub(r"<[^>]+>", " ", page))


def wait_status(session, job: str, wanted: set[str], timeout: float = 240.0) -> tuple[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, text = status_of(session, job)
        if status in wanted:
            return status, text
        time.sleep(0.5)
    raise AssertionError(f"job still {status}: {text[:500]}")


@pytest.fixture
def env(migrated_env, datusoban_bin, tmp_path):
    env = {**migrated_env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    subprocess.run(
        [datusoban_bin, "createsuperuser", "--noinput", "--skip-checks", "--username", "admin",
         "--email", "admin@dinsos.invalid"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    return env


def big_csv(path: Path, rows: int = 400_000) -> Path:
    n = pl.int_range(0, rows, eager=True)
    pl.DataFrame(
        {
            "record_id": "R" + n.cast(pl.Utf8),
            "nik": (6371010101800000 + n).cast(pl.Utf8).str.slice(0, 12) + "0001",
            "nama": "Warga " + (n % 5000).cast(pl.Utf8),
            "jenis_kelamin": "L",
            "tanggal_lahir": "1980-01-01",
            "kode_wilayah": "63.71.01.1001",
        }
    ).write_csv(path)
    return path


def test_the_worst_file_is_refused_and_a_killed_worker_is_replaced(env, datusoban_bin, tmp_path):
    files = tmp_path / "berkas"
    files.mkdir()
    worst = files / corpus._far_cell_xfd(files).name
    home = Path(env["DATUSOBAN_HOME"])
    with serve(datusoban_bin, env, tmp_path / "serve.log") as (base, server):
        session = logged_in(base)
        worker = worker_of(server.pid)

        job = upload(session, base, worst)
        status, text = wait_status(session, job, {"ditolak", "gagal", "selesai"})
        assert status == "ditolak", text
        assert "XFD1048576" in text and "Tidak ada data yang disimpan" in text
        assert worker_of(server.pid) == worker  # the same worker, alive

        # The same file through the API, which imports in the web server's own process.
        with worst.open("rb") as handle:
            api = session.post(
                f"{base}/api/v1/impor/",
                data={"profil": corpus.PROFILE},
                files={"berkas": (worst.name, handle)},
                headers={"X-CSRFToken": session.cookies["csrftoken"], "Referer": f"{base}/"},
                timeout=120,
            )
        assert api.status_code == 400, api.text
        assert api.json()["kode"] == "kolom_terlalu_banyak"
        assert "XFD1048576" in api.json()["pesan"] and worst.name in api.json()["pesan"]
        assert server.poll() is None

        # A long import, and the worker killed in the middle of it.
        job = upload(session, base, big_csv(files / "besar.csv"))
        status, text = wait_status(session, job, {"berjalan", "gagal", "selesai"})
        assert status == "berjalan", text
        os.kill(worker, signal.SIGKILL)
        status, text = wait_status(session, job, {"gagal", "selesai"}, timeout=60)
        assert status == "gagal" and "SIGKILL" in text, text
        replacement = worker_of(server.pid)
        assert replacement != worker

        # The new worker takes the next upload.
        small = files / "kecil.csv"
        small.write_text(
            ",".join(corpus.HEADER) + "\n" + "\n".join(",".join(r) for r in corpus.CLEAN) + "\n"
        )
        status, text = wait_status(
            session, upload(session, base, small), {"selesai", "gagal", "ditolak"}
        )
        assert status == "selesai", text
        assert "2 diterima" in text
        assert server.poll() is None
    assert list((home / "uploads").iterdir()) == []
    assert [p for p in (home / "tmp").rglob("*") if p.is_file()] == []
    assert list((tmp_path / "tmp").iterdir()) == []
    log = (tmp_path / "serve.log").read_text()
    assert "Pekerja impor berhenti (dihentikan paksa (SIGKILL)" in log
    assert "Traceback" not in log

"""`kill -9` in the middle of an import leaves no partial batch and no orphan rows."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import polars as pl

ROWS = 400_000


def big_interchange_file(path: Path) -> Path:
    n = pl.int_range(0, ROWS, eager=True)
    frame = pl.DataFrame(
        {
            "record_id": "R" + n.cast(pl.Utf8),
            "nik": (6371010101800000 + n).cast(pl.Utf8).str.slice(0, 12) + "0001",
            "nama": "Warga " + (n % 5000).cast(pl.Utf8),
            "jenis_kelamin": pl.Series(["L", "P"]).sample(ROWS, with_replacement=True, seed=1),
            "tanggal_lahir": "1980-01-01",
            "kode_wilayah": "63.71.01.1001",
        }
    )
    frame.write_csv(path)
    return path


def count_rows(env: dict[str, str], table: str) -> int:
    url = env.get("DATUSOBAN_DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as c:
            return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    with sqlite3.connect(Path(env["DATUSOBAN_HOME"]) / "datusoban.sqlite3") as c:
        return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_kill_9_mid_import_leaves_nothing_and_a_rerun_completes(
    migrated_env, datusoban_bin, tmp_path
):
    env = {**migrated_env, "PYTHONUNBUFFERED": "1"}
    path = big_interchange_file(tmp_path / "besar.csv")
    cmd = [datusoban_bin, "import", str(path), "--profile", "interchange", "--source", "Uji"]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if "Menyimpan" in line:
            break
    assert any("Menyimpan" in line for line in seen), "".join(seen)
    time.sleep(0.3)  # well inside the write of 400,000 rows
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL

    for table in ("registry_importbatch", "registry_sourcerecord", "ingest_quarantinedrow"):
        assert count_rows(env, table) == 0, table

    done = subprocess.run([*cmd, "--json"], env=env, capture_output=True, text=True, check=True)
    assert f'"rows": {ROWS}' in done.stdout
    assert count_rows(env, "registry_sourcerecord") == ROWS
    assert count_rows(env, "registry_importbatch") == 1

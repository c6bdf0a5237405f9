"""`kill -9` of `datusoban link-registry` leaves its temporary folder; the next run removes it.

A run's folder is $DATUSOBAN_HOME/tmp/run-<pid>-<start>-…: the killed process's
folder stays (nothing runs after SIGKILL), and the next run sees from the name
that its process is gone and removes it, while a live run's folder is kept.
Nothing is written to the system's temporary folder (TMPDIR) at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import polars as pl


def records(path: Path, rows: int) -> Path:
    """People who differ in every field the linkage blocks on: few candidate pairs, so the
    run is short and spills little (one birth date and region for all would pair them all)."""
    n = pl.int_range(0, rows, eager=True)
    day, month, year = n % 28 + 1, n // 28 % 12 + 1, 1950 + n // 336 % 50
    born = pl.date(year, month, day)
    frame = pl.DataFrame({"n": n}).with_columns(born=born)
    frame.select(
        record_id="R" + pl.col("n").cast(pl.Utf8),
        nik=pl.lit("637101")
        + pl.col("born").dt.strftime("%d%m%y")
        + (pl.col("n") // 16800 + 1).cast(pl.Utf8).str.zfill(4),
        nama="W" + pl.col("n").cast(pl.Utf8) + " WARGA",  # a given name of its own
        jenis_kelamin=pl.lit("L"),
        tanggal_lahir=pl.col("born").dt.strftime("%Y-%m-%d"),
        kode_wilayah=pl.lit("63.71.01.1001"),
    ).write_csv(path)
    return path


def folders(*parents: Path) -> set[Path]:
    return {p for parent in parents if parent.exists() for p in parent.iterdir() if p.is_dir()}


def start_and_kill_when_its_folder_appears(
    cmd: list[str], env: dict, watched: tuple[Path, ...], before: set[Path]
) -> Path:
    """Run `cmd`, kill it with -9 as soon as it has made its temporary folder; that folder."""
    run = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while not (folders(*watched) - before):
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "the run never made its folder"
            time.sleep(0.02)
    finally:
        os.kill(run.pid, signal.SIGKILL)
    assert run.wait(timeout=30) == -signal.SIGKILL
    (made,) = folders(*watched) - before
    assert made.name.startswith(f"run-{run.pid}-")
    return made


def test_a_killed_linkage_leaves_its_folder_and_the_next_start_removes_it(
    migrated_env, datusoban_bin, tmp_path
):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**migrated_env, "TMPDIR": str(tmpdir)}
    home_tmp = Path(env["DATUSOBAN_HOME"]) / "tmp"
    path = records(tmp_path / "warga.csv", 5_000)
    subprocess.run(
        [datusoban_bin, "import", str(path), "--profile", "interchange", "--json"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    spooled = folders(home_tmp)  # the web server's upload spool folder, made by the settings
    watched = (home_tmp, tmpdir)
    link = [datusoban_bin, "link-registry", "--json"]

    first = start_and_kill_when_its_folder_appears(link, env, watched, spooled)
    assert first.parent == home_tmp and first.exists()  # nothing runs after SIGKILL

    # The next linkage removes it as it makes its own folder (killed too, to see that).
    second = start_and_kill_when_its_folder_appears(link, env, watched, spooled | {first})
    assert not first.exists()
    assert second.exists()

    # A worker's start (as serve's) removes the folders of runs that are gone, too.
    subprocess.run([datusoban_bin, "worker", "--batch"], env=env, check=True, capture_output=True)
    assert folders(*watched) == spooled
    assert list(tmpdir.iterdir()) == []


def test_a_sweep_keeps_the_folder_of_a_run_still_going(monkeypatch, tmp_path):
    from datusoban import scratch

    monkeypatch.setenv("DATUSOBAN_HOME", str(tmp_path))
    dead = subprocess.Popen(["sleep", "30"])
    dead_folder = scratch.parent() / f"run-{scratch.process_tag(dead.pid)}-abcd1234-link"
    dead_folder.mkdir()
    os.kill(dead.pid, signal.SIGKILL)
    dead.wait()
    with scratch.run_folder("uji") as mine:
        assert not dead_folder.exists()
        assert scratch.sweep() == [] and mine.exists()
    assert not mine.exists()

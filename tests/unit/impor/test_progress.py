"""The progress side channel: atomic, throttled, with a heartbeat that tells dead from slow."""

from __future__ import annotations

import time

import pytest

from datusoban.impor import progress
from datusoban.impor.progress import ProgressFile, is_stale, progress_path, read_progress

JOB = "0f8e2a8c-4d1e-4c55-9a4b-6f1d3c2b1a00"


@pytest.fixture(autouse=True)
def home(settings, tmp_path):
    settings.HOME = tmp_path
    return tmp_path


def test_stages_and_the_end_of_a_stage_are_written_at_once_the_rest_throttled():
    with ProgressFile(JOB) as writer:
        writer.update("baca", 0, 1)
        assert read_progress(JOB)["tahap"] == "baca"
        writer.update("simpan", 0, 100)
        writer.update("simpan", 10, 100)  # within MIN_INTERVAL_S of the last write: skipped
        assert read_progress(JOB)["selesai"] == 0
        writer.update("simpan", 100, 100)  # the end of a stage always shows
        assert read_progress(JOB)["selesai"] == 100
        writer.finish({"rows": 100})
    final = read_progress(JOB)
    assert (final["status"], final["hasil"]) == ("selesai", {"rows": 100})
    # Written by replacing: no temporary file is left beside it.
    assert [p.name for p in progress_path(JOB).parent.iterdir()] == [f"{JOB}.json"]


def test_the_heartbeat_keeps_a_quiet_job_fresh(monkeypatch):
    monkeypatch.setattr(progress, "HEARTBEAT_S", 0.05)
    with ProgressFile(JOB) as writer:
        writer.update("baca", 0, 1)
        first = read_progress(JOB)["diperbarui"]
        time.sleep(0.3)  # a long read reports nothing...
        assert read_progress(JOB)["diperbarui"] > first  # ...but the heartbeat does


def test_a_file_gone_quiet_is_stale_and_a_missing_one_is_not():
    now = time.time()
    assert not is_stale({"diperbarui": now - 5}, now=now)
    assert is_stale({"diperbarui": now - progress.STALE_AFTER_S - 1}, now=now)
    assert not is_stale(None)
    assert read_progress(JOB) is None


def test_only_a_job_id_can_name_a_progress_file():
    with pytest.raises(ValueError):
        progress_path("../../etc/passwd")


def test_a_refusal_keeps_its_message():
    with ProgressFile(JOB) as writer:
        writer.refuse("berkas_kosong", "Berkas x.csv kosong")
    assert read_progress(JOB)["pesan"] == "Berkas x.csv kosong"

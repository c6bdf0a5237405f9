"""Temporary folders under $DATUSOBAN_HOME/tmp: a dead run's removed, a live one's kept,
spooled uploads removed once untouched for SPOOL_AGE_S."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from datusoban import scratch


def test_a_process_is_told_from_a_later_one_with_the_same_id():
    child = subprocess.Popen(["sleep", "30"])
    tag = scratch.process_tag(child.pid)
    assert scratch.alive(tag)
    assert not scratch.alive(f"{child.pid}-{int(tag.split('-')[1]) + 1}")  # another start
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert not scratch.alive(tag)


def test_spooled_uploads_are_removed_once_untouched_for_a_while(monkeypatch, tmp_path):
    monkeypatch.setenv("DATUSOBAN_HOME", str(tmp_path))
    spool = scratch.spool_folder()
    old, fresh = spool / "tmp1.upload.xlsx", spool / "tmp2.upload.xlsx"
    for path in (old, fresh):
        path.write_bytes(b"x")
    long_ago = time.time() - scratch.SPOOL_AGE_S - 60
    os.utime(old, (long_ago, long_ago))
    assert scratch.sweep() == [old]
    assert fresh.exists() and spool.exists()

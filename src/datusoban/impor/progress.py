"""The progress of a background import, as a small JSON file beside the database.

An import is one transaction (on SQLite it also holds the write lock until it
commits), so progress written to the database would stay invisible to the web
page, or wait for the very lock the import holds. The worker therefore writes
``$DATUSOBAN_HOME/jobs/<job id>.json`` instead: replaced atomically (readers see
the old file or the new one, never half of one), at most a few times a second,
and touched by a heartbeat while a long step (reading a large file) reports
nothing, so that a page can tell a slow import from a dead worker.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

# At most this often for progress within one stage; a new stage is written at once.
MIN_INTERVAL_S = 0.5
# The heartbeat's period, and how long without one before a running job counts as dead.
HEARTBEAT_S = 5.0
STALE_AFTER_S = 60.0


def jobs_dir() -> Path:
    path = Path(settings.HOME) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(job_id: str) -> Path:
    # A job id is a UUID; parsing it keeps anything else out of the path.
    return jobs_dir() / f"{uuid.UUID(str(job_id))}.json"


def read_progress(job_id: str) -> dict[str, Any] | None:
    """The last progress written for ``job_id``, or None if there is none (yet)."""
    try:
        return json.loads(progress_path(job_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def is_stale(progress: dict[str, Any] | None, *, now: float | None = None) -> bool:
    """True when a running job's file has not been touched for STALE_AFTER_S."""
    if progress is None:
        return False
    return (now or time.time()) - float(progress.get("diperbarui", 0)) > STALE_AFTER_S


def _write_atomically(path: Path, content: dict[str, Any]) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(content, out, ensure_ascii=False)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class ProgressFile:
    """Writes one job's progress; use as a context manager to run the heartbeat.

    ``update`` has the signature of import_file's ``progress`` callback.
    """

    def __init__(self, job_id: str) -> None:
        self.path = progress_path(job_id)
        self.state: dict[str, Any] = {
            "job": str(job_id),
            "status": "berjalan",
            "tahap": None,
            "selesai": 0,
            "jumlah": 0,
            "diperbarui": 0.0,
        }
        self._lock = threading.Lock()
        self._last_write = 0.0
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    def __enter__(self) -> ProgressFile:
        self._write()
        self._heartbeat = threading.Thread(target=self._beat, name="heartbeat", daemon=True)
        self._heartbeat.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            self._write()

    def _write(self, **changes: Any) -> None:
        with self._lock:
            self.state.update(changes, diperbarui=time.time())
            _write_atomically(self.path, self.state)
            self._last_write = time.monotonic()

    def update(self, stage: str, done: int, total: int) -> None:
        """Record progress; writes only on a new stage, at its end, or after MIN_INTERVAL_S."""
        new_stage = stage != self.state["tahap"]
        due = time.monotonic() - self._last_write >= MIN_INTERVAL_S
        if new_stage or done >= total or due:
            self._write(tahap=stage, selesai=done, jumlah=total)

    def finish(self, result: dict[str, Any]) -> None:
        self._write(status="selesai", hasil=result)

    def refuse(self, code: str, message: str) -> None:
        self._write(status="ditolak", kode=code, pesan=message)

    def fail(self, message: str) -> None:
        self._write(status="gagal", pesan=message)

"""Temporary folders of a run, under one known parent, that a later start can clean up.

A run (a linkage) that spills to disk gets a folder
``$DATUSOBAN_HOME/tmp/run-<pid>-<start>-<random>``, removed when the run
ends. A process killed with -9, or by the kernel when memory runs out,
removes nothing: its folder stays. The name says which process made it, and
since a process id is reused after a while, also when that process started
(in clock ticks since boot, from /proc), so a later start can tell a dead
run's folder from a live one and remove it (``sweep``). Every new run
folder sweeps its dead siblings first; ``datusoban serve`` and
``datusoban worker`` sweep when they start.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from datusoban import config

_RUN = re.compile(r"^run-(\d+)-(\d+)-[0-9a-f]+(?:-.*)?$")


def parent() -> Path:
    """``$DATUSOBAN_HOME/tmp``, created on first use.

    Without DATUSOBAN_HOME in the environment (``datusoban link`` on its own,
    which promises to create nothing but its output) the system's temporary
    folder holds it instead, as ``datusoban-tmp``.
    """
    if "DATUSOBAN_HOME" in os.environ:
        path = config.home() / "tmp"
    else:
        path = Path(tempfile.gettempdir()) / "datusoban-tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def spool_folder() -> Path:
    """Where the web server spools large uploads (``FILE_UPLOAD_TEMP_DIR``), created."""
    path = parent() / "uploads"
    path.mkdir(exist_ok=True)
    return path


def process_start(pid: int) -> int | None:
    """When process `pid` started (clock ticks since boot), or None if there is no such process.

    Without /proc (not Linux) 0 stands for "alive, start unknown".
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return 0
    # The command name (field 2) is in parentheses and may hold spaces.
    return int(stat.rsplit(")", 1)[1].split()[19])


def process_tag(pid: int | None = None) -> str:
    """ "<pid>-<start>": this process (or `pid`), told apart from a later one with the same id."""
    pid = os.getpid() if pid is None else pid
    return f"{pid}-{process_start(pid) or 0}"


def alive(tag: str) -> bool:
    """Whether the process `process_tag` named is still running."""
    pid, _, start = tag.partition("-")
    now = process_start(int(pid))
    return now is not None and (now == 0 or int(start) in (0, now))


@contextmanager
def run_folder(label: str = "") -> Iterator[Path]:
    """A new folder under parent() for this run, removed at the end (dead runs' first)."""
    sweep()
    name = f"run-{process_tag()}-{secrets.token_hex(4)}" + (f"-{label}" if label else "")
    folder = parent() / name
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with suppress(OSError):
            folder.parent.rmdir()  # when nothing else is there: leave nothing behind


# A spooled upload is written as it arrives, and copied away (to uploads/)
# as soon as the request has it whole: one untouched this long belongs to a
# request whose process died, or to one long done with it.
SPOOL_AGE_S = 600.0


def sweep(older_than_s: float = SPOOL_AGE_S) -> list[Path]:
    """Remove the run folders of processes that are gone; returns what was removed.

    Anything else under parent() (uploads the web server spooled to disk)
    carries no process id: it is removed once untouched for `older_than_s`.
    """
    removed: list[Path] = []
    now = time.time()
    for path in parent().iterdir():
        match = _RUN.match(path.name)
        if match:
            gone = not alive(f"{match.group(1)}-{match.group(2)}")
        else:
            gone = path.name != "uploads" and _age(path, now) > older_than_s
        if gone:
            _remove(path)
            removed.append(path)
    spooled = parent() / "uploads"
    if spooled.is_dir():
        for path in spooled.iterdir():  # no process id: by age
            if _age(path, now) > older_than_s:
                _remove(path)
                removed.append(path)
    return removed


def _age(path: Path, now: float) -> float:
    try:
        return now - path.lstat().st_mtime
    except FileNotFoundError:
        return 0.0


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)

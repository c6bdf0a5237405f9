"""Run a command and measure its peak memory, without counting the caller's.

A process's ru_maxrss starts from what its parent held when it forked (the
forked copy's resident pages count until exec replaces them), so a child
measured straight from a parent holding 2 GB reports at least 2 GB. The
command is therefore started by a small launcher (a bare Python, about 10 MB),
which spawns it and passes on its ru_maxrss from wait4.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

_LAUNCHER = (
    "import json, os, sys\n"
    "pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    json.dump([os.waitstatus_to_exitcode(status), usage.ru_maxrss], out)\n"
)


def run_measured(cmd: list[str], **popen) -> tuple[int, int]:
    """(exit status, peak resident memory in KiB) of `cmd`; `popen` as for subprocess.run."""
    with tempfile.TemporaryDirectory(prefix="datusoban-peak-") as folder:
        report = Path(folder) / "peak.json"
        subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), *cmd], check=False, **popen)
        status, peak = json.loads(report.read_text())
    return status, peak


__all__ = ["run_measured"]

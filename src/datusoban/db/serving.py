"""Database sessions for serving web requests: short, many, one core each.

On PostgreSQL a web worker's connection runs without parallel workers and without
JIT compilation. A parallel plan (the planner picks one for a count over a common
name) takes the second core of a two-core server from the other users' requests,
and JIT spends tens of milliseconds compiling to save less on queries this small.
Batch commands (load, link, rank) keep the server's defaults.
"""

from __future__ import annotations

from django.db import connections

WEB_SESSION = {"max_parallel_workers_per_gather": "0", "jit": "off"}


def tune_for_web() -> None:
    """Give every connection this process opens from now on the web session settings."""
    db = connections.settings["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return
    options = db.setdefault("OPTIONS", {})
    given = options.get("options", "")
    options["options"] = " ".join([given, *(f"-c {k}={v}" for k, v in WEB_SESSION.items())]).strip()

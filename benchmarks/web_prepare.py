"""The benchmark registry: a PostgreSQL database with the whole synthetic Kalsel population.

Made once (about a quarter of an hour) and kept, so that later runs reuse it:
migrated, reference data, 4,305,281 synthetic people loaded by `datusoban synth
--load` (the bulk path: COPY, one transaction), households ranked by `datusoban
rank`. Every run then migrates (cheap when nothing is new) and collects static
files, so that the code under test and the database agree.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("DATUSOBAN_TEST_PG", "postgres://postgres@127.0.0.1:5432")
KALSEL_PEOPLE = 4_305_281  # Dukcapil, semester II 2024 (reference/data/penduduk.csv)
DISK_NEEDED_GB = 20  # the database takes about 10 GB, the load's WAL as much again


def datusoban_bin() -> str:
    return str(Path(sys.executable).parent / "datusoban")


def database_url(name: str) -> str:
    return f"{PG_SERVER}/{name}"


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(PG_SERVER + "/postgres", autocommit=True) as c:
        found = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def _create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')


def check_disk(path: str = "/work") -> dict:
    """Free space where the database lives; refuses to start a load that cannot fit."""
    usage = shutil.disk_usage(path)
    free_gb = usage.free / 2**30
    if free_gb < DISK_NEEDED_GB:
        raise SystemExit(f"{path}: {free_gb:.0f} GB free, the registry needs {DISK_NEEDED_GB} GB")
    return {"path": path, "free_gb": round(free_gb), "total_gb": round(usage.total / 2**30)}


def run_step(env: dict, *args: str) -> float:
    """``datusoban *args``; its output goes to stderr. Returns the seconds it took."""
    start = time.perf_counter()
    print(f"[web_load] datusoban {' '.join(args)}", file=sys.stderr, flush=True)
    subprocess.run([datusoban_bin(), *args], env=env, check=True, stdout=sys.stderr)
    return round(time.perf_counter() - start, 1)


def prepare(env: dict, name: str, people: int, seed: int) -> dict:
    """A fresh database ``name`` holding the synthetic population; seconds per step."""
    disk = check_disk()
    _create_database(name)
    steps = {
        "migrate": run_step(env, "migrate", "-v0"),
        "reference": run_step(env, "reference", "load"),
        "synth_load": run_step(
            env, "synth", "--people", str(people), "--seed", str(seed), "--no-files", "--load"
        ),
        "rank": run_step(env, "rank"),
    }
    # Fresh statistics for the planner: autovacuum would get there, but later.
    steps["analyze"] = _analyze(name)
    return {"disk_before": disk, "seconds": steps, "seconds_total": round(sum(steps.values()), 1)}


def _analyze(name: str) -> float:
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(database_url(name), autocommit=True) as c:
        c.execute("VACUUM (ANALYZE)")
    return round(time.perf_counter() - start, 1)


def every_run(env: dict, serve_env: dict) -> dict:
    """What each run does whatever the database: new migrations, static files."""
    return {
        "migrate": run_step(env, "migrate", "-v0"),
        "collectstatic": run_step(serve_env, "collectstatic", "--noinput", "-v0"),
    }


def database_size(name: str) -> str:
    import psycopg

    with psycopg.connect(database_url(name)) as c:
        return c.execute("SELECT pg_size_pretty(pg_database_size(%s))", [name]).fetchone()[0]


def code_under_test(commit: str | None) -> tuple[dict, dict]:
    """Which code the run measures, and the environment that selects it: the working
    tree, or with ``commit`` that commit's source exported to a temporary folder (a
    tree others are editing may be half-way through a change)."""
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", commit or "HEAD"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if commit is None:
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "src"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        return {"code": "working tree", "commit": head, "uncommitted_changes": bool(dirty)}, {}
    folder = Path(tempfile.mkdtemp(prefix="datusoban-web-load-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", head, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    # Browser libraries come from npm beside the source (settings.STATICFILES_DIRS).
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return {"code": "commit", "commit": head}, {"PYTHONPATH": str(folder / "src")}

"""Run a benchmark step in its own process against a fresh, throwaway database."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid

PG_SERVER = os.environ.get("DATUSOBAN_TEST_PG", "postgres://postgres@127.0.0.1:5432")


def run_on_fresh_database(db: str, args: list[str]) -> str:
    """``python *args`` with a new data directory and, for ``db == "postgres"``, a new
    PostgreSQL database on DATUSOBAN_TEST_PG that is dropped afterwards."""
    import psycopg

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "datusoban.settings"}
    env["DATUSOBAN_HOME"] = tempfile.mkdtemp(prefix="datusoban-bench-")
    env.pop("DATUSOBAN_DATABASE_URL", None)
    name = f"datusoban_bench_{uuid.uuid4().hex[:8]}" if db == "postgres" else None
    if name:
        with psycopg.connect(PG_SERVER + "/postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        env["DATUSOBAN_DATABASE_URL"] = f"{PG_SERVER}/{name}"
    try:
        done = subprocess.run(
            [sys.executable, *args], env=env, check=True, stdout=subprocess.PIPE, text=True
        )
        return done.stdout
    finally:
        if name:
            with psycopg.connect(PG_SERVER + "/postgres", autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

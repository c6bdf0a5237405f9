"""End-to-end tests run the real `datusoban` console script against a database of their own."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest


@pytest.fixture
def app_env(tmp_path):
    """Environment for a `datusoban` subprocess: a fresh data directory and, when the suite
    runs on PostgreSQL, a fresh database on the same server (dropped afterwards)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
    env["DATUSOBAN_HOME"] = str(tmp_path / "home")
    url = os.environ.get("DATUSOBAN_DATABASE_URL")
    if not url:
        yield env
        return
    import psycopg

    server = url.rsplit("/", 1)[0]
    name = f"datusoban_e2e_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server + "/postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    env["DATUSOBAN_DATABASE_URL"] = f"{server}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(server + "/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def datusoban_bin() -> str:
    return str(Path(sys.executable).parent / "datusoban")

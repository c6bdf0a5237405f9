"""Databases for end-to-end tests: a clean environment, PostgreSQL admin, template copies."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

DATUSOBAN = str(Path(sys.executable).parent / "datusoban")
SQLITE_FILE = "datusoban.sqlite3"


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
    env["DATUSOBAN_HOME"] = str(home)
    return env


def server_url() -> str | None:
    """The PostgreSQL server the suite runs on, or None on SQLite."""
    url = os.environ.get("DATUSOBAN_DATABASE_URL")
    return url.rsplit("/", 1)[0] if url else None


def admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server + "/postgres", autocommit=True) as c:
        c.execute(sql)


def copy_template(template: dict[str, str], env: dict[str, str]) -> dict[str, str]:
    """Make `env`'s database a copy of the template's; returns `env`."""
    url = env.get("DATUSOBAN_DATABASE_URL")
    if url:
        server, name = url.rsplit("/", 1)
        tmpl = template["DATUSOBAN_DATABASE_URL"].rsplit("/", 1)[1]
        admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin(server, f'CREATE DATABASE "{name}" TEMPLATE "{tmpl}"')
        return env
    home = Path(env["DATUSOBAN_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    # The template's processes have exited, so SQLite has folded its WAL into the file.
    shutil.copyfile(Path(template["DATUSOBAN_HOME"]) / SQLITE_FILE, home / SQLITE_FILE)
    return env

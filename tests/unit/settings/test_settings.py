"""Settings: production refuses unsafe defaults; the database URL selects PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess:
    code = (
        "import json, datusoban.settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
        "'name': str(s.DATABASES['default']['NAME']), 'debug': s.DEBUG}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DATUSOBAN_HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_default_database_is_a_sqlite_file_under_the_data_directory(tmp_path):
    done = load_settings(tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"engine": "django.db.backends.sqlite3"' in done.stdout
    assert str(tmp_path / "datusoban.sqlite3") in done.stdout


def test_database_url_selects_postgresql(tmp_path):
    done = load_settings(tmp_path, DATUSOBAN_DATABASE_URL="postgres://u@db.example:5432/ds")
    assert done.returncode == 0, done.stderr
    assert '"engine": "django.db.backends.postgresql"' in done.stdout
    assert '"name": "ds"' in done.stdout


def test_a_non_postgresql_url_is_refused(tmp_path):
    done = load_settings(tmp_path, DATUSOBAN_DATABASE_URL="mysql://u@h/ds")
    assert done.returncode != 0
    assert "must point to PostgreSQL" in done.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "needs DATUSOBAN_SECRET_KEY"),
        ({"DATUSOBAN_SECRET_KEY": "short"}, "needs DATUSOBAN_SECRET_KEY"),
        ({"DATUSOBAN_SECRET_KEY": "x" * 50, "DATUSOBAN_DEBUG": "1"}, "refuses DATUSOBAN_DEBUG"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, env, message):
    done = load_settings(tmp_path, DATUSOBAN_MODE="production", **env)
    assert done.returncode != 0
    assert message in done.stderr


def test_production_with_a_real_key_starts(tmp_path):
    done = load_settings(tmp_path, DATUSOBAN_MODE="production", DATUSOBAN_SECRET_KEY="k" * 50)
    assert done.returncode == 0, done.stderr
    assert '"debug": false' in done.stdout


def test_unknown_mode_is_refused(tmp_path):
    done = load_settings(tmp_path, DATUSOBAN_MODE="staging")
    assert done.returncode != 0
    assert "DATUSOBAN_MODE" in done.stderr

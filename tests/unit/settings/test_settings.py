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


def load_value(tmp_path, expression: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
    return subprocess.run(
        [sys.executable, "-c", f"import datusoban.settings as s; print({expression})"],
        env={**clean, "DATUSOBAN_HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_trusted_proxies_are_addresses_and_ranges_and_none_by_default(tmp_path):
    done = load_value(tmp_path, "s.TRUSTED_PROXIES")
    assert done.returncode == 0 and done.stdout.strip() == "()", done.stderr
    done = load_value(
        tmp_path, "[str(n) for n in s.TRUSTED_PROXIES]",
        DATUSOBAN_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8,::1",
    )  # fmt: skip
    assert done.stdout.strip() == "['127.0.0.1/32', '10.0.0.0/8', '::1/128']", done.stderr


def test_a_malformed_trusted_proxy_stops_the_start(tmp_path):
    done = load_value(tmp_path, "1", DATUSOBAN_TRUSTED_PROXIES="127.0.0.1,nginx.local")
    assert done.returncode != 0
    assert "DATUSOBAN_TRUSTED_PROXIES: 'nginx.local' is not an address" in done.stderr


def test_the_owner_url_gives_migrations_another_user_of_the_same_database(tmp_path):
    app = "postgres://datusoban:rahasia@db.internal:5432/datusoban"
    done = load_value(
        tmp_path, "s.DATABASE_OWNER['USER'], s.DATABASES['default']['USER']",
        DATUSOBAN_DATABASE_URL=app,
        DATUSOBAN_DATABASE_OWNER_URL="postgres://datusoban_pemilik:lain@db.internal:5432/datusoban",
    )  # fmt: skip
    assert done.stdout.strip() == "datusoban_pemilik datusoban", done.stderr
    assert load_value(tmp_path, "s.DATABASE_OWNER", DATUSOBAN_DATABASE_URL=app).stdout == "None\n"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATUSOBAN_DATABASE_OWNER_URL": "postgres://pemilik@h/ds"}, "both PostgreSQL"),
        (
            {
                "DATUSOBAN_DATABASE_URL": "postgres://app@h/ds",
                "DATUSOBAN_DATABASE_OWNER_URL": "postgres://pemilik@h/lain",
            },
            "must name the database",
        ),
        (
            {
                "DATUSOBAN_DATABASE_URL": "postgres://app@h/ds",
                "DATUSOBAN_DATABASE_OWNER_URL": "postgres://app@h/ds",
            },
            "two different ones",
        ),
    ],
)
def test_an_owner_url_that_cannot_protect_the_trail_is_refused(tmp_path, env, message):
    done = load_value(tmp_path, "1", **env)
    assert done.returncode != 0
    assert message in done.stderr

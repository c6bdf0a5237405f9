"""Shared by the browser tests: Debian's Chromium, its launch options, a server to wait for."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .databases import DATUSOBAN

CHROMIUM = "/usr/bin/chromium"
# No network beyond this machine, no first-run or update work: the tests talk to our server only.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


# The operator of the upload tests, and the file they upload (a kab/kota PPKS register).
OPERATOR_PASSWORD = "rahasia-panjang-123"
PPKS_SAMPLE = Path(__file__).parents[1] / "integration" / "impor" / "samples" / "ppks-kabkota.csv"


@contextmanager
def operator_serving(migrated_env: dict, datusoban_bin: str, log_path: Path) -> Iterator[str]:
    """`datusoban serve` (web server and worker) on a fresh database with one user,
    ``operator``; yields its base URL."""
    env = prepared_env(migrated_env, datusoban_bin, "operator", OPERATOR_PASSWORD)
    with serving(datusoban_bin, env, log_path) as base:
        yield base


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def serving(datusoban_bin: str, env: dict, log_path: Path, *extra: str) -> Iterator[str]:
    """`datusoban serve` on a free port until the block ends; yields its base URL."""
    port = free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [datusoban_bin, "serve", f"127.0.0.1:{port}", *extra],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/masuk/")
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def prepared_env(migrated_env: dict, datusoban_bin: str, username: str, password: str) -> dict:
    """A migrated database with the reference data (the `migrated_env` fixture) and one
    administrator; skips the test when Debian's Chromium is missing."""
    import pytest

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (tests/run.py installs Debian's chromium)")
    env = {**migrated_env, "DJANGO_SUPERUSER_PASSWORD": password}
    # Without the system checks (1.5 s of loading every page's module): `serve` runs them.
    subprocess.run(
        [datusoban_bin, "createsuperuser", "--noinput", "--skip-checks", "--username", username,
         "--email", f"{username}@dinsos.invalid"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    return env


def log_in(page, url: str, username: str, password: str) -> None:
    """Open ``url`` as a visitor, who is sent to the login page, log in there and wait to
    be taken back to ``url``."""
    page.goto(url)
    assert "/masuk/" in page.url, f"{url} was open without a login"
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(url)


def shell(env: dict, code: str) -> str:
    """Run ``code`` in `datusoban shell` against ``env``'s database; what it printed."""
    done = subprocess.run([DATUSOBAN, "shell", "-c", code], env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip()


@contextmanager
def seeded(env: dict, seed: str, log_path: Path) -> Iterator[str]:
    """`datusoban serve` (no worker) on ``env``'s database once ``seed`` has run there;
    yields its base URL."""
    shell(env, seed)
    with serving(DATUSOBAN, env, log_path, "--no-worker") as base:
        yield base

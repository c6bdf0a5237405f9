"""The README's main command, run for real: set up, load, summarise, serve the home page."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator

import pytest

from datusoban.formatting import angka

from .databases import DATUSOBAN, admin, clean_env, server_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Iterator[tuple[dict, str, str]]:
    """The README's main command on an empty data directory (and, on PostgreSQL, an empty
    database): its environment, the home page it served and what it printed. The run of
    migrations, reference data and a population is shared by the tests that follow it."""
    env = clean_env(tmp_path_factory.mktemp("quickstart") / "home")
    server, name = server_url(), f"datusoban_e2e_{uuid.uuid4().hex[:8]}"
    if server:
        admin(server, f'CREATE DATABASE "{name}"')
        env["DATUSOBAN_DATABASE_URL"] = f"{server}/{name}"
    port = free_port()
    proc = subprocess.Popen(
        [DATUSOBAN, "quickstart", "--people", "3000", "--addrport", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = get(f"http://127.0.0.1:{port}/")
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=30)
    try:
        yield env, page, output
    finally:
        if server:
            admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_quickstart_loads_summarises_and_serves(first_run):
    _, page, output = first_run
    assert "Ringkasan registri Kalimantan Selatan" in page
    assert "Kota Banjarmasin" in page and "Kabupaten Balangan" in page
    total = re.search(r'id="total-orang">([\d.,]+)<', page).group(1)
    people = int(re.sub(r"[.,]", "", total))
    assert 2_850 <= people <= 3_050  # living people: the dead and the moved are not counted
    # The summary printed by the command agrees with what the page shows.
    assert "Jumlah" in output and angka(people) in output, output
    assert "Dimuat ke registri" in output
    # ... and says why fewer people are counted than were generated.
    held = re.search(r"Orang di registri: ([\d.]+); yang hidup[^:]*: ([\d.]+)", output)
    assert held and held.group(2) == angka(people) and int(held.group(1).replace(".", "")) > people


def test_quickstart_again_adds_nothing(first_run):
    env, _, output = first_run
    again = subprocess.run(
        [DATUSOBAN, "quickstart", "--people", "3000", "--no-serve"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Dimuat ke registri" in output
    assert "sudah dimuat" in again
    assert "Wilayah baru: 0" in again

"""The README's main command, run for real: set up, load, summarise, serve the home page."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request

import pytest

from datusoban.formatting import angka


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


def test_quickstart_loads_summarises_and_serves(app_env, datusoban_bin):
    port = free_port()
    proc = subprocess.Popen(
        [datusoban_bin, "quickstart", "--people", "3000", "--addrport", f"127.0.0.1:{port}"],
        env=app_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = get(f"http://127.0.0.1:{port}/")
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=30)
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


@pytest.mark.parametrize("runs", [2])
def test_quickstart_twice_adds_nothing(app_env, datusoban_bin, runs):
    outputs = [
        subprocess.run(
            [datusoban_bin, "quickstart", "--people", "1000", "--no-serve"],
            env=app_env, capture_output=True, text=True, check=True,
        ).stdout
        for _ in range(runs)
    ]  # fmt: skip
    assert "Dimuat ke registri" in outputs[0]
    assert "sudah dimuat" in outputs[1]
    assert "Wilayah baru: 0" in outputs[1]

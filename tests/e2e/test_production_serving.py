"""Production mode as the README describes it: collectstatic, gunicorn, WhiteNoise."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    return urllib.request.urlopen(url, timeout=10)


def test_gunicorn_serves_pages_and_hashed_static_files_in_production_mode(
    migrated_env, datusoban_bin
):
    env = {
        **migrated_env,
        "DATUSOBAN_MODE": "production",
        "DATUSOBAN_SECRET_KEY": "uji-produksi-" + "x" * 40,
        "DATUSOBAN_ALLOWED_HOSTS": "127.0.0.1",
    }
    for step in (["migrate", "-v0"], ["reference", "load"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([datusoban_bin, *step], env=env, check=True, capture_output=True)
    port = _free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "datusoban.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = _get(base + "/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(server.stderr.read().decode() if server.poll() else "no answer")
        html = page.read().decode()
        assert page.status == 200 and "Datu Soban" in html
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        # Static files are referenced by their hashed names and served with long caching.
        for href in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
            assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", href), href
            asset = _get(base + href)
            assert asset.status == 200 and "max-age=315360000" in asset.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=10)

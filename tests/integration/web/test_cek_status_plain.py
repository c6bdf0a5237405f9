"""The public status check speaks plainly at every step: no English word, no command, no
code without its name (the checks of test_plain_pages.py), and no HTML a phone cannot lay
out in 360 px (a fixed width, a table)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from .people import make_people
from .test_plain_pages import problems, visible_text

pytestmark = pytest.mark.django_db
DESA = "63.71.01.1001"
STEPS = (
    {},
    {"kabkota": "63.71"},
    {"kabkota": "63.71", "kecamatan": "63.71.01"},
    {"kabkota": "63.71", "kecamatan": "63.71.01", "desa": DESA},
)
QUERY = {"kabkota": "63.71", "kecamatan": "63.71.01", "desa": DESA}


def _pages() -> list[tuple[str, str]]:
    client = Client()
    pages = [(f"GET {step}", client.get("/cek-status/", step).content.decode()) for step in STEPS]
    for nama in ("Siti Aminah", "zzz", "si", "%", "Moh"):
        response = client.post("/cek-status/", {**QUERY, "nama": nama})
        pages.append((f"POST {nama}", response.content.decode()))
    return pages


def test_every_step_and_answer_speaks_plainly():
    make_people()
    failures = []
    for name, page in _pages():
        failures += [f"{name}: {p}" for p in problems(visible_text(page))]
        if re.search(r"<table|style=\"[^\"]*width:\s*\d{3,}px", page):
            failures.append(f"{name}: a table or a fixed width")
    assert failures == []


def test_the_checks_would_find_a_code_left_on_the_page():
    assert problems("Desa 63.71.01.1001") and problems("Submit")

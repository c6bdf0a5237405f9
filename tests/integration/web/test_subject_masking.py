"""The data subject's report as each role that may read it sees it (roles.toml decides):
the NIK typed is the reader's own input; the No. KK, identifiers inside rows as received,
health data and a child's data follow the role, on the page, the XLSX and the API."""

from __future__ import annotations

import io

import openpyxl
import pytest

from datusoban.accounts.masking import mask_identifier

from .people import CHILD_NIK, RIZKY_KK, RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
PURPOSE = {"tujuan": "audit"}


def page(client, nik: str) -> str:
    response = client.post("/subjek/", {"nik": nik})
    assert response.status_code == 200
    return response.content.decode()


def test_an_auditor_sees_the_no_kk_masked_and_no_health_data(client, people: People):
    log_in_as(client, "auditor", "63")
    shown = page(client, RIZKY_NIK)
    assert RIZKY_NIK in shown  # typed by the auditor
    assert RIZKY_KK not in shown and mask_identifier(RIZKY_KK) in shown
    assert "KURSI RODA" not in shown and "berjalan" not in shown
    assert "Penyandang Disabilitas" not in shown
    api = client.post("/api/v1/subjek/", {"nik": RIZKY_NIK}, content_type="application/json").json()
    assert api["orang"][0]["household_no_kk"] == mask_identifier(RIZKY_KK)
    assert RIZKY_KK not in str(api) and "KURSI RODA" not in str(api)
    book = openpyxl.load_workbook(
        io.BytesIO(client.post("/subjek/unduh.xlsx", {"nik": RIZKY_NIK, **PURPOSE}).content)
    )
    cells = " ".join(str(c) for ws in book for r in ws.iter_rows(values_only=True) for c in r)
    assert RIZKY_KK not in cells and "KURSI RODA" not in cells


def test_an_auditor_is_told_a_childs_data_is_held_but_not_shown(client, people: People):
    log_in_as(client, "auditor", "63")
    shown = page(client, CHILD_NIK)
    assert "Ahmad Fauzan" not in shown and RIZKY_KK not in shown
    assert 'id="bagian-tidak_ditampilkan"' in shown and "data anak" in shown


def test_an_admin_sees_everything(client, people: People):
    log_in_as(client, "admin_provinsi", "63")
    shown = page(client, RIZKY_NIK)
    assert RIZKY_KK in shown and "KURSI RODA" in shown and "Penyandang Disabilitas" in shown
    assert "Ahmad Fauzan" in page(client, CHILD_NIK)

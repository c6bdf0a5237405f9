"""The disaster dashboard page, its XLSX (opened with openpyxl) and the API route: the same
figures, within the user's scope."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import openpyxl
import pytest

from datusoban.bencana.actions import Victim, declare, distribute, receive_stock, register
from datusoban.bencana.models import KorbanBencana

from .people import log_in_as

pytestmark = pytest.mark.django_db
BJM, BJB = "63.71.01.1001", "63.72.02.1003"


@pytest.fixture
def events(client):
    admin = log_in_as(client, "admin_provinsi", "63")
    for nama, desa in (("Banjir Kelayan", BJM), ("Banjir Guntung", BJB)):
        event = declare(admin, nama=nama, jenis="banjir", tanggal=date(2026, 1, 14), desa=[desa])
        register(admin, event.pk, [Victim(nama="A", desa=desa, kondisi="mengungsi"),
                                   Victim(nama="B", desa=desa, kondisi="hilang")])  # fmt: skip
        receive_stock(admin, event.pk, barang="tenda", jumlah=5)
        victim = KorbanBencana.objects.filter(bencana=event).first()
        distribute(admin, event.pk, korban=victim.pk, barang="tenda")
    client.logout()


def test_page_xlsx_and_api_in_scope(client, events):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/bencana/dasbor/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-kode="63.71"' in text and 'data-kode="63.72"' not in text
    tenda = text.split('data-kode="63.71" data-barang="tenda">')[1].split("</tr>")[0]
    # served 1, not yet 1, received 5, given 1, left 4
    assert [c.split(">")[1] for c in tenda.split("<td")[3:]] == [
        "1</td", "1</td", "5</td", "1</td", "4 unit</td",
    ]  # fmt: skip
    xlsx = client.get("/bencana/dasbor.xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames == ["kejadian", "korban", "logistik"]
    victims = list(book["korban"].values)
    header, rows = victims[0], victims[1:]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert (row["kode_kabkota"], row["korban"], row["mengungsi"], row["hilang"]) == (
        "63.71", 2, 1, 1,
    )  # fmt: skip
    logistics = list(book["logistik"].values)
    tenda_row = dict(zip(logistics[0], next(r for r in logistics[1:] if r[2] == "tenda"),
                         strict=True))  # fmt: skip
    assert (tenda_row["keluarga_dilayani"], tenda_row["sisa"]) == (1, 4)
    api = client.get("/api/v1/bencana/dasbor")
    assert api.status_code == 200
    assert [(r["kode_kabkota"], r["korban"]) for r in api.json()] == [("63.71", 2)]
    client.logout()
    log_in_as(client, "analis_provinsi", "63")
    both = client.get("/api/v1/bencana/dasbor").json()
    assert [r["kode_kabkota"] for r in both] == ["63.71", "63.72"]

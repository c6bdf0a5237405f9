"""The dashboard: counts, quality and imports per kab/kota within scope, a tile map of the
13 kab/kota coloured by the chosen value, a bar chart; nothing inline (CSP)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datusoban.registri.models import Household, Person

from .people import log_in_as

pytestmark = pytest.mark.django_db


def tiles(page: str) -> dict[str, str]:
    """kode → colour class of each tile of the map."""
    found = re.findall(r'<g class="tile (t\w+)" data-kode="([\d.]+)"', page)
    return {kode: css for css, kode in found}


def test_a_province_user_sees_every_kabkota_on_the_map_table_and_chart(client, people):
    log_in_as(client, "analis_provinsi", "63")
    response = client.get("/dasbor/")
    page = response.content.decode()
    assert response.status_code == 200
    shown = tiles(page)
    assert len(shown) == 13 and "tn" not in shown.values()
    assert shown["63.71"] == "t5"  # 3 people, the most
    assert shown["63.72"] == "t2"  # 1 person of 0..3
    assert page.count('<tr data-kode="') == 13
    assert "Kota Banjarbaru" in page and "Tabalong" in page
    assert 'id="grafik"' in page and page.count('<svg class="bar-fill"') == 13
    # SVG lengths with a decimal point whatever the locale ("54,2" would draw nothing).
    assert '<rect width="100.0" height="10">' in page and re.search(r'width="\d+,\d', page) is None
    # Import quality of the Banjarmasin source and the batch in the recent imports.
    row = re.search(r'<tr data-kode="63.71">.*?</tr>', page, re.S).group()
    assert re.findall(r'<td class="num(?: opt)?">([\d.,]+)</td>', row) == [
        "1", "3", "1", "1", "3", "2", "1", "0", "0",
        "0", "0,0", "0", "0,0",  # programme coverage: no KPM yet
    ]  # fmt: skip
    assert "66,7%" in row  # NIK valid, from the batch's quality report
    assert "ppks_bjm.csv" in page
    assert " style=" not in page and "<style" not in page and "<script>" not in page


def test_a_kabkota_user_sees_their_own_kabkota_and_province_totals_only(client, people):
    log_in_as(client, "operator_kabkota", "63.72")
    page = client.get("/dasbor/").content.decode()
    shown = tiles(page)
    assert shown["63.72"] == "t5" and shown["63.71"] == "tn"
    assert list(shown.values()).count("tn") == 12
    assert page.count('<tr data-kode="') == 1 and '<tr data-kode="63.72">' in page
    assert "di luar cakupan Anda" in page
    total = re.search(r'<tr class="total">.*?</tr>', page, re.S).group()
    assert ">4<" in total  # four people in the province
    assert "ppks_bjm.csv" not in page  # another kab/kota's import


def test_the_value_shown_can_be_chosen(client, people):
    log_in_as(client, "admin_provinsi", "63")
    page = client.get("/dasbor/", {"nilai": "ppks"}).content.decode()
    assert "PPKS (kategori masih berlaku)" in page
    assert tiles(page)["63.71"] == "t5" and tiles(page)["63.72"] == "t1"
    page = client.get("/dasbor/", {"nilai": "nik_valid"}).content.decode()
    assert "NIK valid (% NIK terisi)" in page and tiles(page)["63.71"] == "t5"
    assert client.get("/dasbor/", {"nilai": "<script>"}).status_code == 200  # unknown: default


def test_the_number_of_queries_does_not_grow_with_the_registry(client, people):
    log_in_as(client, "admin_provinsi", "63")
    with CaptureQueriesContext(connection) as small:
        client.get("/dasbor/")
    household = Household.objects.create(wilayah_id="63.01.01.2001")
    Person.objects.bulk_create(
        Person(nama=f"Orang {i}", nama_kunci=f"orang {i}", household=household) for i in range(300)
    )
    with CaptureQueriesContext(connection) as big:
        page = client.get("/dasbor/").content.decode()
    assert len(big) == len(small)
    assert '<tr data-kode="63.01">' in page


def test_programme_coverage_per_kabkota_counts_receiving_families(client, people):
    from datusoban.program import rules
    from datusoban.program.models import Kepesertaan

    bjm, bjb = people.rizky.household, people.other.household
    for household, program, status in (
        (bjm, "PKH", rules.TERDAFTAR), (bjm, "BPNT", rules.DIUSULKAN),  # proposed: not a KPM
        (bjb, "PKH", rules.DITANGGUHKAN), (bjb, "BPNT", rules.TERDAFTAR),
    ):  # fmt: skip
        Kepesertaan.objects.create(
            program_id=program, household=household, status=status,
            kode_kabkota=household.kode_kabkota,
        )  # fmt: skip
    log_in_as(client, "admin_provinsi", "63")
    page = client.get("/dasbor/", {"nilai": "kpm_pkh_per_100"}).content.decode()
    assert "KPM PKH per 100 keluarga" in page
    # One PKH family among one family each: 100 per 100 in both kab/kota, none elsewhere.
    assert tiles(page)["63.71"] == tiles(page)["63.72"] == "t5"
    assert tiles(page)["63.03"] == "t1"  # the lowest class
    row = page.split('<tr data-kode="63.71">')[1].split("</tr>")[0]
    kpm = re.findall(r'<td class="num">(\d+)</td>', row)[-2:]  # KPM PKH, KPM BPNT
    assert kpm == ["1", "0"]
    page = client.get("/dasbor/", {"nilai": "kpm_bpnt"}).content.decode()
    assert tiles(page)["63.72"] == "t5" and tiles(page)["63.71"] == "t1"

"""Trend charts drawn on the server beside their tables: case reports per month (kasus
dashboard), quarantined rows per month (impor), KPM per tahap (a programme's stages) and
independence after the panti per year (UPTD). Each is an SVG image with a title and a
description, one point per row of its table, within the user's scope; no inline style."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from datusoban.impor.models import QuarantinedRow
from datusoban.kasus.models import LaporanKasus
from datusoban.layanan import panti
from datusoban.layanan.models import Lembaga
from datusoban.program.models import TahapBayar
from datusoban.registri.models import ImportBatch

from .enrolments import make_enrolments
from .people import People, log_in_as

pytestmark = pytest.mark.django_db


def chart(page: str, chart_id: str) -> str:
    """The chart's figure: its SVG with title and description, and one circle per point."""
    assert f'<figure class="panel chart tren" id="{chart_id}">' in page, chart_id
    figure = page.split(f'id="{chart_id}">', 1)[1].split("</figure>", 1)[0]
    assert 'role="img"' in figure
    assert f'aria-labelledby="{chart_id}-judul {chart_id}-isi"' in figure
    assert f'<title id="{chart_id}-judul">' in figure and f'<desc id="{chart_id}-isi">' in figure
    assert figure.count("<polyline") == 1
    return figure


def points(figure: str) -> list[str]:
    """The points' own titles ("label: value"), in order."""
    return re.findall(r'<circle class="tren-titik"[^>]*><title>([^<]*)</title>', figure)


def table_rows(page: str, table_id: str) -> int:
    body = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return body.split("<tbody>", 1)[1].count("<tr>")


def no_inline_style(page: str) -> None:
    assert " style=" not in page and "<style" not in page and "<script>" not in page


def _case(person, desa: str, when: datetime) -> LaporanKasus:
    return LaporanKasus.objects.create(
        kategori_id=24, person=person, desa_id=desa, kode_kabkota=desa[:5], uraian="uji",
        urgensi="tinggi", nama_pelapor="uji", dilaporkan_pada=when,
        batas_waktu=when + timedelta(days=2),
    )  # fmt: skip


def _at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10))


def test_cases_per_month_one_point_a_month_with_the_empty_months(client, people: People):
    _case(people.rizky, "63.71.01.1001", _at(2026, 1, 15))
    _case(people.rizky, "63.71.01.1001", _at(2026, 1, 20))
    _case(people.siti, "63.71.01.1001", _at(2026, 4, 2))
    _case(people.other, "63.72.02.1003", _at(2025, 10, 9))
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/kasus/dasbor/").content.decode()
    no_inline_style(page)
    figure = chart(page, "tren-kasus")
    assert points(figure) == ["Jan 2026: 2", "Feb 2026: 0", "Mar 2026: 0", "Apr 2026: 1"]
    assert table_rows(page, "kasus-per-bulan") == 4
    assert "4 titik, Jan 2026 sampai Apr 2026" in figure
    client.logout()
    log_in_as(client, "admin_provinsi", "63")
    page = client.get("/kasus/dasbor/").content.decode()
    found = points(chart(page, "tren-kasus"))
    assert (
        len(found) == 7 and found[0] == "Okt 2025: 1" and table_rows(page, "kasus-per-bulan") == 7
    )


def test_no_cases_no_chart_and_the_table_says_so(client, people: People):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/kasus/dasbor/").content.decode()
    assert 'id="tren-kasus"' not in page and "Belum ada laporan kasus." in page


def test_quarantined_rows_per_month_of_the_batches_in_scope(client, people: People):
    older = ImportBatch.objects.create(
        source=people.batch.source, nama_berkas="lama.csv", sha256="z", profil="ppks-kabkota",
        diimpor_oleh="uji", status="selesai", jumlah_baris=2, karantina=2,
    )  # fmt: skip
    now = timezone.localtime()
    two_months_ago = (now.replace(day=1) - timedelta(days=40)).replace(day=10)
    ImportBatch.objects.filter(pk=older.pk).update(mulai=two_months_ago)
    for batch, n in ((people.batch, 1), (older, 2)):
        for i in range(n):
            QuarantinedRow.objects.create(
                batch=batch, nomor_baris=10 + i, nik=None, alasan=["nik_tidak_valid"], data={}
            )
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/impor/").content.decode()
    no_inline_style(page)
    found = points(chart(page, "tren-karantina"))
    assert len(found) == 3 and table_rows(page, "tabel-karantina-bulan") == 3
    assert found[0].endswith(": 2") and found[1].endswith(": 0") and found[2].endswith(": 1")
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")  # the Banjarmasin source's batches: not theirs
    page = client.get("/impor/").content.decode()
    assert 'id="tren-karantina"' not in page and "Belum ada baris yang dikarantina." in page


def test_kpm_per_tahap_one_point_per_stage(client, people: People):
    enrolled = make_enrolments(people)
    for tahap in (2, 3):
        TahapBayar.objects.create(
            kepesertaan=enrolled.inside, tahun=2025, tahap=tahap, jumlah_jatuh_tempo=750_000
        )
    log_in_as(client, "admin_provinsi", "63")
    page = client.get("/program/PKH/tahap/", {"tahun": "2025"}).content.decode()
    no_inline_style(page)
    figure = chart(page, "tren-tahap")
    assert points(figure) == ["Tahap 1: 2", "Tahap 2: 1", "Tahap 3: 1"]
    assert table_rows(page, "per-tahap") == 3
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    page = client.get("/program/PKH/tahap/", {"tahun": "2025"}).content.decode()
    assert points(chart(page, "tren-tahap")) == ["Tahap 1: 1"]


def test_independence_after_the_panti_per_year_of_discharge(client, people: People):
    uptd = Lembaga.objects.create(
        jenis="uptd", kode="UPTD-X", nama="UPTD Uji", wilayah_id="63.71.01",
        kode_kabkota="63.71", kode_kecamatan="63.71.01", kapasitas=10, layanan=["terapi"],
    )  # fmt: skip
    stays = [
        (people.rizky, date(2024, 3, 1), "mandiri"),
        (people.siti, date(2024, 5, 1), "belum"),
        (people.other, date(2025, 2, 1), "mandiri"),
    ]
    for person, keluar, hasil in stays:
        warga = panti.admit(uptd, person, date(2023, 1, 1))
        panti.discharge(warga, keluar, "selesai")
        panti.follow_up(warga, keluar + timedelta(days=30), hasil, oleh="uji")
    log_in_as(client, "admin_provinsi", "63")
    page = client.get("/layanan/uptd/").content.decode()
    no_inline_style(page)
    figure = chart(page, "tren-kemandirian")
    assert points(figure) == ["2024: 50,0%", "2025: 100,0%"]
    assert table_rows(page, "tabel-kemandirian-tahun") == 2

"""`datusoban program`: stages, a payment file (recorded or refused whole), overlaps as JSON."""

from __future__ import annotations

import io
import json
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from datusoban.program import services
from datusoban.program.models import TahapBayar

pytestmark = pytest.mark.django_db
KK = "6371010101250007"


@pytest.fixture
def enrolled(make_household, make_person):
    family = make_household(no_kk=KK)
    make_person(family, lahir=date(2019, 1, 1))  # anak usia dini: 750,000 per tahap
    enrolment = services.propose("PKH", household=family, oleh="op", tanggal=date(2024, 1, 1))
    services.change_status(enrolment, "diverifikasi", oleh="op", tanggal=date(2024, 1, 1))
    return services.change_status(enrolment, "terdaftar", oleh="op", tanggal=date(2024, 1, 1))


def _run(*args) -> str:
    out = io.StringIO()
    call_command("program", *args, stdout=out)
    return out.getvalue()


def test_stages_then_a_payment_file(enrolled, tmp_path):
    made = json.loads(_run("tahap", "--program", "PKH", "--tahun", "2025", "--json"))
    assert (made["dibuat"], made["keluarga"], made["jumlah_jatuh_tempo"]) == (4, 1, 3_000_000)
    path = tmp_path / "bayar.csv"
    pl.DataFrame(
        {"tahun": ["2025"], "tahap": ["1"], "no_kk": [KK], "jumlah": ["750000"],
         "status": ["dibayar"]}
    ).write_csv(path)  # fmt: skip
    assert "1 dibayar" in _run("bayar", str(path), "--user", "bank-kalsel")
    stage = TahapBayar.objects.get(kepesertaan=enrolled, tahap=1)
    assert (stage.status, stage.dicatat_oleh) == ("dibayar", "bank-kalsel")


def test_a_refused_payment_file_fails_and_says_why(enrolled, tmp_path):
    _run("tahap", "--tahun", "2025")
    path = tmp_path / "bayar.csv"
    pl.DataFrame(
        {"tahun": ["2025", "2025"], "tahap": ["1", "2"], "no_kk": [KK, KK],
         "jumlah": ["750000", "999999999"], "status": ["dibayar", "dibayar"]}
    ).write_csv(path)  # fmt: skip
    out = io.StringIO()
    with pytest.raises(CommandError, match="ditolak"):
        call_command("program", "bayar", str(path), stdout=out)
    assert "baris 2: jumlah 999999999 melebihi jatuh tempo 750000" in out.getvalue()
    assert not TahapBayar.objects.filter(status="dibayar").exists()


def test_programme_without_stages_and_missing_file_are_command_errors(tmp_path):
    with pytest.raises(CommandError, match="tidak dibayar bertahap"):
        _run("tahap", "--program", "UEP_KUBE", "--tahun", "2025")
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        _run("bayar", str(tmp_path / "tidak-ada.csv"))


def test_overlaps_as_json(make_household, make_person):
    elder = make_person(lahir=date(1940, 1, 1))
    for program in ("PERMAKANAN", "ATENSI"):
        services.propose(program, person=elder, oleh="op")
    data = json.loads(_run("tumpang-tindih", "--json"))
    assert data["jumlah"]["saling_meniadakan"] == 1
    assert data["saling_meniadakan"][0]["penerima"] == elder.pk
    assert json.loads(_run("tumpang-tindih", "--json", "--wilayah", "63.03"))["jumlah"] == {
        "saling_meniadakan": 0, "ganda_dalam_program": 0, "lks_tumpang_tindih": 0
    }  # fmt: skip
    assert "Program yang saling meniadakan diterima bersamaan: 1" in _run("tumpang-tindih")

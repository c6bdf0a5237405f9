"""The enrolment counts the database keeps (JumlahKepesertaan, the dashboard's programme
coverage) equal a count of the enrolments after every kind of write: the synthetic bulk
load, the services one by one and set-based, a plain queryset update and a delete."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count

from datusoban.program import services
from datusoban.program.models import JumlahKepesertaan, Kepesertaan

pytestmark = pytest.mark.django_db
DAY = date(2025, 1, 6)


def kept() -> dict[tuple[str, str, str], int]:
    rows = JumlahKepesertaan.objects.values_list("kode_kabkota", "program_id", "status", "jumlah")
    return {(k, p, s): n for k, p, s, n in rows if n}


def counted() -> dict[tuple[str, str, str], int]:
    rows = Kepesertaan.objects.values_list("kode_kabkota", "program_id", "status").annotate(
        n=Count("pk")
    )
    return {(k, p, s): n for k, p, s, n in rows}


def test_a_synthetic_load_is_counted_as_it_is_written():
    call_command("synth", people=2_000, seed=5, no_files=True, load=True, stdout=io.StringIO())
    assert Kepesertaan.objects.count() > 100
    assert kept() == counted()


def test_every_write_moves_the_counts(make_household):
    homes = [make_household(wilayah=w) for w in ("63.71.01.1001", "63.71.01.1001", "63.72.02.1003")]
    proposed = services.propose_many(
        "BPNT", households=[h.pk for h in homes], oleh="op", tanggal=DAY
    )
    assert proposed.jumlah == 3 and kept() == counted()
    ids = list(Kepesertaan.objects.values_list("pk", flat=True))
    services.change_status_many(ids, "diverifikasi", oleh="op", tanggal=DAY)
    services.change_status_many(ids, "terdaftar", oleh="op", tanggal=DAY)
    assert kept()[("63.71", "BPNT", "terdaftar")] == 2 and kept() == counted()
    enrolment = Kepesertaan.objects.get(pk=ids[0])
    services.change_status(enrolment, "ditangguhkan", oleh="op", keterangan="pindah alamat")
    assert kept() == counted()
    # Writes outside the services are counted too, and a change that moves nobody
    # between counts (the pendamping) changes none.
    Kepesertaan.objects.filter(pk=ids[1]).update(kode_kabkota="63.72")
    Kepesertaan.objects.update(pendamping="P-001")
    assert kept() == counted()
    Kepesertaan.objects.filter(pk=ids[2]).delete()
    assert (
        kept()
        == counted()
        == {
            ("63.71", "BPNT", "ditangguhkan"): 1,
            ("63.72", "BPNT", "terdaftar"): 1,
        }
    )

"""A merge carries what other apps keep of the person merged away (a client's place at an
LKS, a UPTD stay, a disaster victim, a case report) to the person kept, and undoing it
carries them back; where they cannot both stand, the merge is refused with the reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from datusoban.bencana.models import Bencana, KorbanBencana
from datusoban.kasus.models import LaporanKasus
from datusoban.layanan import lembaga, panti
from datusoban.layanan.models import KlienLembaga, Lembaga, WargaBinaan
from datusoban.penautan.decisions import DecisionError, merge_persons, undo
from datusoban.registri.models import Household, Person
from datusoban.registri.stats import refresh_counts

pytestmark = pytest.mark.django_db
DESA = "63.71.01.1001"
START = date(2024, 1, 1)


def _people() -> tuple[Person, Person]:
    """Two records of one man, as two persons of one family (counted, as a load counts)."""
    household = Household.objects.create(wilayah_id=DESA, no_kk="6371010101100021")
    kept = Person.objects.create(nik="6371011203800001", nama="Moh. Rizky", household=household)
    gone = Person.objects.create(nik="6371011203800011", nama="M Rizky", household=household)
    refresh_counts()
    return kept, gone


def _institution(jenis: str, kode: str) -> Lembaga:
    return Lembaga.objects.create(
        jenis=jenis, kode=kode, nama=kode, wilayah_id="63.71.01", kode_kabkota="63.71",
        kode_kecamatan="63.71.01", kapasitas=10, layanan=["terapi"],
    )  # fmt: skip


def _victim(person: Person) -> KorbanBencana:
    event = Bencana.objects.create(
        nama="Banjir", jenis="banjir", tanggal=START, kode_kabkota="63.71", dicatat_oleh="uji"
    )
    return KorbanBencana.objects.create(
        bencana=event, person=person, nik=person.nik, nama=person.nama, desa_id=DESA,
        kode_kabkota="63.71", kondisi="mengungsi", kunci_keluarga="k1", dicatat_oleh="uji",
    )  # fmt: skip


def _case(person: Person) -> LaporanKasus:
    now = timezone.now()
    return LaporanKasus.objects.create(
        kategori_id=24, person=person, desa_id=DESA, kode_kabkota="63.71", uraian="uji",
        urgensi="tinggi", nama_pelapor="uji", dilaporkan_pada=now, batas_waktu=now,
    )  # fmt: skip


def test_a_merge_carries_them_and_its_undo_brings_them_back():
    kept, gone = _people()
    client = lembaga.admit_client(_institution("lks", "LKS-A"), gone, "terapi", START)
    stay = panti.admit(_institution("uptd", "UPTD-A"), gone, START)
    victim, case = _victim(gone), _case(gone)
    rows = ((KlienLembaga, client), (WargaBinaan, stay), (KorbanBencana, victim),
            (LaporanKasus, case))  # fmt: skip

    decision = merge_persons(kept.pk, gone.pk, user="uji")

    assert not Person.objects.filter(pk=gone.pk).exists()
    assert all(model.objects.get(pk=row.pk).person_id == kept.pk for model, row in rows)
    undo(decision.pk, user="uji")
    assert Person.objects.filter(pk=gone.pk).exists()
    assert all(model.objects.get(pk=row.pk).person_id == gone.pk for model, row in rows)


def test_two_open_stays_cannot_become_one_persons():
    kept, gone = _people()
    panti.admit(_institution("uptd", "UPTD-A"), kept, START)
    panti.admit(_institution("uptd", "UPTD-B"), gone, START)
    with pytest.raises(DecisionError, match="warga binaan"):
        merge_persons(kept.pk, gone.pk, user="uji")
    assert Person.objects.filter(pk=gone.pk).exists()
    assert WargaBinaan.objects.filter(person=gone).count() == 1

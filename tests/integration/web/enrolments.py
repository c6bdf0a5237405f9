"""Enrolments over the page tests' small registry (people.py): PKH for Rizky's family in
Kota Banjarmasin and for the namesake's in Kota Banjarbaru, both receiving with one
payment stage; an assistive device (ALAT_BANTU) proposed for Rizky's child."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from datusoban.program.models import Kepesertaan, TahapBayar
from datusoban.program.services import change_status, propose

from .people import People


@dataclass(frozen=True)
class Enrolments:
    inside: Kepesertaan  # PKH, Rizky's family
    outside: Kepesertaan  # PKH, the namesake's family in Kota Banjarbaru
    child: Kepesertaan  # ALAT_BANTU, Rizky's child


def _receiving(household) -> Kepesertaan:
    enrolment = propose("PKH", household=household, oleh="uji", tanggal=date(2025, 1, 2))
    change_status(enrolment, "diverifikasi", oleh="uji", tanggal=date(2025, 1, 3))
    enrolment = change_status(enrolment, "terdaftar", oleh="uji", tanggal=date(2025, 1, 4))
    TahapBayar.objects.create(
        kepesertaan=enrolment, tahun=2025, tahap=1, jumlah_jatuh_tempo=750_000,
        jumlah_dibayar=750_000, status=TahapBayar.Status.DIBAYAR,
    )  # fmt: skip
    return enrolment


def make_enrolments(people: People) -> Enrolments:
    return Enrolments(
        _receiving(people.rizky.household),
        _receiving(people.other.household),
        propose("ALAT_BANTU", person=people.child, oleh="uji"),
    )

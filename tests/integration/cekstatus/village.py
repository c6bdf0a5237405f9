"""A small desa for the public status check's tests: Mantuil (63.71.01.1001) with a
receiving family, the dead, the moved away, a child, names that hold the letters typed
without beginning a word, and a crowd of MUHAMMADs; a namesake next door in Kelayan
Selatan (63.71.01.1002)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from datusoban.identity.names import name_key
from datusoban.program.models import TahapBayar
from datusoban.program.services import change_status, propose
from datusoban.registri.models import Household, Membership, Person

DESA, NEXT_DOOR = "63.71.01.1001", "63.71.01.1002"
KABKOTA, KECAMATAN = "63.71", "63.71.01"
SITI_NIK, SITI_KK = "6371015506850002", "6371010101100021"
SITI_BORN = date(1985, 6, 15)
ADDRESS = "Jl. Tembus Mantuil No. 7"
CROWD = 11  # one more than a page may list


@dataclass
class Village:
    siti: Person
    namesake: Person  # SITI AMINAH next door
    hidden: list[Person] = field(default_factory=list)  # in the desa, never public
    # Identifiers and dates the page must never show.
    secrets: list[str] = field(default_factory=list)


def person(household, nama, nik, born, hubungan="kepala", **extra) -> Person:
    p = Person.objects.create(
        nik=nik, nama=nama, nama_kunci=name_key(nama), tanggal_lahir=born, household=household,
        hubungan_keluarga=hubungan, jenis_kelamin="P", **extra,
    )  # fmt: skip
    Membership.objects.create(person=p, household=household, hubungan=hubungan)
    return p


def make_village() -> Village:
    home = Household.objects.create(wilayah_id=DESA, no_kk=SITI_KK, alamat=ADDRESS, rt="003")
    siti = person(home, "Siti Aminah", SITI_NIK, SITI_BORN, "istri", disabilitas="berjalan")
    person(home, "Rudi Sitompul", "6371011203800011", date(1980, 3, 12))
    child = person(home, "Siti Nurhaliza", "6371015505150012", date(2015, 5, 15), "anak")
    enrolment = propose("PKH", household=home, oleh="uji", tanggal=date(2025, 1, 2))
    change_status(enrolment, "diverifikasi", oleh="uji", tanggal=date(2025, 1, 3))
    enrolment = change_status(enrolment, "terdaftar", oleh="uji", tanggal=date(2025, 1, 4))
    stages = ((2025, 4, "dibayar"), (2026, 3, "dibayar"), (2026, 4, "jatuh_tempo"))
    for tahun, tahap, status in stages:
        TahapBayar.objects.create(
            kepesertaan=enrolment, tahun=tahun, tahap=tahap, jumlah_jatuh_tempo=750_000,
            jumlah_dibayar=750_000 if status == "dibayar" else 0, status=status,
        )  # fmt: skip
    propose("BPNT", household=home, oleh="uji", tanggal=date(2026, 2, 1))

    other = Household.objects.create(wilayah_id=DESA, no_kk="6371010101100022")
    dead = person(other, "Siti Maryam", "6371014404500013", date(1950, 4, 4), status="meninggal")
    moved = person(
        other, "Siti Rahmah", "6371014404600014", date(1960, 4, 4), "istri", status="pindah"
    )
    person(other, "Pusita Dewi", "6371014404700015", date(1970, 4, 4), "anak")
    person(other, "Martina Sitorus", "6371014404700016", None, "anak")
    crowd = Household.objects.create(wilayah_id=DESA, no_kk="6371010101100023")
    for i in range(CROWD):
        nama = f"Muhammad {'ABCDEFGHIJK'[i]}ali"
        person(crowd, nama, f"63710112038000{20 + i}", date(1990, 1, 1))

    door = Household.objects.create(wilayah_id=NEXT_DOOR, no_kk="6371010101100031")
    namesake = person(door, "Siti Aminah", "6371015506850032", date(1985, 6, 15))
    return Village(
        siti=siti,
        namesake=namesake,
        hidden=[child, dead, moved],
        secrets=[
            SITI_NIK, SITI_KK, "1985-06-15", "15 Juni 1985", "15/06/1985", "15-06-1985",
            "15 Jun 1985", ADDRESS, "Tembus", "Kesulitan berjalan", "berjalan",
        ],
    )  # fmt: skip

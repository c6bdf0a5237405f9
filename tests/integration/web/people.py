"""A small registry for the page tests: two families in Kota Banjarmasin (one with a
child, one member with a disability and PPKS history, source rows as received) and
one family in Kota Banjarbaru, outside a Banjarmasin user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User

from datusoban.accounts.models import Account
from datusoban.identity.names import name_key
from datusoban.registri.models import (
    Household,
    ImportBatch,
    Membership,
    Person,
    PersonPPKS,
    Source,
    SourceRecord,
)
from datusoban.registri.stats import refresh_counts

RIZKY_NIK = "6371011203800001"
RIZKY_KK = "6371010101100021"
CHILD_NIK = "6371011505150003"
OTHER_NIK = "6372021203800004"
OTHER_KK = "6372020101100001"
# Shown only to roles that may see health data.
HEALTH_MARKERS = ("Kesulitan berjalan", "Penyandang Disabilitas", "KURSI RODA")


@dataclass
class People:
    rizky: Person
    siti: Person
    child: Person
    other: Person  # in Kota Banjarbaru
    batch: ImportBatch


def _person(household, nik, nama, sex, born, hubungan, **extra) -> Person:
    person = Person.objects.create(
        nik=nik, nama=nama, nama_kunci=name_key(nama), jenis_kelamin=sex, tanggal_lahir=born,
        household=household, hubungan_keluarga=hubungan, **extra,
    )  # fmt: skip
    Membership.objects.create(person=person, household=household, hubungan=hubungan)
    return person


def make_people() -> People:
    source = Source.objects.create(
        kode="dinsos-bjm", nama="Dinsos Kota Banjarmasin", jenis="dinsos_kabkota",
        wilayah_id="63.71",
    )  # fmt: skip
    batch = ImportBatch.objects.create(
        source=source, nama_berkas="ppks_bjm.csv", sha256="x", profil="ppks-kabkota",
        diimpor_oleh="uji", status="selesai", jumlah_baris=3, diterima=2, karantina=1,
        laporan={"kolom_dipakai": {"nik": "NIK", "no_kk": "No KK", "nama": "Nama"},
                 "nik": {"terisi": 3, "valid": 2, "tingkat_valid": 0.6667}},
    )  # fmt: skip
    bjm = Household.objects.create(wilayah_id="63.71.01.1001", no_kk=RIZKY_KK, alamat="Jl. Uji 1")
    rizky = _person(
        bjm, RIZKY_NIK, "Moh. Rizky", "L", date(1980, 3, 12), "kepala", disabilitas="berjalan"
    )
    siti = _person(bjm, "6371015506900002", "Siti Aminah", "P", date(1990, 6, 15), "istri")
    child = _person(bjm, CHILD_NIK, "Ahmad Fauzan", "L", date(2015, 5, 15), "anak")
    bjb = Household.objects.create(wilayah_id="63.72.02.1003", no_kk=OTHER_KK)
    other = _person(bjb, OTHER_NIK, "Muhammad Rizki", "L", date(1980, 3, 12), "kepala")
    row = SourceRecord.objects.create(
        batch=batch, nomor_baris=2, record_id="r2", person=rizky, household=bjm, nik=RIZKY_NIK,
        data={"NIK": RIZKY_NIK, "No KK": RIZKY_KK, "Nama": "MOH. RIZKY",
              "Alat bantu": "KURSI RODA"},
    )  # fmt: skip
    PersonPPKS.objects.create(person=rizky, kategori_id=9, source_record=row)
    PersonPPKS.objects.create(person=rizky, kategori_id=24, source_record=row)
    # Made row by row here, not by a load or link run: count them as those do.
    refresh_counts()
    return People(rizky, siti, child, other, batch)


def log_in_as(client, peran: str, wilayah: str):
    # No password (no argon2 hashing per test): the tests log in with force_login.
    user = User.objects.create_user(f"{peran}.{wilayah}", first_name="Uji")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return user

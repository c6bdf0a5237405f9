"""Review pairs over the small registry of people.py: one inside Kota Banjarmasin, one with
a child's record, one reaching into Kota Banjarbaru, and one already rejected (so that the
decision log has an entry)."""

from __future__ import annotations

from dataclasses import dataclass

from datusoban.penautan.decisions import decide_pair
from datusoban.penautan.models import Decision, LinkRun, ReviewPair
from datusoban.registri.models import Person, SourceRecord

from .people import CHILD_NIK, OTHER_NIK, People

# Evidence as link_registry stores it: per comparison its weight and level label.
BUKTI = {
    "nama": {"bobot": 3.2, "tingkat": "one name within the other"},
    "nik": {"bobot": -4.1, "tingkat": "different, both fit their records"},
    "tgl": {"bobot": 9.8, "tingkat": "exact"},
    "wilayah": {"bobot": 9.5, "tingkat": "same desa"},
}


@dataclass
class Pairs:
    inside: ReviewPair  # Rizky's row and Siti's row, both in Kota Banjarmasin
    child: ReviewPair  # Rizky's row and his child's row
    outside: ReviewPair  # Rizky's row and the row of the namesake in Kota Banjarbaru
    rejected: Decision  # Siti's row and the child's row, rejected


def _row(people: People, person: Person, number: int, nik: str, nama: str) -> SourceRecord:
    return SourceRecord.objects.create(
        batch=people.batch, nomor_baris=number, record_id=f"r{number}", person=person,
        household=person.household, nik=nik, nama=nama, tanggal_lahir=person.tanggal_lahir,
        data={"NIK": nik, "Nama": nama},
    )  # fmt: skip


def _pair(run: LinkRun, left: SourceRecord, right: SourceRecord, alasan: str = "") -> ReviewPair:
    return ReviewPair.objects.create(
        run=run, rekaman_l=left, rekaman_r=right, match_probability=0.72, match_weight=1.4,
        bukti=BUKTI, alasan=alasan,
    )  # fmt: skip


def make_pairs(people: People) -> Pairs:
    rizky = people.batch.records.get(person=people.rizky)
    siti = _row(people, people.siti, 3, people.siti.nik, "Siti Aminah")
    child = _row(people, people.child, 4, CHILD_NIK, "Ahmad Fauzan")
    other = _row(people, people.other, 5, OTHER_NIK, "Muhammad Rizki")
    run = LinkRun.objects.create(
        dijalankan_oleh="uji", mesin="duckdb", versi_model="uji",
        ambang={"match_probability": 0.9, "review_probability": 0.5},
    )  # fmt: skip
    closed = _pair(run, siti, child)
    rejected = decide_pair(closed.pk, accept=False, user="uji", alasan="ibu dan anak")
    return Pairs(
        inside=_pair(run, rizky, siti),
        child=_pair(run, rizky, child),
        outside=_pair(run, rizky, other),
        rejected=rejected,
    )

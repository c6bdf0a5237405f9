"""Golden records respect data quality: a value its import flagged never beats a clean
one from a less trusted source, through the real import, link run and decisions."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from datusoban.impor.services import import_file
from datusoban.penautan.decisions import merge_persons, split_records, undo
from datusoban.penautan.registry_link import link_registry
from datusoban.registri.models import Person, SourceRecord

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 30)
HEADER = (
    "record_id", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
    "nama_ibu_kandung", "hubungan_keluarga", "alamat", "rt", "rw", "kode_wilayah",
)  # fmt: skip
# Siti, born 5 July 1985: her NIK says so (day 45 = 5 + 40 for a woman, 07, 85).
SITI = {
    "record_id": "S-1", "nik": "6371014507850003", "no_kk": "6371010101100001",
    "nama": "SITI AMINAH", "jenis_kelamin": "P", "tempat_lahir": "BANJARMASIN",
    "tanggal_lahir": "1985-07-05", "nama_ibu_kandung": "FATIMAH", "hubungan_keluarga": "Istri",
    "alamat": "JL. A. YANI KM 2 NO. 5", "rt": "001", "rw": "002", "kode_wilayah": "63.71.01.1001",
}  # fmt: skip
# Someone else the trusted file also lists, with Siti's NIK (borrowed).
BORROWER = {
    **SITI, "record_id": "S-2", "nama": "AHMAD HAIKAL", "jenis_kelamin": "L",
    "tanggal_lahir": "2014-03-02", "hubungan_keluarga": "Anak",
}  # fmt: skip


def _write(path: Path, rows: list[dict], extra: dict[str, str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=[*HEADER, *extra])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **extra})
    return path


def _import(path: Path, profile: str, source: str) -> int:
    return import_file(path, profile=profile, user="pytest", source=source, as_of=AS_OF).batch_id


def _siti_from_both(tmp_path: Path, trusted: dict, clean: dict, others: tuple = ()) -> Person:
    """Siti as the trusted DTSEN export (Kemensos) writes her and as the PKH list (a
    programme, less trusted) writes her, imported, linked and, if the link run kept them
    apart, merged as a reviewer would: one person with both records."""
    dtsen = _write(tmp_path / "dtsen.csv", [{**SITI, **trusted}, *others], {"desil": "2"})
    pkh = _write(tmp_path / "pkh.csv", [{**SITI, "record_id": "P-1", **clean}], {})
    a = _import(dtsen, "dtsen", "DTSEN Kemensos")
    b = _import(pkh, "pkh", "PKH")
    link_registry(user="pytest", batches=[a, b], as_of=AS_OF)
    first = SourceRecord.objects.get(batch_id=a, record_id="S-1")
    second = SourceRecord.objects.get(batch_id=b, record_id="P-1")
    if first.person_id != second.person_id:
        merge_persons(first.person_id, second.person_id, user="pytest")
    return Person.objects.get(pk=SourceRecord.objects.get(pk=first.pk).person_id)


def _records(person: Person) -> dict[str, SourceRecord]:
    return {r.record_id: r for r in SourceRecord.objects.filter(person=person)}


@pytest.mark.parametrize(
    ("flag", "field", "trusted", "clean", "others", "golden"),
    [
        # A placeholder date (01-07) the import marked as an estimate.
        ("tanggal_perkiraan", "tanggal_lahir", {"tanggal_lahir": "1985-07-01"},
         {}, (), date(1985, 7, 5)),
        # A date the NIK contradicts (August, where the NIK says July).
        ("nik_tanggal_beda", "tanggal_lahir", {"tanggal_lahir": "1985-08-05"},
         {}, (), date(1985, 7, 5)),
        # A sex the NIK contradicts.
        ("nik_jk_beda", "jenis_kelamin", {"jenis_kelamin": "L"}, {}, (), "P"),
        # A NIK whose region code is no kecamatan (99 99 99).
        ("nik_wilayah", "nik", {"nik": "9999994507850003"}, {}, (), "6371014507850003"),
        # A NIK the trusted file also gives to someone else: PKH's own NIK wins.
        ("nik_berulang", "nik", {"nik": "6371014507850007"}, {},
         ({**BORROWER, "nik": "6371014507850007"},), "6371014507850003"),
        # An age over 110: the NIK's two-digit year fits 1912 and 2012 alike.
        ("tanggal_usia_tidak_wajar", "tanggal_lahir",
         {"nik": "6371015403120003", "tanggal_lahir": "1912-03-14"},
         {"nik": "6371015403120003", "tanggal_lahir": "2012-03-14"}, (), date(2012, 3, 14)),
    ],
)  # fmt: skip
def test_a_flagged_trusted_value_loses_to_a_clean_one(
    tmp_path, flag, field, trusted, clean, others, golden
):
    person = _siti_from_both(tmp_path, trusted, clean, others)
    records = _records(person)
    flagged, kept = records["S-1"], records["P-1"]
    assert flag in flagged.tanda_mutu[field] and field not in kept.tanda_mutu
    assert getattr(person, field) == golden
    assert person.asal_data[field] == {
        "rekaman": kept.pk,
        "aturan": "sumber_terpercaya",
        "dilewati": [{"rekaman": flagged.pk, "tanda": flagged.tanda_mutu[field]}],
    }


def test_without_flags_the_trusted_source_still_wins(tmp_path):
    person = _siti_from_both(tmp_path, {"nama": "SITI AMINAH"}, {"nama": "SITI AMINA"})
    assert person.nama == "SITI AMINAH"
    assert person.asal_data["nama"] == {"rekaman": _records(person)["S-1"].pk,
                                        "aturan": "sumber_terpercaya"}  # fmt: skip


def test_when_every_value_is_flagged_the_trusted_one_wins_and_says_so(tmp_path):
    person = _siti_from_both(
        tmp_path, {"tanggal_lahir": "1985-07-01"}, {"tanggal_lahir": "1985-12-31"}
    )
    assert person.tanggal_lahir == date(1985, 7, 1)
    assert person.asal_data["tanggal_lahir"] == {
        "rekaman": _records(person)["S-1"].pk,
        "aturan": "sumber_terpercaya",
        "tanda": ["tanggal_perkiraan"],
    }


def test_split_merge_and_undo_keep_the_clean_value(tmp_path):
    person = _siti_from_both(tmp_path, {"tanggal_lahir": "1985-07-01"}, {})
    records = _records(person)
    # The clean record split out: the one left has only the flagged date.
    split = split_records(person.pk, [records["P-1"].pk], user="pytest")
    person.refresh_from_db()
    assert person.tanggal_lahir == date(1985, 7, 1)
    moved = Person.objects.get(pk=SourceRecord.objects.get(pk=records["P-1"].pk).person_id)
    assert moved.tanggal_lahir == date(1985, 7, 5)
    # Merged back, survivorship chooses the clean date again.
    merged = merge_persons(person.pk, moved.pk, user="pytest")
    person.refresh_from_db()
    assert person.tanggal_lahir == date(1985, 7, 5)
    assert person.asal_data["tanggal_lahir"]["dilewati"][0]["rekaman"] == records["S-1"].pk
    # Undoing the merge and then the split restores what each of them saw.
    undo(merged.pk, user="pytest")
    person.refresh_from_db()
    assert person.tanggal_lahir == date(1985, 7, 1)
    undo(split.pk, user="pytest")
    person.refresh_from_db()
    assert person.tanggal_lahir == date(1985, 7, 5)

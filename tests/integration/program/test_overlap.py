"""Overlap checks on data built for each case: double-dipping, one family twice, two LKS."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.program import overlap, services
from datusoban.registri.models import Household, ImportBatch, Source, SourceRecord

pytestmark = pytest.mark.django_db

NIK = "6371014101800002"


def _enrol(program: str, **recipient):
    enrolment = services.propose(program, oleh="op", tanggal=date(2024, 1, 1), **recipient)
    services.change_status(enrolment, "diverifikasi", oleh="op", tanggal=date(2024, 1, 1))
    return services.change_status(enrolment, "terdaftar", oleh="op", tanggal=date(2024, 1, 1))


def test_programmes_that_exclude_each_other(make_household, make_person):
    family = make_household()
    elder = make_person(family, lahir=date(1945, 1, 1))
    meals, rehab = _enrol("PERMAKANAN", person=elder), _enrol("ATENSI", person=elder)
    pkh = _enrol("PKH", household=family)
    # Someone else's ATENSI and another family's PKH are no overlap.
    _enrol("ATENSI", person=make_person())
    _enrol("PKH", household=make_household())
    found = overlap.exclusive()
    rows = {(r["program_a"], r["program_b"]): r for r in found.iter_rows(named=True)}
    assert set(rows) == {("PERMAKANAN", "ATENSI"), ("PERMAKANAN", "PKH")}
    assert (rows["PERMAKANAN", "ATENSI"]["kepesertaan_a"], rows["PERMAKANAN", "ATENSI"]
            ["kepesertaan_b"]) == (meals.pk, rehab.pk)  # fmt: skip
    assert rows["PERMAKANAN", "ATENSI"]["penerima"] == elder.pk
    assert rows["PERMAKANAN", "PKH"]["penerima"] == family.pk
    assert rows["PERMAKANAN", "PKH"]["kepesertaan_b"] == pkh.pk
    # An exit ends the overlap.
    services.change_status(rehab, "keluar", oleh="op", alasan="selesai")
    assert overlap.exclusive().height == 1


def test_one_family_twice_through_a_shared_nik_or_no_kk(make_household, make_person):
    first, second = make_household(), make_household()
    make_person(first, nik=NIK)
    make_person(second, nik=NIK)
    a, b = _enrol("PKH", household=first), _enrol("PKH", household=second)
    _enrol("BPNT", household=first)  # only one of them in BPNT: no finding
    kk_1, kk_2 = make_household(no_kk="6371010101250009"), make_household(no_kk="6371010101250009")
    c, d = _enrol("BPNT", household=kk_1), _enrol("BPNT", household=kk_2)
    found = {
        (r["program"], r["sebab"], r["kepesertaan_a"], r["kepesertaan_b"])
        for r in overlap.twice().iter_rows(named=True)
    }
    assert found == {("PKH", "nik_sama", a.pk, b.pk), ("BPNT", "no_kk_sama", c.pk, d.pk)}


def test_one_person_twice_through_a_pair_waiting_for_review(make_household, make_person):
    from datusoban.penautan.models import LinkRun, ReviewPair

    one, other = make_person(lahir=date(1940, 2, 2)), make_person(lahir=date(1940, 2, 2))
    a, b = _enrol("PERMAKANAN", person=one), _enrol("PERMAKANAN", person=other)
    batch = _batch("dtks", Source.Jenis.KEMENSOS, {})
    left = _record(batch, 1, one, {"nama": "Siti Aminah"})
    right = _record(batch, 2, other, {"nama": "Siti Aminah"})
    run = LinkRun.objects.create(dijalankan_oleh="pytest", mesin="duckdb")
    pair = ReviewPair.objects.create(
        run=run, rekaman_l=left, rekaman_r=right, match_probability=0.7, match_weight=1.2
    )
    found = overlap.twice()
    assert list(found.select("program", "sebab", "kepesertaan_a", "kepesertaan_b").rows()) == [
        ("PERMAKANAN", "antrean_tinjauan", a.pk, b.pk)
    ]
    # Decided as two people: no longer a possible duplicate.
    ReviewPair.objects.filter(pk=pair.pk).update(status="ditolak")
    assert overlap.twice().height == 0


def _batch(kode: str, jenis: str, used: dict, profil: str = "interchange") -> ImportBatch:
    source = Source.objects.create(kode=kode, nama=kode, jenis=jenis)
    return ImportBatch.objects.create(
        source=source, nama_berkas=f"{kode}.csv", sha256=kode, profil=profil,
        diimpor_oleh="pytest", status="selesai", laporan={"kolom_dipakai": used},
    )  # fmt: skip


def _record(batch, row: int, person, data: dict) -> SourceRecord:
    return SourceRecord.objects.create(
        batch=batch, nomor_baris=row, record_id=str(row), data=data, person=person
    )


def test_two_lks_serving_one_person_for_the_same_need(make_household, make_person):
    x, y, z = make_person(nik=NIK), make_person(), make_person()
    elsewhere = make_person(make_household(wilayah="63.03.01.2001"))
    one = _batch("lks-harapan", Source.Jenis.LKS, {"layanan": "jenis_layanan"})
    two = _batch("lks-sejahtera", Source.Jenis.LKS, {"layanan": "layanan"})
    combined = _batch("lkks-banjar", Source.Jenis.LAINNYA, {"layanan": "layanan",
                      "lks_id": "kode_lks"}, profil="lks")  # fmt: skip
    _record(one, 1, x, {"jenis_layanan": "Pendampingan lanjut usia"})
    _record(two, 1, x, {"layanan": "pendampingan lanjut usia "})
    _record(one, 2, y, {"jenis_layanan": "Pengasuhan anak"})
    _record(two, 2, y, {"layanan": "Rehabilitasi sosial disabilitas"})  # another need
    _record(combined, 1, z, {"layanan": "Pengasuhan anak", "kode_lks": "17"})
    _record(combined, 2, z, {"layanan": "Pengasuhan anak", "kode_lks": "18"})
    _record(combined, 3, elsewhere, {"layanan": "Pengasuhan anak", "kode_lks": "17"})
    _record(two, 3, elsewhere, {"layanan": "Pengasuhan anak"})
    found = overlap.lks()
    rows = {r["person_id"]: r for r in found.iter_rows(named=True)}
    assert set(rows) == {x.pk, z.pk, elsewhere.pk}
    assert rows[x.pk]["lks"] == ["lks-harapan", "lks-sejahtera"]
    assert rows[x.pk]["nik"] == NIK
    assert rows[z.pk]["lks"] == ["lkks-banjar:17", "lkks-banjar:18"]
    # Scoped to Kota Banjarmasin, the Banjar client is not shown.
    scope = Household.objects.filter(kode_kabkota=x.household.kode_kabkota)
    assert set(overlap.lks(scope)["person_id"]) == {x.pk, z.pk}
    counts = overlap.overlaps(scope).counts()
    assert counts == {"saling_meniadakan": 0, "ganda_dalam_program": 0, "lks_tumpang_tindih": 2}


@pytest.mark.django_db(transaction=True)
def test_overlaps_in_a_synthetic_population(tmp_path):
    """A loaded synthetic population, with known overlaps added: a second LKS listing five
    clients of the first for the same service (imported and linked as files are), and three
    PKH families registered a second time under the same No KK."""
    import io

    import polars as pl
    from django.core.management import call_command

    from datusoban.impor.services import import_file
    from datusoban.penautan.registry_link import link_registry
    from datusoban.program.models import Kepesertaan
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run

    config = SynthConfig(people=4_000, seed=21, as_of=date(2025, 6, 30))
    call_command("synth", people=4_000, seed=21, no_files=True, load=True, stdout=io.StringIO())
    assert overlap.overlaps().counts() == {
        "saling_meniadakan": 0, "ganda_dalam_program": 0, "lks_tumpang_tindih": 0
    }  # fmt: skip
    run(config, tmp_path)
    first = pl.read_csv(tmp_path / "lks.csv", infer_schema=False)
    copied = first.head(5).with_columns(
        record_id=pl.lit("B-") + pl.col("record_id"), lks_id=pl.lit("99")
    )
    copied.write_csv(tmp_path / "lks_b.csv")
    batches = [
        import_file(tmp_path / name, profile="lks", user="pytest", source=source,
                    as_of=config.as_of).batch_id
        for name, source in (("lks.csv", "LKS Harapan"), ("lks_b.csv", "LKS Sejahtera"))
    ]  # fmt: skip
    link_registry(user="pytest", batches=batches, as_of=config.as_of)
    expected = set(
        SourceRecord.objects.filter(
            batch_id=batches[0], record_id__in=first.head(5)["record_id"].to_list()
        ).values_list("person_id", flat=True)
    )
    assert len(expected) == 5
    found = overlap.lks()
    assert set(found["person_id"]) == expected
    assert set(found["lks"].list.len()) == {2}

    families = list(
        Kepesertaan.objects.filter(program_id="PKH", status="terdaftar")
        .order_by("pk")
        .values_list("pk", "household__no_kk", "household__wilayah_id")[:3]
    )
    again = []
    for pk, no_kk, wilayah in families:
        copy = Household.objects.create(no_kk=no_kk, wilayah_id=wilayah)
        again.append((pk, _enrol("PKH", household=copy).pk))
    twice = overlap.twice()
    assert sorted(twice.select("kepesertaan_a", "kepesertaan_b").rows()) == sorted(again)
    assert set(twice["sebab"]) == {"no_kk_sama"}

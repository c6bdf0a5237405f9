"""A year's payment stages for the enrolled families, and payment files recorded all or nothing."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from datusoban.program import payments, services
from datusoban.program import stages as stage_writer
from datusoban.program.benefit import stage_periods
from datusoban.program.models import Kepesertaan, TahapBayar
from datusoban.refusal import RefusedError
from datusoban.sasaran.eligibility_services import explain_unit
from datusoban.sasaran.stage_amounts import pkh_stage_amounts

pytestmark = pytest.mark.django_db


def create_stages(program: str, tahun: int) -> stage_writer.StageResult:
    """As `datusoban program tahap` does: PKH amounts by the rule file."""
    amounts = pkh_stage_amounts if program == "PKH" else None
    return stage_writer.create_stages(program, tahun, amounts)


KK_A, KK_B = "6371010101250001", "6371010101250002"
NIK_B = "6371014101800002"


def _enrol(program: str, household, mulai: date) -> Kepesertaan:
    enrolment = services.propose(program, household=household, oleh="op", tanggal=mulai)
    services.change_status(enrolment, "diverifikasi", oleh="op", tanggal=mulai)
    return services.change_status(enrolment, "terdaftar", oleh="op", tanggal=mulai)


@pytest.fixture
def pkh_families(make_household, make_person):
    """A: a pregnant mother, three under-sevens (two count), a pupil, and a 22-year-old
    still at school (over the rule file's school age); B: one elderly person.
    C: enrolled, but nobody qualifies any more."""
    a = make_household(no_kk=KK_A)
    make_person(a, lahir=date(1992, 3, 1), hamil=True, jenis_kelamin="P")
    for born in (date(2020, 9, 1), date(2022, 2, 1), date(2024, 1, 1)):
        make_person(a, lahir=born)
    make_person(a, lahir=date(2016, 5, 5), sekolah="sd")
    make_person(a, lahir=date(2002, 7, 1), sekolah="sma")
    b = make_household(no_kk=KK_B)
    make_person(b, nik=NIK_B, lahir=date(1950, 6, 1))
    c = make_household()
    make_person(c, lahir=date(1985, 1, 1))
    # B only joins in May: no stage for tahap 1.
    return (
        _enrol("PKH", a, date(2023, 2, 1)),
        _enrol("PKH", b, date(2025, 5, 10)),
        _enrol("PKH", c, date(2022, 1, 1)),
    )


def test_pkh_stages_follow_the_components_and_the_limits(pkh_families):
    a, b, c = pkh_families
    result = create_stages("PKH", 2025)
    assert (result.dibuat, result.keluarga) == (4 + 3, 2)
    assert result.tanpa_komponen == [c.pk]
    stages = {(s.kepesertaan_id, s.tahap): s for s in TahapBayar.objects.filter(tahun=2025)}
    # 750,000 pregnancy + 2 × 750,000 young children + 225,000 SD: four people at most.
    assert stages[(a.pk, 1)].jumlah_jatuh_tempo == 2_475_000
    rincian = {r["komponen"]: r for r in json.loads(json.dumps(stages[(a.pk, 1)].rincian))}
    assert rincian["anak_usia_dini"]["orang"] == 2
    assert set(rincian) == {"ibu_hamil", "anak_usia_dini", "sd"}
    assert (b.pk, 1) not in stages
    assert [stages[(b.pk, t)].jumlah_jatuh_tempo for t in (2, 3, 4)] == [600_000] * 3
    assert {s.status for s in stages.values()} == {"jatuh_tempo"}
    assert result.jumlah_jatuh_tempo == 4 * 2_475_000 + 3 * 600_000
    # Run again: nothing new.
    again = create_stages("PKH", 2025)
    assert (again.dibuat, again.sudah_ada) == (0, 7)


def test_each_stage_pays_what_eligibility_counts_as_the_benefit_per_tahap(pkh_families):
    """The stage amount and eligibility's explanation on the stage's first day agree,
    component by component, for every family and stage."""
    create_stages("PKH", 2025)
    written = {(s.kepesertaan_id, s.tahap): s for s in TahapBayar.objects.filter(tahun=2025)}
    compared = 0
    for enrolment in pkh_families:
        for tahap, awal in stage_periods("PKH", 2025).select("tahap", "awal").iter_rows():
            explained = explain_unit("PKH", as_of=awal, household=enrolment.household_id)
            counted = [m for m in explained["komponen"] if m["dihitung"]]
            stage = written.get((enrolment.pk, tahap))
            if stage is None:  # not enrolled then, or no component: nothing due
                assert enrolment.mulai > awal or not counted
                continue
            assert stage.jumlah_jatuh_tempo == sum(m["per_tahap"] for m in counted)
            per_component = {r["komponen"]: (r["orang"], r["jumlah"]) for r in stage.rincian}
            assert per_component == {
                k: (
                    sum(1 for m in counted if m["komponen"] == k),
                    sum(m["per_tahap"] for m in counted if m["komponen"] == k),
                )
                for k in {m["komponen"] for m in counted}
            }
            compared += 1
    assert compared == 7


def test_pkh_without_the_rule_files_amounts_is_refused(pkh_families):
    with pytest.raises(RefusedError, match="aturan sasaran"):
        stage_writer.create_stages("PKH", 2025)
    assert not TahapBayar.objects.exists()


def test_bpnt_is_paid_monthly_and_only_while_enrolled(make_household):
    family = make_household()
    enrolment = _enrol("BPNT", family, date(2024, 1, 1))
    suspended = _enrol("BPNT", make_household(), date(2024, 1, 1))
    services.change_status(suspended, "ditangguhkan", oleh="op", keterangan="alamat tidak sesuai")
    result = create_stages("BPNT", 2025)
    assert result.dibuat == 12
    assert set(TahapBayar.objects.values_list("kepesertaan_id", "jumlah_jatuh_tempo")) == {
        (enrolment.pk, 200_000)
    }


def test_a_programme_without_stages_is_refused():
    with pytest.raises(RefusedError, match="tidak dibayar bertahap"):
        create_stages("RS_RTLH", 2025)


def _file(tmp_path, rows: list[dict]) -> pl.DataFrame:
    path = tmp_path / "bayar.csv"
    pl.DataFrame(rows).write_csv(path)
    return payments.read_payment_file(path)


def test_a_payment_file_is_recorded_whole_and_once(pkh_families, tmp_path):
    a, b, _ = pkh_families
    create_stages("PKH", 2025)
    rows = [
        {"tahun": "2025", "tahap": "1", "no_kk": KK_A, "nik": "", "jumlah": "2.475.000",
         "status": "dibayar"},
        {"tahun": "2025", "tahap": "2", "no_kk": "", "nik": NIK_B, "jumlah": "600000",
         "status": "GAGAL", "keterangan": "rekening tidak aktif"},
    ]  # fmt: skip
    result = payments.record_payments("PKH", _file(tmp_path, rows), oleh="bank")
    assert (result.disimpan, result.dibayar, result.gagal) == (True, 1, 1)
    paid = TahapBayar.objects.get(kepesertaan=a, tahap=1)
    assert (paid.status, paid.jumlah_dibayar, paid.dicatat_oleh) == ("dibayar", 2_475_000, "bank")
    failed = TahapBayar.objects.get(kepesertaan=b, tahap=2)
    assert (failed.status, failed.jumlah_dibayar, failed.keterangan) == (
        "gagal", 0, "rekening tidak aktif"
    )  # fmt: skip
    again = payments.record_payments("PKH", _file(tmp_path, rows), oleh="bank")
    assert (again.disimpan, again.sudah_tercatat, again.dibayar, again.gagal) == (True, 2, 0, 0)
    # A failed payment may be paid later.
    retry = [{**rows[1], "status": "dibayar", "keterangan": ""}]
    assert payments.record_payments("PKH", _file(tmp_path, retry), oleh="bank").dibayar == 1


def test_one_bad_row_stores_nothing_and_every_refusal_is_reported(pkh_families, tmp_path):
    create_stages("PKH", 2025)
    good = {"tahun": "2025", "tahap": "1", "no_kk": KK_A, "nik": "", "jumlah": "2475000",
            "status": "dibayar"}  # fmt: skip
    rows = [
        good,
        {**good, "tahap": "5x"},
        {**good, "no_kk": "6371999999999999"},
        {**good, "no_kk": "", "nik": NIK_B},  # B has no stage 1
        {**good, "jumlah": "9999999"},
        {**good, "status": "lunas"},
        {**good},  # the same stage twice
        {**good, "no_kk": "123"},
    ]
    result = payments.record_payments("PKH", _file(tmp_path, rows), oleh="bank")
    assert not result.disimpan
    reasons = dict(result.ditolak)
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8]
    assert "tahap harus angka" in reasons[2]
    assert "tidak terdaftar sebagai penerima PKH" in reasons[3]
    assert "belum ada tahap 1 tahun 2025" in reasons[4]
    assert "melebihi jatuh tempo" in reasons[5]
    assert "status harus 'dibayar' atau 'gagal'" in reasons[6]
    assert "sudah ada di baris 1" in reasons[7]
    assert "No KK harus 16 angka" in reasons[8]
    assert not TahapBayar.objects.exclude(status="jatuh_tempo").exists()


def test_a_file_without_the_needed_columns_is_refused(tmp_path):
    path = tmp_path / "bayar.csv"
    pl.DataFrame({"tahun": ["2025"], "jumlah": ["1"]}).write_csv(path)
    with pytest.raises(RefusedError, match="tahap, status, no_kk/nik"):
        payments.read_payment_file(path)


def test_a_semicolon_file_from_a_spreadsheet_is_read(tmp_path):
    path = tmp_path / "bayar.csv"
    path.write_text(
        "\ufefftahun;tahap;no_kk;jumlah;status\n2025;1;6371010101250001;Rp 750.000;dibayar\n",
        encoding="utf-8",
    )
    frame = payments.read_payment_file(path)
    assert frame.columns[:6] == ["baris", "tahun", "tahap", "no_kk", "jumlah", "status"]
    assert frame.row(0)[1:6] == ("2025", "1", "6371010101250001", "Rp 750.000", "dibayar")

"""Each programme's shipped rules against the criteria of docs/DOMAIN.md "Programmes", as
tables: edge ages, the PKH caps, the RS-RTLH 5-year window, unknown facts, and the benefits."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from .registry_frames import AS_OF, born

# --- PKH -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "desil", "eligible"),
    [
        ({"umur": 70}, 4, True),  # lanjut usia at the catalogue's 70
        ({"umur": 69}, 4, False),
        ({"umur": 70}, 5, False),  # desil 1-4 only
        ({"umur": 6}, 2, True),  # anak usia dini 0-6
        ({"tanggal_lahir": born(7, days_after=1)}, 2, True),  # a day short of 7
        ({"umur": 7}, 2, False),
        ({"umur": 0}, 2, True),
        ({"umur": 10, "sekolah": "sd"}, 2, True),
        ({"umur": 21, "sekolah": "sma"}, 2, True),
        ({"umur": 22, "sekolah": "sma"}, 2, False),  # past the school age cap
        ({"umur": 15, "sekolah": "pt"}, 2, False),
        ({"umur": 28, "jenis_kelamin": "P", "hamil": True}, 2, True),
        ({"umur": 28, "jenis_kelamin": "L", "hamil": True}, 2, False),
        ({"umur": 35, "disabilitas_berat": True}, 2, True),
        ({"umur": 35, "jenis_disabilitas": "berjalan"}, 2, False),  # not severe
        ({"umur": None}, 2, False),  # unknown age: no component
    ],
)
def test_pkh_components_and_desil(registry, verdict, member, desil, eligible):
    family = registry.family({"umur": 40}, member, desil=desil)
    assert verdict(registry, "PKH", family) is eligible


def test_pkh_reads_dtsen_desil_before_ours_and_unknown_desil_fails(registry, verdict, explained):
    dtsen_poor = registry.family({"umur": 75}, desil=7, desil_dtsen=3)
    dtsen_rich = registry.family({"umur": 75}, desil=2, desil_dtsen=6)
    unranked = registry.family({"umur": 75}, desil=None)
    assert verdict(registry, "PKH", dtsen_poor) is True
    assert verdict(registry, "PKH", dtsen_rich) is False
    assert verdict(registry, "PKH", unranked) is False
    rule = explained(registry, "PKH", keluarga=unranked)["aturan"][0]
    assert (rule["hasil"], rule["dihitung_sebagai"]) == ("tidak diketahui", "tidak terpenuhi")
    assert rule["nilai"][0]["teks"] == "tidak diketahui"


def test_a_refusal_names_the_rule_and_the_value_that_decided_it(registry, explained):
    family = registry.family({"umur": 75}, desil=5)
    explanation = explained(registry, "PKH", keluarga=family)
    assert explanation["layak"] is False
    assert [r["hasil"] for r in explanation["aturan"]] == ["tidak terpenuhi", "terpenuhi"]
    assert explanation["ringkasan"] == (
        "Tidak layak: Keluarga berada di desil 1 sampai 4 (DTSEN bila ada) "
        "[desil kesejahteraan (DTSEN bila ada, selain itu desil kita) = 5]."
    )
    (member,) = explanation["komponen"]
    assert (member["komponen"], member["dihitung"], member["per_tahap"]) == (
        "lansia",
        True,
        600_000,
    )
    lansia = next(c for c in member["syarat_komponen"] if c["kode"] == "lansia")
    assert lansia["hasil"] == "terpenuhi" and lansia["nilai"][0]["nilai"] == 75


def mother(**extra):
    return {"umur": 30, "jenis_kelamin": "P", "hamil": True, **extra}


def test_pkh_caps_two_pregnancies_two_young_children_four_members(registry, judge):
    pregnant = registry.family(*[mother() for _ in range(3)])
    toddlers = registry.family({"umur": 35}, *[{"umur": a} for a in (1, 3, 5)])
    crowded = registry.family(
        mother(), mother(), {"umur": 2}, {"umur": 4},
        {"umur": 9, "sekolah": "sd"}, {"umur": 16, "sekolah": "sma"},
    )  # fmt: skip
    assessment = judge(registry, "PKH")
    units = {r["keluarga"]: r for r in assessment.units.iter_rows(named=True)}
    members = assessment.members
    assert units[pregnant]["penerima_komponen"] == 2
    assert units[toddlers]["penerima_komponen"] == 2
    assert units[crowded]["penerima_komponen"] == 4
    counted = members.filter(pl.col("keluarga") == crowded, pl.col("dihitung"))
    # The highest amounts count first: 2 pregnancies and 2 young children at 3,000,000.
    assert sorted(counted["komponen"].to_list()) == ["anak_usia_dini"] * 2 + ["ibu_hamil"] * 2
    left_out = members.filter(pl.col("keluarga") == crowded, ~pl.col("dihitung"))
    assert left_out["batas"].to_list() == ["maks_penerima_komponen"] * 2
    assert units[crowded]["manfaat_per_satuan"] == 4 * 750_000
    assert units[crowded]["manfaat_per_tahun"] == 4 * 3_000_000
    third = members.filter(pl.col("keluarga") == pregnant, ~pl.col("dihitung"))
    assert third["batas"].to_list() == ["maks_komponen"]


def test_pkh_one_component_per_member_and_the_benefit_per_tahap(registry, judge, explained):
    family = registry.family(
        {"umur": 72, "disabilitas_berat": True}, {"umur": 10, "sekolah": "sd"},
        {"umur": 16, "sekolah": "sma"},
    )  # fmt: skip
    row = judge(registry, "PKH").units.filter(pl.col("keluarga") == family).row(0, named=True)
    # 2,400,000 (one of disabilitas berat / lansia) + 900,000 + 2,000,000 a year.
    assert row["manfaat_per_tahun"] == 2_400_000 + 900_000 + 2_000_000
    assert row["manfaat_per_satuan"] == 600_000 + 225_000 + 500_000
    components = explained(registry, "PKH", keluarga=family)["komponen"]
    assert [c["komponen"] for c in components] == ["disabilitas_berat", "sd", "sma"]


# --- BPNT ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("desil", "no_kk", "eligible"),
    [(1, "6371010101250001", True), (5, "6371010101250001", True),
     (6, "6371010101250001", False), (3, None, False)],
)  # fmt: skip
def test_bpnt_desil_one_to_five_per_kk(registry, judge, desil, no_kk, eligible):
    family = registry.family({"umur": 40}, desil=desil, no_kk=no_kk)
    row = judge(registry, "BPNT").units.filter(pl.col("keluarga") == family).row(0, named=True)
    assert row["layak"] is eligible
    assert row["manfaat_per_satuan"] == (200_000 if eligible else 0)
    assert row["manfaat_per_tahun"] == (2_400_000 if eligible else 0)


# --- Permakanan ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "others", "desil", "eligible"),
    [
        ({"umur": 75}, 0, 3, True),  # lansia tunggal
        ({"umur": 74}, 0, 3, False),
        ({"tanggal_lahir": born(75, days_after=1)}, 0, 3, False),  # a day short of 75
        ({"umur": 80}, 1, 3, False),  # not living alone
        ({"umur": 40, "jenis_disabilitas": "penglihatan"}, 0, 3, True),  # disabilitas tunggal
        ({"umur": 40}, 0, 3, False),
        ({"umur": 80}, 0, 5, False),  # not poor
        ({"umur": 80, "pekerjaan": "pensiunan"}, 0, 3, False),
        ({"umur": 80, "pekerjaan": None}, 0, 3, True),  # unknown occupation: policy "lulus"
        ({"umur": 80, "nik_16": 0}, 0, 3, False),  # NIK/KK must be matched
    ],
)
def test_permakanan(registry, judge, person, others, desil, eligible):
    registry.family(person, *[{"umur": 50}] * others, desil=desil)
    first = registry.persons[-1 - others]["orang"]
    row = judge(registry, "PERMAKANAN").units.filter(pl.col("orang") == first).row(0, named=True)
    assert row["layak"] is eligible
    assert row["manfaat_per_tahun"] == (30_000 * 365 if eligible else 0)


def test_permakanan_explains_an_unknown_counted_as_passed(registry, explained):
    registry.family({"umur": 80, "pekerjaan": None}, desil=1)
    explanation = explained(registry, "PERMAKANAN", orang=registry.persons[-1]["orang"])
    pension = next(r for r in explanation["aturan"] if r["kode"] == "bukan_pensiunan")
    assert (pension["hasil"], pension["dihitung_sebagai"]) == ("tidak diketahui", "terpenuhi")
    assert explanation["layak"] is True
    assert "tidak diketahui, dihitung terpenuhi: bukan_pensiunan" in explanation["ringkasan"]


# --- RS-RTLH ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("house", "desil", "eligible"),
    [
        ({"dinding": "kayu"}, 3, True),
        ({"lantai": "tanah"}, 3, True),
        ({"atap": "rumbia"}, 3, True),
        ({"fasilitas_bab": "tidak_ada"}, 3, True),
        ({}, 3, False),  # a decent house
        ({"dinding": "kayu", "status_lahan": "milik_orang_lain"}, 3, False),
        ({"dinding": "kayu", "status_lahan": None}, 3, False),  # unknown land: policy "gagal"
        ({"dinding": "kayu"}, 5, False),
    ],
)
def test_rs_rtlh_land_house_and_poverty(registry, verdict, house, desil, eligible):
    family = registry.family({"umur": 50}, desil=desil, **house)
    assert verdict(registry, "RS_RTLH", family) is eligible


def years_ago(years: int, days: int = 0):
    return AS_OF.replace(year=AS_OF.year - years) + timedelta(days=days)


@pytest.mark.parametrize(
    ("received", "eligible"),
    [
        (None, True),
        (years_ago(5, days=1), False),  # a day short of 5 years: still within the window
        (years_ago(5), True),
        (years_ago(6), True),
        (years_ago(1), False),
    ],
)
def test_rs_rtlh_no_repeat_within_five_years(registry, judge, received, eligible):
    family = registry.family({"umur": 50}, desil=2, dinding="anyaman_bambu")
    if received is not None:
        registry.received(family, "RS_RTLH", received)
    row = judge(registry, "RS_RTLH").units.filter(pl.col("keluarga") == family).row(0, named=True)
    assert row["layak"] is eligible
    assert row["manfaat_per_satuan"] == (15_000_000 if eligible else 0)


def test_rs_rtlh_counts_a_house_rehabilitated_for_a_member(registry, verdict):
    family = registry.family({"umur": 50}, {"umur": 45, "menerima": {"RS_RTLH": years_ago(2)}},
                             desil=2, dinding="kayu")  # fmt: skip
    assert verdict(registry, "RS_RTLH", family) is False


# --- UEP-KUBE --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head_age", "eligible"),
    [(17, False), (18, True), (59, True), (60, True), (61, False), (None, False)],
)
def test_uep_kube_head_of_working_age(registry, judge, head_age, eligible):
    family = registry.family({"umur": head_age}, {"umur": 30}, desil=3)
    row = judge(registry, "UEP_KUBE").units.filter(pl.col("keluarga") == family).row(0, named=True)
    assert row["layak"] is eligible
    assert row["manfaat_per_satuan"] == (2_000_000 if eligible else 0)  # Rp20 juta / 10 KK


def test_uep_kube_never_twice_and_only_the_poor(registry, verdict):
    before = registry.family({"umur": 40}, desil=3)
    registry.received(before, "UEP_KUBE", years_ago(12))
    better_off = registry.family({"umur": 40}, desil=5)
    assert verdict(registry, "UEP_KUBE", before) is False
    assert verdict(registry, "UEP_KUBE", better_off) is False


# --- ATENSI and alat bantu -------------------------------------------------------


@pytest.mark.parametrize(
    ("ppks", "eligible"),
    [([8], True), ([2], True), ([24], False), ([], False), ([24, 9], True)],
)
def test_atensi_serves_ppks_categories(registry, verdict, ppks, eligible):
    registry.family({"umur": 17, "ppks": ppks})
    assert verdict(registry, "ATENSI", registry.persons[-1]["orang"]) is eligible


@pytest.mark.parametrize(
    ("person", "eligible"),
    [({"umur": 59}, False), ({"umur": 60}, True), ({"umur": 61}, True),
     ({"umur": 30, "jenis_disabilitas": "pendengaran"}, True), ({"umur": None}, False)],
)  # fmt: skip
def test_alat_bantu_disability_or_elderly(registry, verdict, person, eligible):
    registry.family(person)
    assert verdict(registry, "ALAT_BANTU", registry.persons[-1]["orang"]) is eligible

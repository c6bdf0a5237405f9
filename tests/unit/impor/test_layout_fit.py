"""The layout fit score on header lists: what it counts and where the thresholds sit."""

from __future__ import annotations

import pytest

from datusoban.impor.layout_fit import LayoutMismatchError, check_layout, fit, settings
from datusoban.impor.profiles import Profile, shipped_profiles
from datusoban.interchange import COLUMNS

LKS_LIST = ["no_klien", "nik", "nama", "jk", "tempat_lahir", "tgl_lahir", "alamat_asal",
            "kode_desa", "id_lks", "jenis_layanan"]  # fmt: skip
SIKS_NG = ["iddtks", "provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan", "alamat",
           "rt", "rw", "nomor_kk", "nomor_nik", "nama", "tanggal_lahir", "jenis_pmks"]  # fmt: skip


def profile(name: str) -> Profile:
    return shipped_profiles()[name]


def test_the_score_counts_known_columns_and_found_fields_as_the_mapping_compares_them():
    # "No. KK" and "TGL LAHIR" are the profile's no_kk and tgl_lahir once normalised.
    got = fit(profile("lks"), ["Nama Klien", "No. KK", "TGL LAHIR", "Keterangan", ""])
    assert (got.known, got.columns, got.found, got.fields) == (3, 4, 3, 15)
    assert got.score == pytest.approx(3 / 4 * 3 / 15)


def test_region_name_columns_count_as_known_and_as_the_region_field():
    got = fit(profile("siks-ng"), SIKS_NG)
    assert got.known == len(SIKS_NG)
    # Of its 14 fields the file lacks jenis_kelamin, tempat_lahir, nama_ibu_kandung and
    # hubungan_keluarga; kode_wilayah is found through the four region names.
    assert (got.found, got.fields) == (10, 14)


def test_the_thresholds_are_read_from_the_data_file():
    limits = settings()
    assert 0 < limits.better_by < 0.5 and 0 < limits.min_share < 1
    assert "interchange" in limits.generic


def test_an_lks_list_under_siks_ng_is_refused_naming_lks():
    with pytest.raises(LayoutMismatchError) as refused:
        check_layout(profile("siks-ng"), LKS_LIST, "klien.csv")
    assert refused.value.code == "profil_tidak_cocok"
    assert refused.value.suggested.profile == "lks"
    message = str(refused.value)
    assert "klien.csv" in message and "Pilih profil 'lks'" in message
    assert "10 dari 10 kolom berkas" in message


@pytest.mark.parametrize("name", sorted(shipped_profiles()))
def test_a_file_with_exactly_a_profile_s_columns_fits_it(name):
    chosen = profile(name)
    headers = [names[0] for names in chosen.kolom.values()]
    assert fit(chosen, headers).score == 1.0
    check_layout(chosen, headers, "x.csv")  # not refused


def test_the_interchange_profile_takes_interchange_files_with_any_extra_columns():
    check_layout(profile("interchange"), [*COLUMNS, "lks_id", "layanan"], "x.csv")
    check_layout(profile("interchange"), ["nama", "nik"], "x.csv")


def test_a_foreign_file_with_a_name_column_is_refused_with_the_way_to_map_it():
    headers = ["nama", "nominal", "bank", "rekening", "tahap", "status_bayar"]
    with pytest.raises(LayoutMismatchError, match="tata letak baru") as refused:
        check_layout(profile("siks-ng"), headers, "bayar.csv")
    assert refused.value.suggested is None


def test_a_foreign_file_without_the_required_columns_is_left_to_the_missing_columns_check():
    check_layout(profile("ppks-kabkota"), ["Urut", "Sebutan", "Nomor Identitas"], "posko.csv")


def test_a_saved_profile_is_held_only_to_its_own_columns():
    kolom = {"nama": ("Nama Lengkap",), "nik": ("NIK",), "alamat": ("Domisili",),
             "tanggal_lahir": ("Lahir",)}  # fmt: skip
    saved = Profile("posko-x", "Posko X", "lainnya", kolom)
    # Columns it leaves unmapped on purpose, some of which another profile knows: accepted.
    check_layout(saved, ["Nama Lengkap", "NIK", "Domisili", "Lahir", "jk", "no_kk", "a", "b"], "x")
    with pytest.raises(LayoutMismatchError, match="1 dari 4 kolom profil"):
        check_layout(saved, ["Nama Lengkap", "Usia", "Desa"], "x.csv")

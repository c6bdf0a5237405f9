"""Reference data land whole, once, and versions of the programme catalogue are immutable."""

from __future__ import annotations

import dataclasses

import pytest

from datusoban.reference import catalogue, loader
from datusoban.reference.loader import CatalogueChangedError, ensure_reference, load_reference
from datusoban.reference.models import (
    JenisPSKS,
    KategoriPPKS,
    Program,
    ReferenceLoad,
    Region,
    VersiProgram,
)

pytestmark = pytest.mark.django_db


def test_every_region_of_indonesia_is_loaded():
    assert Region.objects.count() == 91_599
    assert Region.objects.filter(level=Region.Level.PROVINSI).count() == 38


@pytest.mark.parametrize(
    ("level", "expected"),
    [(Region.Level.KABKOTA, 13), (Region.Level.KECAMATAN, 156), (Region.Level.DESA, 2_016)],
)
def test_kalimantan_selatan_down_to_desa(level, expected):
    assert Region.objects.filter(level=level, kode__startswith="63.").count() == expected


def test_region_hierarchy_links_desa_to_kecamatan_to_kabkota():
    desa = Region.objects.get(kode="63.71.01.1001")
    assert desa.parent.kode == "63.71.01"
    assert desa.parent.parent.kode == "63.71"
    assert desa.parent.parent.parent.kode == "63"


def test_population_per_kabkota_sums_to_the_province():
    kabkota = Region.objects.filter(level=Region.Level.KABKOTA, parent_id="63")
    assert sum(r.penduduk for r in kabkota) == 4_305_281
    assert Region.objects.get(kode="63").penduduk == 4_305_281
    assert Region.objects.get(kode="63.71").nama == "Kota Banjarmasin"
    assert Region.objects.get(kode="63.71").penduduk == 681_693


def test_loading_twice_changes_nothing():
    before = (
        Region.objects.count(),
        KategoriPPKS.objects.count(),
        VersiProgram.objects.count(),
    )
    result = load_reference()
    assert (result.regions_added, result.regions_renamed, result.programme_versions_added) == (
        0,
        0,
        0,
    )
    after = (Region.objects.count(), KategoriPPKS.objects.count(), VersiProgram.objects.count())
    assert after == before


def test_loaded_files_are_not_read_again(django_assert_max_num_queries):
    """The fingerprint of the shipped files is kept: a second command finds it and stops."""
    assert ReferenceLoad.objects.filter(fingerprint=loader.shipped_fingerprint()).exists()
    with django_assert_max_num_queries(1):
        assert ensure_reference() is None


def test_changed_files_are_loaded(monkeypatch):
    """Other files (a new data release) are loaded, and then remembered."""
    Region.objects.filter(kode="63.72").update(nama="Banjarbaru (lama)")
    monkeypatch.setattr(loader, "shipped_fingerprint", lambda: "f" * 64)
    result = ensure_reference()
    assert result is not None and result.regions_renamed == 1
    assert ReferenceLoad.objects.filter(fingerprint="f" * 64).exists()
    assert ensure_reference() is None


def test_the_fingerprint_follows_every_shipped_file(monkeypatch, tmp_path):
    first = loader.shipped_fingerprint()
    assert first == loader.shipped_fingerprint()
    shipped = loader._walk(loader.resources.files("datusoban.reference").joinpath("data"))
    names = {name for name, _ in shipped}
    assert {"wilayah.csv.gz", "ppks.toml", "psks.toml", "penduduk.csv"} <= names
    assert any(name.startswith("program/") for name in names)
    edited = [(n, b + b"#" if n == "ppks.toml" else b) for n, b in shipped]
    monkeypatch.setattr(loader, "_walk", lambda *_: edited)
    assert loader.shipped_fingerprint() != first


def test_a_renamed_region_is_renamed_back_to_the_shipped_name():
    Region.objects.filter(kode="63.72").update(nama="Banjarbaru (lama)")
    assert load_reference().regions_renamed == 1
    assert Region.objects.get(kode="63.72").nama == "Kota Banjarbaru"


@pytest.mark.parametrize(
    ("kode", "usia_min", "usia_maks", "jenis_kelamin", "perlu_disabilitas"),
    [
        (1, 0, 5, "", False),  # Anak Balita Terlantar: balita
        (2, 6, 17, "", False),  # Anak Terlantar: under 18
        (5, 0, 17, "", True),  # Anak dengan Kedisabilitasan
        (8, 60, None, "", False),  # Lanjut Usia Terlantar
        (9, 18, None, "", True),  # Penyandang Disabilitas
        (23, 18, 59, "P", False),  # Perempuan Rawan Sosial Ekonomi: women only
        (24, None, None, "", False),  # Fakir Miskin
    ],
)
def test_ppks_constraints(kode, usia_min, usia_maks, jenis_kelamin, perlu_disabilitas):
    c = KategoriPPKS.objects.get(kode=kode)
    assert (c.usia_min, c.usia_maks, c.jenis_kelamin, c.perlu_disabilitas) == (
        usia_min, usia_maks, jenis_kelamin, perlu_disabilitas,
    )  # fmt: skip


def test_catalogue_counts():
    assert KategoriPPKS.objects.count() == 26
    assert JenisPSKS.objects.count() == 12
    assert JenisPSKS.objects.get(kode=11).singkatan == "TKSK"
    assert set(Program.objects.values_list("kode", flat=True)) == {
        "PKH", "BPNT", "PERMAKANAN", "RS_RTLH", "UEP_KUBE", "ATENSI", "ALAT_BANTU",
        "LOGISTIK_BENCANA",
    }  # fmt: skip


def test_pkh_2025_parameters_are_data():
    pkh = VersiProgram.objects.get(program_id="PKH", versi="2025").parameter
    amounts = {k["kode"]: (k["per_tahun"], k["per_tahap"]) for k in pkh["komponen"]}
    assert amounts["ibu_hamil"] == (3_000_000, 750_000)
    assert amounts["sd"] == (900_000, 225_000)
    assert amounts["lansia"] == (2_400_000, 600_000)
    assert pkh["maks_penerima_komponen"] == 4
    assert (
        VersiProgram.objects.get(program_id="BPNT", versi="2025").parameter["per_bulan"] == 200_000
    )


def test_a_loaded_version_changed_in_place_is_refused(monkeypatch):
    (shipped,) = catalogue.programme_versions()
    changed = dict(shipped.program)
    changed["BPNT"] = {**changed["BPNT"], "per_bulan": 250_000}
    monkeypatch.setattr(
        catalogue, "programme_versions", lambda: (dataclasses.replace(shipped, program=changed),)
    )
    with pytest.raises(CatalogueChangedError, match="BPNT versi 2025"):
        load_reference()
    assert VersiProgram.objects.get(program_id="BPNT").parameter["per_bulan"] == 200_000

"""Bad input through the whole import: a clear message naming the problem, and nothing stored.

One case per kind of bad file the province receives. The reader's own tests
cover each refusal in detail; these check that the import as a whole refuses
before its transaction starts and leaves no batch, no row and no source behind.
"""

from __future__ import annotations

import zipfile

import pytest

from datusoban.impor.mapping import MissingColumnsError
from datusoban.impor.models import QuarantinedRow
from datusoban.impor.reading import ReadError
from datusoban.impor.services import import_file
from datusoban.registri.models import ImportBatch, Source, SourceRecord

pytestmark = pytest.mark.django_db

HEADER = "record_id,nik,nama,tanggal_lahir,kode_wilayah\n"
ROW = "A1,6371011203800001,Muhammad Rizki,1980-03-12,63.71.01.1001\n"


def write(tmp_path, name: str, content: bytes | str):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def xlsx_that_is_not(tmp_path):
    return write(tmp_path, "laporan.xlsx", "ini bukan buku kerja Excel")


def zip_named_csv(tmp_path):
    path = tmp_path / "arsip.csv"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("data.csv", HEADER + ROW)
    return path


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0" + b"\x00" * 64  # the old binary .xls
WIDE = ",".join(f"k{i}" for i in range(300)) + "\n" + ",".join("x" * 300) + "\n"
CASES = {
    "empty file": (lambda t: write(t, "kosong.csv", b""), "berkas_kosong"),
    "header only": (lambda t: write(t, "judul.csv", HEADER), "tanpa_baris_data"),
    "binary file": (lambda t: write(t, "foto.csv", PNG), "berkas_biner"),
    "zip named .csv": (zip_named_csv, "berkas_biner"),
    "wrong extension": (lambda t: write(t, "data.pdf", "%PDF-1.4"), "ekstensi_tidak_didukung"),
    "old .xls": (lambda t: write(t, "data.xls", OLE), "ekstensi_tidak_didukung"),
    "corrupt .xlsx": (xlsx_that_is_not, "xlsx_rusak"),
    "10 MB single line": (
        lambda t: write(t, "satu_baris.csv", "a," * 5_000_000), "baris_terlalu_panjang",
    ),
    "invalid UTF-8 among UTF-8": (
        lambda t: write(t, "campur.csv", (HEADER + "A2,,Siti Nurhayati — Banjar,,\n").encode()
                        + b"A3,,Nur \xe9\xff Aini,,\n"),
        "pengodean_campur",
    ),
    "300 columns": (lambda t: write(t, "lebar.csv", WIDE), "kolom_terlalu_banyak"),
    "ragged row": (
        lambda t: write(t, "tidak_rata.csv", HEADER + ROW + "A2,1,2,3,4,5,6,7\n"),
        "baris_tidak_rata",
    ),
}  # fmt: skip


def assert_nothing_stored():
    assert not ImportBatch.objects.exists()
    assert not SourceRecord.objects.exists()
    assert not QuarantinedRow.objects.exists()
    assert not Source.objects.exists()


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_is_refused_whole_with_a_clear_message(case, tmp_path, run_import):
    make, code = CASES[case]
    path = make(tmp_path)
    with pytest.raises(ReadError) as refused:
        run_import(path, "interchange", "Uji")
    assert refused.value.code == code
    assert path.name in refused.value.message  # says which file …
    assert len(refused.value.message) > 40  # … and what is wrong, in a sentence
    assert "Traceback" not in refused.value.message
    assert_nothing_stored()


def test_missing_required_column_is_refused_whole(tmp_path, run_import):
    path = write(tmp_path, "tanpa_nama.csv", "record_id,nik\nA1,6371011203800001\n")
    with pytest.raises(MissingColumnsError, match="nama"):
        run_import(path, "interchange", "Uji")
    assert_nothing_stored()


def test_formula_cells_are_quarantined_and_neutralised_on_export(tmp_path, run_import):
    from datusoban.impor.reading import neutralise

    content = HEADER + ROW + "A2,,\"=cmd|' /C calc'!A0\",1980-01-01,63.71.01.1001\n"
    result = run_import(write(tmp_path, "rumus.csv", content), "interchange", "Uji")
    held = QuarantinedRow.objects.get()
    assert (result.quarantined, held.alasan) == (1, ["rumus_sel"])
    import polars as pl

    exported = neutralise(pl.DataFrame({"nama": [held.data["nama"]]}))
    assert exported["nama"][0].startswith("'=")


def test_control_characters_in_a_profile_or_source_name_are_refused_not_stored(tmp_path):
    from datusoban.impor.profiles import UnknownProfileError
    from datusoban.impor.sources import SourceError

    path = tmp_path / "lks.csv"
    path.write_text("record_id,nama\nK1,ANI\n")
    with pytest.raises(UnknownProfileError, match="tidak dikenal"):
        import_file(path, profile="lks\x00", user="uji")
    with pytest.raises(SourceError, match="karakter kendali"):
        import_file(path, profile="interchange", user="uji", source="LKS\x00 Budi")
    assert not ImportBatch.objects.exists()

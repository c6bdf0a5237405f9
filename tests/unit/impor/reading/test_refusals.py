"""Every file the reader refuses: the stable code, the row, and a message an operator can act on."""

from __future__ import annotations

import zipfile

import pytest

from datusoban.impor.reading import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    ReadError,
    read_table,
    sheet_names,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def refused(path, **kwargs) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_table(path, **kwargs)
    err = caught.value
    assert str(err) == err.message
    assert path.name in err.message  # every message names the file
    return err


def test_empty_file(write):
    err = refused(write("kosong.csv", b""))
    assert err.code == "berkas_kosong"
    assert "kosong" in err.message


@pytest.mark.parametrize("content", [b"   \n\t\n  \r\n", b"\xef\xbb\xbf\r\n \r\n", b"\n\n\n"])
def test_whitespace_only(write, content):
    assert refused(write("spasi.csv", content)).code == "berkas_kosong"


def test_only_empty_cells(write):
    assert refused(write("sel_kosong.csv", ",,,\n , ,\n,,\n")).code == "berkas_kosong"


@pytest.mark.parametrize(
    ("content", "header_row"),
    [
        ("nik,nama,alamat\n", 1),
        ("nik,nama,alamat", 1),
        ("DAFTAR KPM\n\nnik,nama,alamat\n\n,,\n  ,\n", 3),
    ],
)
def test_header_without_data_rows(write, content, header_row):
    err = refused(write("judul.csv", content))
    assert err.code == "tanpa_baris_data"
    assert err.row == header_row
    assert f"baris {header_row}" in err.message


def test_png_renamed_csv(write):
    err = refused(write("foto.csv", PNG + b"\x00" * 100))
    assert err.code == "berkas_biner"
    assert "bukan teks CSV" in err.message
    assert "simpan ulang sebagai CSV UTF-8 atau XLSX" in err.message


@pytest.mark.parametrize(
    "start", [b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1", b"\xff\xfen\x00i\x00"]
)
def test_other_binary_renamed_csv(write, start):
    assert refused(write("data.csv", start + b"nik,nama\n1,2\n")).code == "berkas_biner"


def test_nul_bytes_in_text(write):
    err = refused(write("data.txt", b"nik,nama\n1,Siti\x00\x00\n"))
    assert err.code == "berkas_biner"


@pytest.mark.parametrize("name", ["laporan.pdf", "data.xls", "data.ods", "arsip.zip", "data"])
def test_unsupported_extension(write, name):
    err = refused(write(name, b"nik,nama\n1,Siti\n"))
    assert err.code == "ekstensi_tidak_didukung"
    assert ".csv" in err.message and ".xlsx" in err.message
    with pytest.raises(ReadError):
        sheet_names(write(name, b""))


def test_old_excel_is_told_to_save_as_xlsx(write):
    assert "simpan ulang sebagai .xlsx" in refused(write("data.xls", b"\xd0\xcf\x11\xe0")).message


def test_text_renamed_xlsx(write):
    path = write("data.xlsx", "nik,nama\n1,Siti\n")
    assert refused(path).code == "xlsx_rusak"
    with pytest.raises(ReadError) as caught:
        sheet_names(path)
    assert caught.value.code == "xlsx_rusak"


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "bukan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("catatan.txt", "bukan lembar kerja")
    assert refused(path).code == "xlsx_rusak"


def test_ten_megabyte_single_line(write):
    # Generated, not stored; refused by the line scan before any CSV parsing.
    err = refused(write("satu_baris.csv", b"nik,nama," * (10 * 2**20 // 9)))
    assert err.code == "baris_terlalu_panjang"
    assert err.row == 1
    assert "baris 1" in err.message


def test_long_line_in_the_middle_is_named(write):
    content = b"nik,nama\n1,Siti\n" + b"2," + b"x" * (MAX_LINE_BYTES + 1) + b"\n3,Ani\n"
    err = refused(write("panjang.csv", content))
    assert (err.code, err.row) == ("baris_terlalu_panjang", 3)


def test_invalid_utf8_among_utf8(write):
    content = "nik,nama\n1,Siti Aisyah\n2,Muhammad Ma’ruf\n".encode() + b"3,Jos\xe9\n4,Ani\n"
    err = refused(write("campur.csv", content))
    assert err.code == "pengodean_campur"
    assert err.row == 4
    assert "baris 4 berisi karakter yang tidak valid UTF-8" in err.message
    assert "simpan ulang berkas sebagai CSV UTF-8" in err.message


def test_three_hundred_columns(write):
    header = ",".join(f"k{i}" for i in range(300))
    row = ",".join(str(i) for i in range(300))
    err = refused(write("lebar.csv", f"{header}\n{row}\n"))
    assert err.code == "kolom_terlalu_banyak"
    assert f"memiliki 300 kolom; batas {MAX_COLUMNS}" in err.message


def test_ragged_row(write):
    content = "nik,nama,alamat\n1,Siti,Jl. Sudirman\n2,Ani,Jl. A. Yani, Km 5\n3,Budi,Gg. Ikhlas\n"
    err = refused(write("rata.csv", content))
    assert err.code == "baris_tidak_rata"
    assert err.row == 3
    assert "baris 3 berisi 4 kolom" in err.message
    assert "baris 1 hanya 3 kolom" in err.message


def test_ragged_first_data_row(write):
    err = refused(write("rata.csv", "nik;nama\n1;Siti;x\n2;Ani\n"))
    assert (err.code, err.row) == ("baris_tidak_rata", 2)
    assert "titik koma" in err.message


def test_quote_never_closed(write):
    err = refused(write("kutip.csv", 'nik,nama,alamat\n1,Siti,x\n2,"Ani,y\n3,Budi,z\n'))
    assert (err.code, err.row) == ("csv_rusak", 3)
    assert "tanda kutip" in err.message


def test_file_above_the_size_limit(tmp_path):
    path = tmp_path / "besar.csv"
    with path.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(MAX_FILE_BYTES + 1)
    assert path.stat().st_size > MAX_FILE_BYTES
    err = refused(path)
    assert err.code == "berkas_terlalu_besar"
    assert "batas 2 GiB" in err.message


def test_password_protected_or_old_excel_named_xlsx(write):
    err = refused(write("rahasia.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512))
    assert err.code == "xlsx_rusak"
    assert "kata sandi" in err.message


# --- what the audit found (L4) ----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("nik,nama,catatan\n1,Siti,{long}\n2,Budi,ok\n", 2),  # in the first records
        ("nik,nama,catatan\n" + "1,Siti,ok\n" * 60 + '2,Budi,"{long}"\n', 62),  # read by polars
        ('nik,nama,catatan\n1,Siti,"{lines}"\n', 2),  # a quoted field over many lines
    ],
)
def test_a_field_over_128_kib_is_named_as_such_not_as_a_quote_problem(write, content, line):
    text = content.format(long="x" * (130 * 1024), lines="x\n" * (70 * 1024))
    err = refused(write("panjang.csv", text))
    assert err.code == "sel_terlalu_panjang"
    assert err.row == line and f"baris {line}" in err.message
    assert "128 KiB" in err.message


def test_a_field_just_under_128_kib_is_read(write):
    table = read_table(write("panjang.csv", f"nik,nama,catatan\n1,Siti,{'x' * 127 * 1024}\n"))
    assert table.frame["catatan"].str.len_bytes().to_list() == [127 * 1024]


@pytest.mark.parametrize(
    ("content", "lines"),
    [
        (b"nik,nama\r1,Siti\r2,Budi\r", [2, 3]),  # old Mac line ends
        (b"nik,nama\r1,Siti\r2,Budi\r\n", [2, 3]),  # ... and a CR LF at the very end
        (b"nik,nama\r\n1,Siti\r2,Budi\r", [2, 3]),  # ... a CR LF after the header
        (b'nik,nama,alamat\r1,Siti,"Jl. A\nNo. 2"\r2,Budi,x\r', [2, 4]),  # an LF in a cell
    ],
)
def test_cr_line_ends_are_read_as_lines(write, content, lines):
    table = read_table(write("mac.csv", content))
    assert table.frame["nama"].to_list() == ["Siti", "Budi"]
    assert table.row_numbers.to_list() == lines


def test_a_cr_inside_a_quoted_cell_of_an_lf_file_stays_text(write):
    table = read_table(write("lf.csv", b'nik,nama,alamat\n1,Siti,"Jl. A\rNo. 2"\n2,Budi,x\n'))
    assert table.frame["alamat"].to_list() == ["Jl. A\rNo. 2", "x"]


def test_invisible_characters_are_removed_from_cells_and_headers(write):
    content = "nik,na\u200bma\n637101\u20604507850003,\ufeffSI\u200bTI \u202eAMINAH\u202c\n"
    table = read_table(write("halus.csv", content))
    assert table.frame.columns == ["nik", "nama"]
    assert table.frame.row(0) == ("6371014507850003", "SITI AMINAH")
    assert table.headers == ("nik", "nama")


def test_invisible_characters_are_removed_from_xlsx_cells_too(workbook):
    path = workbook({"Data": {(0, 0): "nik", (0, 1): "nama", (1, 0): "1", (1, 1): "SI\u200dTI"}})
    assert read_table(path).frame["nama"].to_list() == ["SITI"]

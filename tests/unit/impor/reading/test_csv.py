"""CSV files as kab/kota offices, LKS and national exports write them, read as text."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datusoban.impor.reading import ReadError, detect, lines, read_table, sheet_names

BANJAR = (
    "nik,nama,alamat,keterangan\n"
    '6371014507850003,Siti Aisyah,"Jl. Pangeran Antasari, Gg. Ma’rifat",Ulun urang Banjar\n'
    "6303020101009999,Gusti Muhammad Ḥasan,Desa Sungai Tabuk — RT 03,Pian handak bapandir\n"
)


def test_utf8_without_bom_keeps_indonesian_and_banjar_text(write):
    table = read_table(write("kpm.csv", BANJAR))
    assert (table.file_format, table.encoding, table.delimiter) == ("csv", "utf-8", ",")
    assert table.frame.columns == ["nik", "nama", "alamat", "keterangan"]
    assert table.frame.row(0) == (
        "6371014507850003",
        "Siti Aisyah",
        "Jl. Pangeran Antasari, Gg. Ma’rifat",
        "Ulun urang Banjar",
    )
    assert table.frame["nama"][1] == "Gusti Muhammad Ḥasan"
    assert table.row_numbers.to_list() == [2, 3]
    assert table.header_row == 1
    assert (table.sheet, table.file_name) == (None, "kpm.csv")


def test_utf8_with_bom(write):
    table = read_table(write("bom.csv", "\ufeff" + BANJAR.replace("\n", "\r\n")))
    assert table.encoding == "utf-8-sig"
    assert table.frame.columns[0] == "nik"  # no BOM glued to the first name
    assert table.frame["keterangan"].to_list() == ["Ulun urang Banjar", "Pian handak bapandir"]


def test_cp1252_windows_export(write):
    text = "nama;kota;catatan\nJOÃO Ã;Andrés;Jum’at “pagi”\nRé;Barabai;50°\n"
    table = read_table(write("lama.csv", text.encode("cp1252") + b"x\x81;y;z\n"))
    assert table.encoding == "cp1252"
    assert table.frame.rows() == [
        ("JOÃO Ã", "Andrés", "Jum’at “pagi”"),
        ("Ré", "Barabai", "50°"),
        ("x\x81", "y", "z"),  # a byte cp1252 leaves undefined reads as latin-1
    ]


@pytest.mark.parametrize(
    ("delimiter", "name"),
    [(";", "titik_koma.csv"), ("\t", "tab.tsv"), ("\t", "tab.txt"), ("|", "pipa.csv")],
)
def test_other_delimiters(write, delimiter, name):
    # Commas inside values must not fool the sniffer (decimal commas, addresses).
    lines = [
        ["nik", "nama", "berat", "alamat"],
        ["6371014507850003", "Siti", "55,5", "Jl. A, RT 3"],
        ["6371014507850004", "Ani", "60,1", "Jl. B, RT 4"],
    ]
    table = read_table(write(name, "".join(delimiter.join(x) + "\n" for x in lines)))
    assert table.delimiter == delimiter
    assert table.frame.rows() == [tuple(x) for x in lines[1:]]


def test_quoted_fields_with_delimiter_newline_and_quotes(write):
    content = (
        "nik,nama,alamat\r\n"
        '1,"Rahmah, S.Pd","Jl. Veteran\r\nGg. Sepakat"\r\n'
        '2,"Muhammad ""Udin""",x\r\n'
        '3,Muhammad "Ijul",y\r\n'
    )
    table = read_table(write("kutip.csv", content))
    assert table.frame.rows() == [
        ("1", "Rahmah, S.Pd", "Jl. Veteran\r\nGg. Sepakat"),
        ("2", 'Muhammad "Udin"', "x"),
        ("3", 'Muhammad "Ijul"', "y"),
    ]
    # The first record spans lines 2-3, so the next starts on line 4.
    assert table.row_numbers.to_list() == [2, 4, 5]


def test_header_below_a_title(write):
    content = (
        "DAFTAR KPM PKH KAB. BANJAR 2025,,,\n"
        "Keadaan: Juni 2025,,,\n"
        ",,,\n"
        "NIK , Nama ,Alamat,RT\n"
        "6303020101009999,Siti,Martapura,3\n"
    )
    table = read_table(write("pkh.csv", content))
    assert table.header_row == 4
    assert table.frame.columns == ["NIK", "Nama", "Alamat", "RT"]
    assert table.row_numbers.to_list() == [5]


def test_header_hint_skips_a_wide_metadata_row(write):
    content = "Kab/Kota,Banjar,Tahun,2025\nnik,Nama Lengkap,alamat,rt\n1,Siti,x,3\n"
    assert read_table(write("a.csv", content)).header_row == 1
    hinted = read_table(write("a.csv", content), header_hint=["NIK", "nama_lengkap"])
    assert hinted.header_row == 2
    assert hinted.frame.columns == ["nik", "Nama Lengkap", "alamat", "rt"]


def test_blank_lines_and_blank_cells(write):
    lines = ["", "nik,nama,alamat,,", "", "1,Siti,   ,,", " , ,\u00a0,,", "2,,Jl. A,,", "", ""]
    content = "\n".join(lines)
    table = read_table(write("kosong.csv", content))
    assert table.header_row == 2
    assert table.frame.columns == ["nik", "nama", "alamat"]  # empty trailing columns dropped
    assert table.frame.rows() == [("1", "Siti", None), ("2", None, "Jl. A")]
    assert table.row_numbers.to_list() == [4, 6]


def test_every_column_text_and_row_numbers_int64(write):
    table = read_table(write("angka.csv", "nik,hp,tanggal\n0637101,081234,2025-01-02\n"))
    assert all(dtype == pl.String for dtype in table.frame.dtypes)
    assert table.row_numbers.dtype == pl.Int64
    assert table.frame.row(0) == ("0637101", "081234", "2025-01-02")  # leading zeros kept


def test_header_names_made_unique(write):
    table = read_table(write("dup.csv", " nama ,,nama,nama (2),NIK\n1,2,3,4,5\n"))
    assert table.frame.columns == ["nama", "kolom_2", "nama (2)", "nama (2) (2)", "NIK"]


def test_short_rows_are_filled_and_trailing_empty_fields_tolerated(write):
    table = read_table(write("pendek.csv", "nik,nama,alamat\n1,Siti\n2,Ani,x,,\n3\n"))
    assert table.frame.rows() == [("1", "Siti", None), ("2", "Ani", "x"), ("3", None, None)]


def test_data_under_an_empty_trailing_header_is_kept(write):
    table = read_table(write("tanpa_nama.csv", "nik,nama,\n1,Siti,catatan\n"))
    assert table.frame.columns == ["nik", "nama", "kolom_3"]


def test_one_column_file(write):
    table = read_table(write("nik.csv", "nik\n6371014507850003\n6371014507850004\n"))
    assert table.frame.columns == ["nik"]
    assert table.frame.height == 2


def test_old_mac_line_ends(write):
    assert read_table(write("mac.csv", b"nik,nama\r1,Siti\r2,Ani\r")).frame.height == 2


def test_a_csv_has_no_sheets(write):
    assert sheet_names(write("a.csv", "nik,nama\n1,Siti\n")) == []


# The other candidate delimiters are left out: a tiny file whose cells are
# full of semicolons may fairly be sniffed as semicolon-separated.
_CELL = st.text(alphabet="ab ,\"'\n\ré’-=", max_size=8)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(_CELL, _CELL, _CELL), min_size=1, max_size=12))
def test_round_trip_of_what_polars_writes(write, records):
    frame = pl.DataFrame(records, schema=["a", "b", "c"], orient="row")
    path = write("acak.csv", b"")
    frame.write_csv(path)
    blank = [all(not cell.strip() for cell in record) for record in records]
    if all(blank):
        return  # nothing but blank cells: refused, tested elsewhere
    table = read_table(path)
    line, expected_rows, expected_lines = 2, [], []
    for record, is_blank in zip(records, blank, strict=True):
        if not is_blank:
            expected_rows.append(tuple(cell if cell.strip() else None for cell in record))
            expected_lines.append(line)
        line += 1 + sum(cell.count("\n") for cell in record)
    assert table.frame.rows() == expected_rows
    assert table.row_numbers.to_list() == expected_lines


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
def test_scanning_in_chunks_changes_nothing(write, monkeypatch, chunk):
    # Large files are validated and scanned in chunks; shrink them so every
    # multi-byte character and quoted line break straddles a boundary.
    monkeypatch.setattr(detect, "_VALIDATE_CHUNK", chunk)
    monkeypatch.setattr(lines, "_CHUNK", chunk)
    content = 'nik,nama,alamat\n1,"Siti ""Ica""","Jl. Ma’rifat\nRT 3"\n2,Ḥasan,"a\n\nb"\n3,Ani,x\n'
    table = read_table(write("potong.csv", content))
    assert table.frame["nama"].to_list() == ['Siti "Ica"', "Ḥasan", "Ani"]
    assert table.row_numbers.to_list() == [2, 4, 7]
    with pytest.raises(ReadError) as caught:
        read_table(write("campur.csv", content.encode() + b"4,Jos\xe9,y\n"))
    assert (caught.value.code, caught.value.row) == ("pengodean_campur", 8)

"""The small decisions, as tables: delimiter, header row, column names."""

from __future__ import annotations

import pytest

from datusoban.impor.reading.detect import sniff_delimiter
from datusoban.impor.reading.header import column_names, find_header_row

SNIFF = [
    ("nik,nama\n1,Siti\n", ","),
    ("nik;nama;berat\n1;Siti;55,5\n2;Ani;60,1\n", ";"),
    ("nik\tnama\talamat\n1\tSiti\tJl. A, RT 3\n", "\t"),
    ("nik|nama\n1|Siti, S.Pd\n", "|"),
    # A semicolon inside quoted, multi-line addresses does not win over the comma.
    ('nik,nama,alamat\n1,Siti,"Jl. A;\nRT 3;"\n2,Ani,"Gg. B;\nRT 4;"\n', ","),
    # Title rows above the header split into one field under every candidate.
    ("DAFTAR KPM PKH\nPer Juni 2025\nnik;nama\n1;Siti\n", ";"),
    # One column: nothing splits.
    ("nik\n6371014507850003\n", ","),
]


@pytest.mark.parametrize(("sample", "expected"), SNIFF)
def test_sniff_delimiter(sample, expected):
    assert sniff_delimiter(sample) == expected


TITLE = ["DAFTAR KPM PKH KAB. BANJAR 2025", None, None, None]
HEADER = ["nik", "nama", "alamat", "rt"]
DATA = ["6303020101009999", "Siti", "Martapura", "3"]
META = ["Kab/Kota", "Banjar", "Tahun", "2025"]

HEADERS = [
    ([HEADER, DATA], (), 0),
    ([TITLE, [None] * 4, HEADER, DATA], (), 2),
    ([TITLE, ["", " ", "", ""], HEADER, DATA], (), 2),
    # Two of four filled is below 60% of the widest row.
    ([["Kecamatan", "Martapura", None, None], HEADER, DATA], (), 1),
    ([META, HEADER, DATA], (), 0),
    ([META, HEADER, DATA], ("NIK", "nama"), 1),
    ([META, ["NIK ", "Nama Lengkap", "x", "y"]], ("nik", "nama_lengkap"), 1),
    # A hint naming only one column cannot decide; the fullness rule does.
    ([META, HEADER, DATA], ("nik",), 0),
    ([[None, None], ["", "  "]], (), None),
    ([], (), None),
]


@pytest.mark.parametrize(("rows", "hint", "expected"), HEADERS)
def test_find_header_row(rows, hint, expected):
    assert find_header_row(rows, hint) == expected


def test_single_column_only_when_allowed():
    rows = [[None], ["Daftar penerima"], ["Sumber: Dinsos"]]
    assert find_header_row(rows) is None
    assert find_header_row(rows, single_column=True) == 1


@pytest.mark.parametrize(
    ("cells", "names"),
    [
        ([" nik ", "nama"], ["nik", "nama"]),
        (["nik", None, "", "  "], ["nik", "kolom_2", "kolom_3", "kolom_4"]),
        (["nama", "nama", "nama"], ["nama", "nama (2)", "nama (3)"]),
        (["nama", "nama (2)", "nama"], ["nama", "nama (2)", "nama (3)"]),
        (["kolom_2", None], ["kolom_2", "kolom_2 (2)"]),
    ],
)
def test_column_names(cells, names):
    assert column_names(cells) == names

"""rumus_sel: spreadsheet formulas in any canonical cell."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.impor.rules import validate


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"nama": '=HYPERLINK("http://x","SITI")'}, {"rumus_sel"}),
        ({"nama": "  =1+1"}, {"rumus_sel"}),
        ({"alamat": "@SUM(A1:A9)"}, {"rumus_sel"}),
        ({"rt": "+A1"}, {"rumus_sel"}),
        ({"alamat": "-(2+3)"}, {"rumus_sel"}),
        ({"hubungan_keluarga": "-Anak"}, {"rumus_sel"}),
        ({"tempat_lahir": "\t+cmd|' /C calc'!A0"}, {"rumus_sel"}),
        ({"nik": "=6371014507850003"}, {"rumus_sel", "nik_format"}),
        ({"alamat": "- Jl. Veteran"}, set()),
        ({"alamat": "+62 811 5000"}, set()),
        ({"rt": "-5"}, set()),
        ({"nama": "SITI = AMINAH"}, set()),
        ({"alamat": "Jl. A. Yani @ km 2"}, set()),
    ],
)
def test_formula_cells(check, change, expected):
    row = check(**change)
    assert row["codes"] == expected
    assert row["status"] == ("karantina" if expected else "diterima")


def test_extra_columns_are_not_checked(frame_of, context):
    frame = frame_of({}).with_columns(catatan=pl.lit("=CMD()"))
    assert validate(frame, context)["status"].to_list() == ["diterima"]

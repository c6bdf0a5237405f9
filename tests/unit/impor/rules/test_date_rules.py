"""tanggal_lahir rules on whole rows (CLEAN's NIK says 5 July 1985)."""

from __future__ import annotations

from datetime import date

import pytest

BORN = date(1985, 7, 5)


@pytest.mark.parametrize(
    ("written", "expected", "status", "norm", "estimated"),
    [
        ("1985-07-05", set(), "diterima", BORN, False),
        ("1985/07/05", set(), "diterima", BORN, False),
        ("05-07-1985", set(), "diterima", BORN, False),
        ("05/07/1985", set(), "diterima", BORN, False),
        ("05.07.1985", set(), "diterima", BORN, False),
        ("5-7-1985", set(), "diterima", BORN, False),
        ("1985-7-5", set(), "diterima", BORN, False),
        (" 1985-07-05 ", set(), "diterima", BORN, False),
        ("1985-07-05 00:00:00", set(), "diterima", BORN, False),
        ("1985-07-05 13:45:10", set(), "diterima", BORN, False),
        ("١٩٨٥-٠٧-٠٥", set(), "diterima", BORN, False),
        (None, {"tanggal_lahir_kosong"}, "peringatan", None, None),
        ("", {"tanggal_lahir_kosong"}, "peringatan", None, None),
        ("1985-07/05", {"tanggal_format"}, "karantina", None, None),
        ("1985.07.05", {"tanggal_format"}, "karantina", None, None),
        ("05-07-85", {"tanggal_format"}, "karantina", None, None),
        ("5 Juli 1985", {"tanggal_format"}, "karantina", None, None),
        ("1985-02-30", {"tanggal_format"}, "karantina", None, None),
        ("31/04/1985", {"tanggal_format"}, "karantina", None, None),
        ("1985-07-05 25:00:00", {"tanggal_format"}, "karantina", None, None),
        ("05/07/1985 00:00:00", {"tanggal_format"}, "karantina", None, None),
        ("0000-07-05", {"tanggal_format"}, "karantina", None, None),
        ("2025-07-01", {"tanggal_masa_depan"}, "karantina", None, None),
        ("1899-12-31", {"tanggal_terlalu_lama"}, "karantina", None, None),
        ("1985-07-01", {"tanggal_perkiraan"}, "peringatan", date(1985, 7, 1), True),
        ("31-12-1985", {"tanggal_perkiraan"}, "peringatan", date(1985, 12, 31), True),
        ("01/01/1985", {"tanggal_perkiraan"}, "peringatan", date(1985, 1, 1), True),
    ],
)
def test_date_rules(check, written, expected, status, norm, estimated):
    row = check(tanggal_lahir=written)
    got = (row["codes"], row["status"], row["tanggal_lahir_norm"], row["tanggal_lahir_perkiraan"])
    assert got == (expected, status, norm, estimated)


def test_as_of_itself_is_not_in_the_future(check, context):
    assert context.as_of == date(2025, 6, 30)
    row = check(tanggal_lahir="2025-06-30", nik=None)
    assert row["codes"] == {"nik_kosong"}
    assert row["tanggal_lahir_norm"] == context.as_of

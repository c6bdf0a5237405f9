"""record_id, nama and jenis_kelamin on whole rows (CLEAN is a woman, NIK included)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("change", "expected", "status"),
    [
        ({"record_id": None}, {"record_id_kosong"}, "karantina"),
        ({"record_id": " \t"}, {"record_id_kosong"}, "karantina"),
        ({"nama": None}, {"nama_kosong"}, "karantina"),
        ({"nama": "   "}, {"nama_kosong"}, "karantina"),
        ({"nama": "X"}, set(), "diterima"),
    ],
)
def test_required_fields(check, change, expected, status):
    row = check(**change)
    assert (row["codes"], row["status"]) == (expected, status)


@pytest.mark.parametrize(
    ("written", "sex", "expected"),
    [
        ("P", "P", set()),
        ("p", "P", set()),
        (" Perempuan ", "P", set()),
        ("PEREMPUAN", "P", set()),
        ("pr", "P", set()),
        ("Wanita", "P", set()),
        ("2", "P", set()),
        ("L", "L", {"nik_jk_beda"}),
        ("laki-laki", "L", {"nik_jk_beda"}),
        ("Laki  Laki", "L", {"nik_jk_beda"}),
        ("LK", "L", {"nik_jk_beda"}),
        ("Pria", "L", {"nik_jk_beda"}),
        ("1", "L", {"nik_jk_beda"}),
        (None, None, {"jk_kosong"}),
        (" ", None, {"jk_kosong"}),
        ("X", None, {"jk_tidak_dikenal"}),
        ("LAKI", None, {"jk_tidak_dikenal"}),
        ("3", None, {"jk_tidak_dikenal"}),
    ],
)
def test_sex(check, written, sex, expected):
    row = check(jenis_kelamin=written)
    assert (row["jenis_kelamin_norm"], row["codes"]) == (sex, expected)


def test_a_record_id_reused_for_a_different_row(frame_of, context):
    from datusoban.impor.rules import validate

    frame = frame_of(
        {"record_id": "A"},
        {"record_id": "A", "nama": "SITI AMINA"},  # different person data, same id
        {"record_id": "A"},  # an exact copy of the first row
        {"record_id": "A", "nama": "SITI AMINA"},  # an exact copy of the second row
        {"record_id": " A "},  # the same id, written with spaces
        {"record_id": "B"},
    )
    out = validate(frame, context)
    assert out["errors"].to_list() == [
        [],
        ["record_id_ganda"],
        [],
        ["record_id_ganda"],
        ["record_id_ganda"],
        [],
    ]
    assert out["duplicate_of"].to_list() == [None, None, 2, 3, None, None]
    assert out["status"].to_list() == [
        "diterima",
        "karantina",
        "duplikat",
        "duplikat",
        "karantina",
        "diterima",
    ]

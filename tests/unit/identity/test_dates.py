"""Typed dates, placeholder birth dates and two-digit years."""

from __future__ import annotations

import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from datusoban.identity import IdentityError, is_placeholder_birth_date, parse_date
from datusoban.identity.dates import DateAfterAsOfError, resolve_two_digit_year


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1945-08-17", date(1945, 8, 17)),
        ("1945/08/17", date(1945, 8, 17)),
        ("17-08-1945", date(1945, 8, 17)),
        ("17/08/1945", date(1945, 8, 17)),
        ("17.08.1945", date(1945, 8, 17)),
        ("1-7-1960", date(1960, 7, 1)),
        ("1960-7-1", date(1960, 7, 1)),
        (" 31/12/1955 ", date(1955, 12, 31)),
        ("29-02-2000", date(2000, 2, 29)),
        ("05.03.2021", date(2021, 3, 5)),
    ],
)
def test_parse_date_accepts_the_field_layouts(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "kosong"),
        ("  ", "kosong"),
        ("17 Agustus 1945", "tanggal_format"),
        ("17-08-45", "tanggal_format"),  # two-digit years are ambiguous here
        ("17/08-1945", "tanggal_format"),  # mixed separators
        ("1945.08.17", "tanggal_format"),
        ("19450817", "tanggal_format"),
        ("08/17/1945x", "tanggal_format"),
        ("31-02-2000", "tanggal_tidak_valid"),
        ("29-02-1900", "tanggal_tidak_valid"),
        ("1945-13-01", "tanggal_tidak_valid"),
        ("00-01-1990", "tanggal_tidak_valid"),
        ("0000-01-01", "tanggal_tidak_valid"),
    ],
)
def test_parse_date_rejects(value, code):
    with pytest.raises(IdentityError) as caught:
        parse_date(value)
    assert caught.value.code == code


def test_unknown_format_message_names_the_value():
    with pytest.raises(IdentityError, match="'17 Agustus 1945'"):
        parse_date("17 Agustus 1945")


@given(st.dates())
def test_parse_date_reads_back_iso_and_indonesian_forms(d):
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.day:02d}-{d.month:02d}-{d.year:04d}") == d


@pytest.mark.parametrize(
    ("d", "placeholder"),
    [
        (date(1960, 7, 1), True),
        (date(1955, 12, 31), True),
        (date(1970, 1, 1), True),
        (date(1960, 7, 2), False),
        (date(1960, 1, 7), False),  # 7 January, not the 01-07 convention
        (date(1955, 12, 30), False),
        (date(1945, 8, 17), False),
    ],
)
def test_is_placeholder_birth_date(d, placeholder):
    assert is_placeholder_birth_date(d) is placeholder


@pytest.mark.parametrize(
    ("day", "month", "yy", "as_of", "expected"),
    [
        (1, 7, 25, date(2025, 6, 30), date(1925, 7, 1)),
        (30, 6, 25, date(2025, 6, 30), date(2025, 6, 30)),
        (1, 1, 0, date(2025, 6, 30), date(2000, 1, 1)),
        (1, 1, 0, date(1999, 12, 31), date(1900, 1, 1)),
        (31, 12, 99, date(2025, 6, 30), date(1999, 12, 31)),
        (29, 2, 0, date(2025, 6, 30), date(2000, 2, 29)),
    ],
)
def test_resolve_two_digit_year(day, month, yy, as_of, expected):
    assert resolve_two_digit_year(day, month, yy, as_of=as_of) == expected


def test_resolve_two_digit_year_errors():
    with pytest.raises(DateAfterAsOfError):
        resolve_two_digit_year(29, 2, 0, as_of=date(2000, 1, 15))
    with pytest.raises(ValueError):
        resolve_two_digit_year(29, 2, 1, as_of=date(2025, 6, 30))
    with pytest.raises(ValueError):
        resolve_two_digit_year(1, 13, 1, as_of=date(2025, 6, 30))


def test_identity_error_keeps_code_and_message_and_pickles():
    err = IdentityError("nik_panjang", "NIK harus 16 digit, tertulis 15 digit")
    assert isinstance(err, ValueError)
    assert (err.code, err.message, str(err)) == (
        "nik_panjang",
        "NIK harus 16 digit, tertulis 15 digit",
        "NIK harus 16 digit, tertulis 15 digit",
    )
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.code, copy.message) == (err.code, err.message)

"""No KK: decoding the issue date, errors, and make_kk round trips."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from datusoban.identity import KK, IdentityError, make_kk, parse_kk
from datusoban.identity.kk import clean_number, is_valid_kk

AS_OF = date(2025, 6, 30)

# (as written, as_of, region, issued, serial)
VALID = [
    ("6371010101200005", AS_OF, "637101", date(2020, 1, 1), 5),
    ("6303022112150123", AS_OF, "630302", date(2015, 12, 21), 123),
    ("6372013006259999", AS_OF, "637201", date(2025, 6, 30), 9999),
    ("6372010107250001", AS_OF, "637201", date(1925, 7, 1), 1),
    ("6372010107250001", date(2025, 7, 1), "637201", date(2025, 7, 1), 1),
    ("6372013112990001", AS_OF, "637201", date(1999, 12, 31), 1),
    ("'6371010101200005", AS_OF, "637101", date(2020, 1, 1), 5),
    ("6371010101200005.0", AS_OF, "637101", date(2020, 1, 1), 5),
    ("63.71.01.010120.0005", AS_OF, "637101", date(2020, 1, 1), 5),
    ("6371 0101 0120 0005", AS_OF, "637101", date(2020, 1, 1), 5),
]


@pytest.mark.parametrize(("value", "as_of", "region", "issued", "serial"), VALID)
def test_parse_kk_decodes_the_number(value, as_of, region, issued, serial):
    kk = parse_kk(value, as_of=as_of)
    assert (kk.region, kk.issued, kk.serial) == (region, issued, serial)
    assert is_valid_kk(value, as_of=as_of)


def test_kk_carries_dotted_region_codes():
    kk = parse_kk("6371010101200005", as_of=AS_OF)
    assert kk == KK("6371010101200005", "637101", date(2020, 1, 1), 5)
    assert kk.kode_kecamatan == "63.71.01"
    assert kk.kode_kabkota == "63.71"


INVALID = [
    ("", AS_OF, "kosong"),
    ("637101010120000", AS_OF, "kk_panjang"),
    ("63710101012000051", AS_OF, "kk_panjang"),
    ("63710101012000O5", AS_OF, "kk_bukan_angka"),
    ("6.37101E+15", AS_OF, "kk_notasi_ilmiah"),
    ("6371014101200005", AS_OF, "kk_tanggal"),  # no +40 rule on a KK: day 41 is wrong
    ("6371013102200005", AS_OF, "kk_tanggal"),  # 31 February
    ("6371010001200005", AS_OF, "kk_tanggal"),  # day 00
    ("6371010113200005", AS_OF, "kk_tanggal"),  # month 13
    ("6371012902010005", AS_OF, "kk_tanggal"),  # 29 February 2001/1901
    ("6371012902000005", date(2000, 1, 15), "kk_masa_depan"),
    ("6371010101200000", AS_OF, "kk_serial"),
]


@pytest.mark.parametrize(("value", "as_of", "code"), INVALID)
def test_parse_kk_rejects_with_a_stable_code(value, as_of, code):
    with pytest.raises(IdentityError) as caught:
        parse_kk(value, as_of=as_of)
    assert caught.value.code == code
    assert not is_valid_kk(value, as_of=as_of)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("637101010120000", "Nomor KK harus 16 digit, tertulis 15 digit"),
        ("6371010101200000", "Empat digit terakhir Nomor KK (nomor urut) tidak boleh 0000"),
        ("", "Nomor KK kosong"),
    ],
)
def test_kk_messages(value, message):
    with pytest.raises(IdentityError) as caught:
        parse_kk(value, as_of=AS_OF)
    assert caught.value.message == message


def test_impossible_issue_date_names_the_digits():
    with pytest.raises(IdentityError) as caught:
        parse_kk("6371013102200005", as_of=AS_OF)
    assert "310220" in caught.value.message


def test_known_regions_apply_to_kk():
    known = {"637101"}
    assert is_valid_kk("6371010101200005", as_of=AS_OF, known_regions=known)
    with pytest.raises(IdentityError) as caught:
        parse_kk("6371020101200005", as_of=AS_OF, known_regions=known)
    assert caught.value.code == "kk_wilayah"
    assert "63.71.02" in caught.value.message


def test_clean_number_for_kk():
    assert clean_number("'6371010101200005.0") == "6371010101200005"


def test_make_kk():
    assert make_kk("637101", date(2020, 1, 1), 5) == "6371010101200005"
    with pytest.raises(ValueError):
        make_kk("6371", date(2020, 1, 1), 5)
    with pytest.raises(ValueError):
        make_kk("637101", date(2020, 1, 1), 0)


@given(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(min_value=date(1925, 7, 1), max_value=AS_OF),
    st.integers(min_value=1, max_value=9999),
)
def test_make_kk_round_trips(region, issued, serial):
    kk = parse_kk(make_kk(region, issued, serial), as_of=AS_OF)
    assert (kk.region, kk.issued, kk.serial) == (region, issued, serial)

"""NIK: cleaning, decoding, errors an operator sees, and make_nik round trips."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from datusoban.identity import NIK, IdentityError, is_valid_nik, make_nik, parse_nik
from datusoban.identity.nik import clean_number

AS_OF = date(2025, 6, 30)

# (as written, as_of, region, birth date, sex, serial)
VALID = [
    ("6371011708450001", AS_OF, "637101", date(1945, 8, 17), "L", 1),
    ("6371015708450001", AS_OF, "637101", date(1945, 8, 17), "P", 1),
    ("6371014507850003", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("6303020101009999", AS_OF, "630302", date(2000, 1, 1), "L", 9999),
    ("6303027112990012", AS_OF, "630302", date(1999, 12, 31), "P", 12),
    ("6372016902000001", AS_OF, "637201", date(2000, 2, 29), "P", 1),
    ("6372012902240001", AS_OF, "637201", date(2024, 2, 29), "L", 1),
    # Excel and typing forms of 6371014507850003.
    ("'6371014507850003", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("\u20196371014507850003", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("6371014507850003.0", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("6371014507850003,0", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("  6371014507850003\n", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("63.71.01.450785.0003", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("6371-0145-0785-0003", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("6371 0145 0785 0003", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("\u00a06371014507850003", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    ("６３７１０１４５０７８５０００３", AS_OF, "637101", date(1985, 7, 5), "P", 3),
    # Two-digit years: the latest date not after as_of.
    ("6303010107250001", AS_OF, "630301", date(1925, 7, 1), "L", 1),
    ("6303013006250001", AS_OF, "630301", date(2025, 6, 30), "L", 1),
    ("6303010107250001", date(2025, 7, 1), "630301", date(2025, 7, 1), "L", 1),
    ("6303017006250001", date(2025, 6, 29), "630301", date(1925, 6, 30), "P", 1),
    ("6303010101000001", AS_OF, "630301", date(2000, 1, 1), "L", 1),
    ("6303010101000001", date(1999, 12, 31), "630301", date(1900, 1, 1), "L", 1),
    ("6303013112990001", date(2000, 1, 1), "630301", date(1999, 12, 31), "L", 1),
    ("6303013112990001", date(2099, 12, 31), "630301", date(2099, 12, 31), "L", 1),
    ("6303010101240001", date(2023, 12, 31), "630301", date(1924, 1, 1), "L", 1),
]


@pytest.mark.parametrize(("value", "as_of", "region", "born", "sex", "serial"), VALID)
def test_parse_nik_decodes_the_number(value, as_of, region, born, sex, serial):
    nik = parse_nik(value, as_of=as_of)
    assert (nik.region, nik.birth_date, nik.sex, nik.serial) == (region, born, sex, serial)
    assert len(nik.number) == 16
    assert nik.number.isdigit()
    assert nik.number.startswith(region)


def test_nik_carries_dotted_region_codes():
    nik = parse_nik("6371014507850003", as_of=AS_OF)
    assert nik == NIK("6371014507850003", "637101", date(1985, 7, 5), "P", 3)
    assert nik.kode_kecamatan == "63.71.01"
    assert nik.kode_kabkota == "63.71"


# (as written, as_of, error code)
INVALID = [
    ("", AS_OF, "kosong"),
    ("   ", AS_OF, "kosong"),
    ("'", AS_OF, "kosong"),
    ("--", AS_OF, "kosong"),
    ("637101450785000", AS_OF, "nik_panjang"),
    ("63710145078500031", AS_OF, "nik_panjang"),
    ("6371", AS_OF, "nik_panjang"),
    ("63710145078500O3", AS_OF, "nik_bukan_angka"),
    ("NIK6371014507850", AS_OF, "nik_bukan_angka"),
    ("6371014507850003/", AS_OF, "nik_bukan_angka"),
    ("637101450785\u0660\u0660\u0660\u0663", AS_OF, "nik_bukan_angka"),  # Arabic-Indic digits
    ("6.37101E+15", AS_OF, "nik_notasi_ilmiah"),
    ("6,37101E+15", AS_OF, "nik_notasi_ilmiah"),
    ("6.37101450785e+15", AS_OF, "nik_notasi_ilmiah"),
    ("'6.37101E+15", AS_OF, "nik_notasi_ilmiah"),
    ("6371013102850003", AS_OF, "nik_tanggal"),  # 31 February
    ("6371017102850003", AS_OF, "nik_tanggal"),  # 31 February, woman
    ("6371010002850003", AS_OF, "nik_tanggal"),  # day 00
    ("6371014002850003", AS_OF, "nik_tanggal"),  # day 40: neither a man's nor a woman's day
    ("6371013502850003", AS_OF, "nik_tanggal"),  # day 35
    ("6371017202850003", AS_OF, "nik_tanggal"),  # day 72
    ("6371019902850003", AS_OF, "nik_tanggal"),
    ("6371011513850003", AS_OF, "nik_tanggal"),  # month 13
    ("6371011500850003", AS_OF, "nik_tanggal"),  # month 00
    ("6371013104850003", AS_OF, "nik_tanggal"),  # 31 April
    ("6371012902010003", AS_OF, "nik_tanggal"),  # 29 Feb: neither 2001 nor 1901 is leap
    ("6371012902000003", date(2000, 1, 15), "nik_masa_depan"),  # only 2000-02-29 exists
    ("6371011708450000", AS_OF, "nik_serial"),
]


@pytest.mark.parametrize(("value", "as_of", "code"), INVALID)
def test_parse_nik_rejects_with_a_stable_code(value, as_of, code):
    with pytest.raises(IdentityError) as caught:
        parse_nik(value, as_of=as_of)
    assert caught.value.code == code
    assert str(caught.value) == caught.value.message
    assert not is_valid_nik(value, as_of=as_of)


# (as written, the operator's message)
MESSAGES = [
    ("637101450785000", "NIK harus 16 digit, tertulis 15 digit"),
    ("63710145078500031", "NIK harus 16 digit, tertulis 17 digit"),
    ("63710145078500O3", "NIK hanya boleh berisi angka, tetapi ada 'O' pada posisi ke-15"),
    ("6371011708450000", "Empat digit terakhir NIK (nomor urut) tidak boleh 0000"),
    ("", "NIK kosong"),
]


@pytest.mark.parametrize(("value", "message"), MESSAGES)
def test_messages_tell_the_operator_what_is_wrong(value, message):
    with pytest.raises(IdentityError) as caught:
        parse_nik(value, as_of=AS_OF)
    assert caught.value.message == message


def test_scientific_notation_message_says_digits_are_lost():
    with pytest.raises(IdentityError) as caught:
        parse_nik("6.37101E+15", as_of=AS_OF)
    assert "6.37101E+15" in caught.value.message
    assert "hilang" in caught.value.message


def test_impossible_date_message_shows_the_digits():
    with pytest.raises(IdentityError) as caught:
        parse_nik("6371017102850003", as_of=AS_OF)
    assert "710285" in caught.value.message
    assert "perempuan" in caught.value.message


KNOWN = frozenset({"637101", "637102", "630301"})


@pytest.mark.parametrize(
    ("value", "known", "accepted"),
    [
        ("6371011708450001", KNOWN, True),
        ("6303011708450001", KNOWN, True),
        ("6371991708450001", KNOWN, False),  # kecamatan 99 does not exist
        ("6471011708450001", KNOWN, False),  # Kalimantan Timur, not in this list
        ("6371991708450001", None, True),  # no list given: region not checked
        ("9971011708450001", None, True),  # stdnum's own place table is not used
        ("6371991708450001", frozenset(), False),
    ],
)
def test_known_regions_restrict_the_first_six_digits(value, known, accepted):
    assert is_valid_nik(value, as_of=AS_OF, known_regions=known) is accepted


def test_unknown_region_names_the_dotted_code():
    with pytest.raises(IdentityError) as caught:
        parse_nik("6371991708450001", as_of=AS_OF, known_regions=KNOWN)
    assert caught.value.code == "nik_wilayah"
    assert "63.71.99" in caught.value.message


@pytest.mark.parametrize(
    ("value", "cleaned"),
    [
        ("'6371014507850003", "6371014507850003"),
        ("6371014507850003.0", "6371014507850003"),
        ("6371014507850003.00", "6371014507850003"),
        (" 63.71.01-450785 0003 ", "6371014507850003"),
        ("637101450785.0000", "6371014507850000"),  # a typed serial, not a float tail
        ("63710145078500O3", "63710145078500O3"),  # cleaning does not judge
    ],
)
def test_clean_number(value, cleaned):
    assert clean_number(value) == cleaned


@pytest.mark.parametrize(
    ("region", "born", "sex", "serial", "expected"),
    [
        ("637101", date(1945, 8, 17), "L", 1, "6371011708450001"),
        ("637101", date(1945, 8, 17), "P", 1, "6371015708450001"),
        ("630302", date(2000, 2, 29), "P", 9999, "6303026902009999"),
    ],
)
def test_make_nik(region, born, sex, serial, expected):
    assert make_nik(region, born, sex, serial) == expected


@pytest.mark.parametrize(
    ("region", "sex", "serial"),
    [("63710", "L", 1), ("63710A", "L", 1), ("637101", "X", 1), ("637101", "L", 0),
     ("637101", "L", 10000), ("637101", "l", 1)],
)  # fmt: skip
def test_make_nik_refuses_impossible_parts(region, sex, serial):
    with pytest.raises(ValueError):
        make_nik(region, date(1990, 1, 1), sex, serial)


regions = st.text(alphabet="0123456789", min_size=6, max_size=6)
serials = st.integers(min_value=1, max_value=9999)
sexes = st.sampled_from(["L", "P"])


@given(regions, st.dates(min_value=date(1925, 7, 1), max_value=AS_OF), sexes, serials)
def test_make_nik_round_trips_for_every_birth_date_since_1925(region, born, sex, serial):
    nik = parse_nik(make_nik(region, born, sex, serial), as_of=AS_OF)
    assert (nik.region, nik.birth_date, nik.sex, nik.serial) == (region, born, sex, serial)


@given(
    regions,
    st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=0, max_value=36523),  # always less than 100 years back
    sexes,
    serials,
)
def test_make_nik_round_trips_within_a_century_of_any_as_of(region, as_of, back, sex, serial):
    born = as_of - timedelta(days=back)
    nik = parse_nik(make_nik(region, born, sex, serial), as_of=as_of)
    assert (nik.birth_date, nik.sex) == (born, sex)
    assert nik.birth_date <= as_of

"""The vectorised NIK, No KK and date checks agree with datusoban.identity, value by value.

identity raises its first failing check; the rules mark every failing check.
So for each value: the first of the rule codes, in identity's order of
checks, is identity's code (mapped), and the decoded parts are the same.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from datusoban.identity import IdentityError, parse_date, parse_kk, parse_nik
from datusoban.identity.nik import clean_number as identity_clean
from datusoban.impor.rules import RuleContext, dates, kk, nik
from datusoban.reference import wilayah

KALSEL = sorted(k for k in wilayah.nik_region_codes() if k.startswith("63"))
KNOWN = wilayah.nik_region_codes()

NIK_CODES = {
    "kosong": "nik_kosong",
    "nik_notasi_ilmiah": "nik_notasi_ilmiah",
    "nik_panjang": "nik_format",
    "nik_bukan_angka": "nik_format",
    "nik_wilayah": "nik_wilayah",
    "nik_tanggal": "nik_tanggal",
    "nik_masa_depan": "nik_tanggal",
    "nik_serial": "nik_serial",
}
# identity's order of checks, in rule codes.
NIK_ORDER = [
    "nik_kosong", "nik_notasi_ilmiah", "nik_format", "nik_wilayah", "nik_tanggal", "nik_serial",
]  # fmt: skip
_KK_MALFORMED = ("notasi_ilmiah", "panjang", "bukan_angka", "tanggal", "masa_depan", "serial")
KK_CODES = {
    "kosong": "kk_kosong",
    "kk_wilayah": "kk_wilayah",
    **{f"kk_{reason}": "kk_format" for reason in _KK_MALFORMED},
}

as_of_dates = st.one_of(
    st.just(date(2025, 6, 30)),
    st.dates(date(1950, 1, 1), date(2099, 12, 31)),
    st.sampled_from([date(2000, 1, 31), date(2000, 2, 28), date(2024, 2, 29), date(1999, 12, 31)]),
)


@st.composite
def sixteen_digits(draw, day_max: int = 71) -> str:
    region = draw(st.one_of(st.sampled_from(KALSEL), st.sampled_from(KALSEL), st.just("999901")))
    day = draw(st.integers(0, day_max))
    month = draw(st.integers(0, 13))
    year = draw(st.integers(0, 99))
    serial = draw(st.integers(0, 3))
    return f"{region}{day:02d}{month:02d}{year:02d}{serial:04d}"


@st.composite
def as_typed(draw, number: str) -> str:
    """The number with the damage spreadsheets and typists do to it."""
    form = draw(st.integers(0, 9))
    if form == 0:
        return draw(st.sampled_from(["'", "\u2018", "\u2019", "`", "''"])) + number
    if form == 1:
        return number + draw(st.sampled_from([".0", ",0", ".00", ".000", ".5"]))
    if form == 2:
        return f"{number[:2]}.{number[2:4]}.{number[4:6]}.{number[6:12]}.{number[12:]}"
    if form == 3:
        return draw(st.sampled_from([" ", "-", "\u2013", "\u00a0", "\u3000", "\x1c"])).join(
            [number[:4], number[4:8], number[8:12], number[12:]]
        )
    if form == 4:
        return unicodedata.normalize("NFKC", number).translate(
            {ord(d): chr(0xFF10 + int(d)) for d in "0123456789"}
        )
    if form == 5:
        return f"{number[0]}{draw(st.sampled_from(['.', ',']))}{number[1:6]}E+15"
    if form == 6:
        cut = draw(st.integers(0, 16))
        return number[:cut] + draw(st.sampled_from(["", "O", "x", "١", " "])) + number[cut + 1 :]
    return number


nik_like = st.one_of(
    sixteen_digits(),
    sixteen_digits().flatmap(as_typed),
    st.text(max_size=20),
    st.text(alphabet="0123456789 .,-'eE+", max_size=22),
    st.none(),
)


def _identity(parse, value, as_of, known):
    try:
        return parse(value, as_of=as_of, known_regions=known), None
    except IdentityError as error:
        return None, error.code


def _first(found: set[str], order: list[str]) -> str | None:
    return next((code for code in order if code in found), None)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(nik_like, min_size=1, max_size=40), as_of=as_of_dates)
@example(values=["6371016902000001", "9999014513850000", None], as_of=date(2000, 1, 31))
@example(
    values=["6303013006250001", "6303017006250001", "6303010107250001"], as_of=date(2025, 6, 30)
)
def test_nik_checks_agree_with_parse_nik(values, as_of):
    context = RuleContext.default(as_of)
    out = nik.check(pl.Series(values, dtype=pl.Utf8), context)
    for value, row in zip(values, out.iter_rows(named=True), strict=True):
        ours = {code for code in NIK_ORDER if row[code]}
        text = "" if value is None else value
        _, full_code = _identity(parse_nik, text, as_of, KNOWN)
        decoded, code = _identity(parse_nik, text, as_of, None)
        # With the region list, identity stops at an unknown region; without, it goes on.
        assert _first(ours, NIK_ORDER) == NIK_CODES.get(full_code), value
        assert _first(ours - {"nik_wilayah"}, NIK_ORDER) == NIK_CODES.get(code), value
        unusable = ours & {"nik_kosong", "nik_notasi_ilmiah", "nik_format"}
        assert not unusable or ours == unusable, value
        # A check identity may not reach (after a bad date) is marked all the same.
        serial_zero = not unusable and identity_clean(text).endswith("0000")
        assert row["nik_serial"] == serial_zero, value
        if decoded is None:
            assert row["nik_norm"] is None, value
        else:
            got = (row["nik_norm"], row["nik_tanggal_lahir"], row["nik_jenis_kelamin"])
            assert got == (decoded.number, decoded.birth_date, decoded.sex), value
        if row["nik_norm"] is not None:
            assert not ours - {"nik_wilayah"}


def test_unusual_dashes_are_not_16_digits_for_identity_and_rules_alike(context):
    """Separators beyond identity's cleaning (U+2010 ...) leave a NIK that is not 16 digits."""
    values = ["637101\u20104507850003", "6371014507850003\u2010", "63710\u20104507850003"]
    out = nik.check(pl.Series(values), context)
    assert out["nik_format"].to_list() == [True, True, True]
    for value in values:
        with pytest.raises(IdentityError) as raised:
            parse_nik(value, as_of=date(2025, 6, 30))
        assert raised.value.code in {"nik_bukan_angka", "nik_panjang"}


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            sixteen_digits(day_max=35),
            sixteen_digits(day_max=35).flatmap(as_typed),
            st.text(max_size=20),
            st.none(),
        ),
        min_size=1,
        max_size=40,
    ),
    as_of=as_of_dates,
)
def test_kk_checks_agree_with_parse_kk(values, as_of):
    context = RuleContext.default(as_of)
    out = kk.check(pl.Series(values, dtype=pl.Utf8), context)
    for value, row in zip(values, out.iter_rows(named=True), strict=True):
        text = "" if value is None else value
        _, full_code = _identity(parse_kk, text, as_of, KNOWN)
        decoded, code = _identity(parse_kk, text, as_of, None)
        mine = "kk_format" if row["kk_format"] else "kk_kosong" if row["kk_kosong"] else None
        assert mine == KK_CODES.get(code), value
        assert row["kk_wilayah"] == (full_code == "kk_wilayah"), value
        if decoded is None:
            assert row["no_kk_norm"] is None, value
        else:
            assert (row["no_kk_norm"], row["kk_tanggal_terbit"]) == (decoded.number, decoded.issued)


DIGITS = st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "०१२३४५६७८९"])


@st.composite
def date_like(draw) -> str:
    digits = draw(DIGITS) if draw(st.integers(0, 5)) == 0 else "0123456789"
    number = draw(st.one_of(st.integers(0, 9999), st.sampled_from([0, 1, 1899, 1900, 2024])))
    year = "".join(digits[int(c)] for c in f"{number:04d}")
    parts = [
        "".join(digits[int(c)] for c in f"{n:0{draw(st.integers(1, 2))}d}")
        for n in (draw(st.integers(0, 32)), draw(st.integers(0, 13)))
    ]
    seps = draw(st.lists(st.sampled_from(["-", "/", ".", " ", ""]), min_size=2, max_size=2))
    if draw(st.booleans()):
        text = f"{year}{seps[0]}{parts[1]}{seps[1]}{parts[0]}"
    else:
        text = f"{parts[0]}{seps[0]}{parts[1]}{seps[1]}{year}"
    if draw(st.integers(0, 4)) == 0:
        text += draw(st.sampled_from([" 00:00:00", "T12:30:59", " 24:00:00", " 1:00:00", " 00:00"]))
    pad = st.text(alphabet=" \t\n\x1c\u00a0\u3000", max_size=2)
    return draw(pad) + text + draw(pad)


TIMED = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d")


def _expected_date(value: str | None) -> tuple[date | None, str | None]:
    """identity.parse_date, plus the one extra layout: a time after a YYYY-MM-DD date."""
    if value is None:
        return None, "kosong"
    text = value.strip()
    folded = "".join(str(int(c)) if c.isdecimal() else c for c in text)
    timed = TIMED.fullmatch(folded)
    if timed:
        text = text[: len(timed.group(1))]
    try:
        return parse_date(text), None
    except IdentityError as error:
        return None, error.code


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(date_like(), st.text(max_size=14), st.none()), max_size=40))
def test_dates_agree_with_parse_date(values):
    out = dates.parse(pl.Series(values, dtype=pl.Utf8))
    for value, row in zip(values, out.iter_rows(named=True), strict=True):
        expected, code = _expected_date(value)
        assert row["date"] == expected, value
        assert row["kosong"] == (code == "kosong"), value
        assert row["format"] == (code in ("tanggal_format", "tanggal_tidak_valid")), value

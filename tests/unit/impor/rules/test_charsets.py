"""The character classes are exactly what str.isspace() and str.isdecimal() accept."""

from __future__ import annotations

import re
import sys
import unicodedata

import polars as pl

from datusoban.impor.rules import charsets


def test_the_scan_finds_what_the_string_methods_accept():
    # The definition, one code point at a time (the way it was first computed).
    every = [chr(cp) for cp in range(sys.maxunicode + 1)]
    spaces = [ord(c) for c in every if c.isspace()]
    digits = [ord(c) for c in every if not c.isspace() and c.isdecimal()]
    assert charsets._scanned() == (spaces, digits)


def test_the_stored_table_is_what_the_scan_finds():
    # The table for this Python's Unicode version; a Python without one scans.
    assert unicodedata.unidata_version in charsets._KNOWN
    assert charsets._scan() == charsets._scanned()


def test_the_classes_match_in_polars_what_python_matches():
    spaces, digits = charsets._scan()
    assert "\x1c" in charsets.whitespace() and "\u3000" in charsets.whitespace()
    samples = pl.Series(["\u0661\u0662", "\x1f", "a", "\u00a0", "\u0e53"])
    matched = samples.str.contains(f"^{charsets.digit_class()}+$").to_list()
    assert matched == [bool(re.fullmatch(r"\d+", s)) for s in samples]
    spaced = samples.str.contains(f"^{charsets.whitespace_class()}+$").to_list()
    assert spaced == [s.isspace() for s in samples]
    assert charsets.digit_folding()["\u0661"] == "1"
    assert len(spaces) > 20 and len(digits) > 600

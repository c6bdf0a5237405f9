"""Character classes that make Polars regexes read text the way Python (and so identity) does.

identity uses ``str.split()``/``str.strip()`` (Python whitespace) and ``re``'s
``\\d`` (any Unicode decimal digit, Nd). Rust's regex engine has its own,
slightly different ideas of both (``\\s`` lacks U+001C-U+001F; its ``\\d``
follows a newer Unicode version), so the classes are built from the running
Python instead and written out explicitly.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

import numpy as np

ASCII_DIGITS = "0123456789"


def _ranges(codepoints: list[int]) -> str:
    """A regex class body for sorted code points: 0x660-0x669 -> '\\x{660}-\\x{669}'."""
    parts: list[str] = []
    start = prev = codepoints[0]
    for cp in [*codepoints[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(f"\\x{{{start:x}}}" + (f"-\\x{{{prev:x}}}" if prev > start else ""))
        start = prev = cp
    return "".join(parts)


# What the scan below finds under the Unicode version of the Python the project
# runs on (3.11: Unicode 14.0.0), as inclusive ranges. The scan is the same on
# every run and cost 0.025 s of every import; another Unicode version scans.
# tests/unit/impor/rules/test_charsets.py holds this table to the scan.
_KNOWN = {
    "14.0.0": (
        (
            (0x9, 0xD),
            (0x1C, 0x20),
            (0x85, 0x85),
            (0xA0, 0xA0),
            (0x1680, 0x1680),
            (0x2000, 0x200A),
            (0x2028, 0x2029),
            (0x202F, 0x202F),
            (0x205F, 0x205F),
            (0x3000, 0x3000),
        ),
        (
            (0x30, 0x39),
            (0x660, 0x669),
            (0x6F0, 0x6F9),
            (0x7C0, 0x7C9),
            (0x966, 0x96F),
            (0x9E6, 0x9EF),
            (0xA66, 0xA6F),
            (0xAE6, 0xAEF),
            (0xB66, 0xB6F),
            (0xBE6, 0xBEF),
            (0xC66, 0xC6F),
            (0xCE6, 0xCEF),
            (0xD66, 0xD6F),
            (0xDE6, 0xDEF),
            (0xE50, 0xE59),
            (0xED0, 0xED9),
            (0xF20, 0xF29),
            (0x1040, 0x1049),
            (0x1090, 0x1099),
            (0x17E0, 0x17E9),
            (0x1810, 0x1819),
            (0x1946, 0x194F),
            (0x19D0, 0x19D9),
            (0x1A80, 0x1A89),
            (0x1A90, 0x1A99),
            (0x1B50, 0x1B59),
            (0x1BB0, 0x1BB9),
            (0x1C40, 0x1C49),
            (0x1C50, 0x1C59),
            (0xA620, 0xA629),
            (0xA8D0, 0xA8D9),
            (0xA900, 0xA909),
            (0xA9D0, 0xA9D9),
            (0xA9F0, 0xA9F9),
            (0xAA50, 0xAA59),
            (0xABF0, 0xABF9),
            (0xFF10, 0xFF19),
            (0x104A0, 0x104A9),
            (0x10D30, 0x10D39),
            (0x11066, 0x1106F),
            (0x110F0, 0x110F9),
            (0x11136, 0x1113F),
            (0x111D0, 0x111D9),
            (0x112F0, 0x112F9),
            (0x11450, 0x11459),
            (0x114D0, 0x114D9),
            (0x11650, 0x11659),
            (0x116C0, 0x116C9),
            (0x11730, 0x11739),
            (0x118E0, 0x118E9),
            (0x11950, 0x11959),
            (0x11C50, 0x11C59),
            (0x11D50, 0x11D59),
            (0x11DA0, 0x11DA9),
            (0x16A60, 0x16A69),
            (0x16AC0, 0x16AC9),
            (0x16B50, 0x16B59),
            (0x1D7CE, 0x1D7FF),
            (0x1E140, 0x1E149),
            (0x1E2F0, 0x1E2F9),
            (0x1E950, 0x1E959),
            (0x1FBF0, 0x1FBF9),
        ),
    ),
}


def _expand(ranges: tuple[tuple[int, int], ...]) -> list[int]:
    return [cp for start, end in ranges for cp in range(start, end + 1)]


@cache
def _scan() -> tuple[list[int], list[int]]:
    """The code points str.isspace() accepts, and those str.isdecimal() accepts."""
    known = _KNOWN.get(unicodedata.unidata_version)
    if known is not None:
        return _expand(known[0]), _expand(known[1])
    return _scanned()


def _scanned() -> tuple[list[int], list[int]]:
    """Every code point tested: the ones str.isspace() accepts, and those str.isdecimal()
    accepts.

    re's ``\\s`` and ``\\d`` on str test exactly those two (CPython's
    Py_UNICODE_ISSPACE and Py_UNICODE_ISDECIMAL), so one search over a string of
    every code point finds them: about 0.03 s, where calling both methods on
    each of the 1,114,112 code points took 0.2 s of every import.
    """
    codepoints = np.arange(sys.maxunicode + 1, dtype="<u4")
    # Lone surrogates cannot be decoded, and are neither space nor digit.
    codepoints = codepoints[(codepoints < 0xD800) | (codepoints > 0xDFFF)]
    every = codepoints.tobytes().decode("utf-32-le")
    spaces = [ord(c) for c in re.findall(r"\s", every)]
    digits = [ord(c) for c in re.findall(r"\d", every)]
    return spaces, digits


@cache
def whitespace() -> str:
    """Every character Python's str.isspace() accepts, as a plain string (for strip_chars)."""
    return "".join(map(chr, _scan()[0]))


@cache
def whitespace_class() -> str:
    """Regex class of Python whitespace: '[\\x{9}-\\x{d}\\x{1c}-...]'."""
    return f"[{_ranges(_scan()[0])}]"


@cache
def digit_class() -> str:
    """Regex class of what Python's re calls \\d: every Unicode decimal digit."""
    return f"[{_ranges(_scan()[1])}]"


@cache
def digit_folding() -> dict[str, str]:
    """Each non-ASCII decimal digit -> its ASCII digit ('١' -> '1'), as int() reads it."""
    return {chr(cp): str(int(chr(cp))) for cp in _scan()[1] if cp > 0x7F}

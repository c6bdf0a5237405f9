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


@cache
def _scan() -> tuple[list[int], list[int]]:
    """The code points str.isspace() accepts, and those str.isdecimal() accepts.

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

"""Indonesian personal names normalised for matching.

normalise_name turns "Hj. Siti Noorhayati, S.Pd" and "SITI NURHAYATI" into the
same tokens. It never raises and is idempotent: the key of a key is itself.
The rules are data in name_tables.py; this module only applies them:

1. Unicode to uppercase ASCII; apostrophes dropped (Ma'ruf = Maruf, the 'ain
   is written inconsistently); anything but letters and dots separates words.
   Dots split words too (H.M.Rizki) but are remembered on the piece before
   them, because "H." is Haji while a bare "H" may be an initial.
2. Each piece is modernised (pre-1972 spelling) and glued prefixes are split.
3. A scan from the left removes the titles before the name, then, after the
   first name token, degrees (also across pieces: "S. Pd. I"), titles, and a
   bin/binti marker, after which the rest is the father's name. Commas need no
   rule of their own: degrees are recognised by standing after the name.
4. Tokens take their canonical spelling; M or ST in first place is expanded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from datusoban.identity import name_tables as tables
from datusoban.identity.name_tables import COMMON_TOKENS
from datusoban.identity.spelling import canonical, modernise, split_joined


@dataclass(frozen=True, slots=True)
class NormalName:
    """A name as tokens for matching, with what was set aside."""

    tokens: tuple[str, ...]  # the person's own name, canonical uppercase ASCII
    father: tuple[str, ...] = ()  # after bin/binti, if given
    titles: tuple[str, ...] = ()  # removed honorifics and degrees of the person, canonical

    @property
    def text(self) -> str:
        """The tokens as one string: the matching key."""
        return " ".join(self.tokens)


class _Piece(NamedTuple):
    text: str
    dotted: bool  # written with a dot after it: an abbreviation


# Longest window of pieces a degree can span ("A. Md. Keb", "S.Pd.SD").
_MAX_DEGREE_PIECES = 4

# Table entries are modernised like names are, so both meet in one spelling.
_TITLES = {modernise(form): title for form, title in tables.TITLES.items()}
_DEGREES = frozenset(modernise(degree) for degree in tables.DEGREES)

_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u0060\u00b4", "'"))
_SEPARATORS = re.compile(r"[^A-Z.]+")


def normalise_name(raw: str) -> NormalName:
    """Normalise a name for matching; never raises (empty input gives empty tokens)."""
    if not isinstance(raw, str):
        # A missing name from a data frame (None, NaN) is no name, not "NONE".
        return NormalName(tokens=())
    pieces = _pieces(raw)
    own, father_pieces, titles = _scan(pieces)
    father = _finish(_scan(father_pieces)[0]) if father_pieces else ()
    return NormalName(tokens=_finish(own), father=father, titles=tuple(titles))


def name_key(raw: str) -> str:
    """The matching key: normalise_name(raw).text."""
    return normalise_name(raw).text


def given_name(name: NormalName) -> str | None:
    """The first token that says something (not MUHAMMAD, SITI, ...), else the first token."""
    for token in name.tokens:
        if token not in COMMON_TOKENS:
            return token
    return name.tokens[0] if name.tokens else None


def _ascii_upper(raw: str) -> str:
    if raw.isascii():  # the common case: nothing to decompose
        return raw.upper()
    text = raw.translate(_APOSTROPHES)
    # Decompose twice: upper-casing can itself produce decomposable letters
    # (lower-case "ǆ" becomes "Ǆ", which decomposes to D, Z and a caron).
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).upper())
    return "".join(char for char in text if not unicodedata.combining(char))


def _pieces(raw: str) -> list[_Piece]:
    text = _SEPARATORS.sub(" ", _ascii_upper(raw).replace("'", ""))
    pieces: list[_Piece] = []
    for word in text.split():
        parts = word.split(".")
        for index, part in enumerate(parts):
            if not part:
                continue
            dotted = index < len(parts) - 1
            tokens = _word_tokens(part)
            pieces.extend(_Piece(token, False) for token in tokens[:-1])
            pieces.append(_Piece(tokens[-1], dotted))
    return pieces


@lru_cache(maxsize=1 << 16)
def _word_tokens(part: str) -> tuple[str, ...]:
    # Registers repeat the same few thousand words across millions of names:
    # the spelling work is done once per distinct word.
    return tuple(split_joined(modernise(part)))


def _scan(pieces: list[_Piece]) -> tuple[list[str], list[_Piece], list[str]]:
    """Split pieces into own name, father's-name pieces and removed titles."""
    own: list[str] = []
    titles: list[str] = []
    removed: list[str] = []  # as written, for the no-name-left fallback
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        size, found = (1, _title(piece, leading=True)) if not own else _suffix_at(pieces, index)
        if found:
            titles.append(found)
            removed.append(piece.text)
            index += size
            continue
        if own and _is_father_marker(piece) and index + 1 < len(pieces):
            return own, pieces[index + 1 :], titles
        own.append(piece.text)
        index += 1
    if not own and removed:
        # Only titles: then the "title" is the name (a man called Gusti).
        return [removed[-1]], [], titles[:-1]
    return own, [], titles


def _suffix_at(pieces: list[_Piece], index: int) -> tuple[int, str | None]:
    """After the first name token: a degree spanning pieces, or a title, at `index`."""
    last = min(_MAX_DEGREE_PIECES, len(pieces) - index)
    for size in range(last, 0, -1):
        window = pieces[index : index + size]
        # Pieces only join when written as an abbreviation: "S. Pd", not "S Pd".
        if all(piece.dotted for piece in window[:-1]):
            joined = "".join(piece.text for piece in window)
            if joined in _DEGREES:
                return size, joined
    return 1, _title(pieces[index], leading=False)


def _title(piece: _Piece, *, leading: bool) -> str | None:
    title = _TITLES.get(piece.text)
    if title is None or (title.needs_dot and not piece.dotted):
        return None
    if not title.anywhere and not leading:
        return None
    return title.canonical


def _is_father_marker(piece: _Piece) -> bool:
    return piece.text in tables.FATHER_MARKERS or (
        piece.text in tables.WEAK_FATHER_MARKERS and piece.dotted
    )


def _finish(own: list[str]) -> tuple[str, ...]:
    tokens = [canonical(token) for token in own]
    if tokens:
        tokens[0] = tables.FIRST_TOKEN_EXPANSIONS.get(tokens[0], tokens[0])
    return tuple(tokens)

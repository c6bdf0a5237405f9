"""Token spelling: pre-1972 spelling, canonical variants, glued prefixes.

Every function takes and returns uppercase A-Z tokens and is idempotent, which
is what makes name_key idempotent.
"""

from __future__ import annotations

import re

from datusoban.identity import name_tables as tables

# Ejaan Soewandi -> EYD (1972), applied until nothing changes: each rule
# shortens the token or removes a C or J, so the loop ends, and its result
# contains none of the old digraphs. CH -> KH is the Indonesian rule
# (Chairul -> Khairul); it also turns Western names like Michael into
# MIKHAEL, harmless because both sides of a comparison get the same key.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("OE", "U"),
    ("DJ", "J"),
    ("TJ", "C"),
    ("SJ", "SY"),
    ("CH", "KH"),
)
# In the old spelling J was the sound now written Y (Djojo -> Joyo, Tjahjono
# -> Cahyono, Joesoef -> Yusuf) and DJ the sound now written J. A modern J is
# far commoner, so J -> Y only applies inside a token that shows one of these
# unmistakable old digraphs (CH is not one: it is also modern in borrowed
# names), to a J before a vowel that is not the second half of DJ, TJ or SJ.
_OLD_MARKERS = re.compile(r"OE|DJ|TJ|SJ")
_OLD_J = re.compile(r"(?<![DTS])J(?=[AEIOU])")
# Stylised final Y after a consonant is an I (Rizky/Rizki, Dedy/Dedi, Fahmy/Fahmi).
_FINAL_Y = re.compile(r"(?<=[A-Z][BCDFGHJKLMNPQRSTVWXZ])Y$")


def modernise(token: str) -> str:
    """Rewrite pre-1972 spelling and stylised endings: SOEDJONO -> SUJONO, RIZKY -> RIZKI."""
    if _OLD_MARKERS.search(token):
        token = _OLD_J.sub("Y", token)
    changed = True
    while changed:
        before = token
        for old, new in _DIGRAPHS:
            token = token.replace(old, new)
        changed = token != before
    return _FINAL_Y.sub("I", token)


def _build_canonical() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical, variants in tables.CANONICAL_SPELLINGS.items():
        for variant in variants:
            key = modernise(variant)
            if lookup.get(key, canonical) != canonical:
                raise ValueError(f"{variant} is listed under {lookup[key]} and {canonical}")
            lookup[key] = canonical
    return lookup


CANONICAL: dict[str, str] = _build_canonical()

# Modernised prefix -> canonical, longest first so NURUL wins over NUR.
_PREFIXES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {(modernise(variant), canonical) for variant, canonical in tables.JOINED_PREFIXES},
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
)
_PREFIX_EXCEPTIONS = frozenset(modernise(name) for name in tables.JOINED_EXCEPTIONS)


def canonical(token: str) -> str:
    """The canonical spelling of a (modernised) token: MOH -> MUHAMMAD, NOOR -> NUR."""
    return CANONICAL.get(token, token)


def split_joined(token: str) -> list[str]:
    """Split well-known prefixes glued to the next name: NOORHAYATI -> [NUR, HAYATI]."""
    if token in _PREFIX_EXCEPTIONS:
        return [token]
    # The longest matching prefix decides: NURULA must not become NUR ULA.
    match = next(((p, c) for p, c in _PREFIXES if token.startswith(p)), None)
    if match is None or len(token) - len(match[0]) < tables.JOINED_MIN_REST:
        return [token]
    prefix, canonical_prefix = match
    return [canonical_prefix, *split_joined(token[len(prefix) :])]

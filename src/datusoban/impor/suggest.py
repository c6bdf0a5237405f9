"""Suggest a mapping for a layout no profile knows, from its header names.

Every header name any shipped profile lists is evidence for its field; a file
header is matched exactly (ignoring case and punctuation) or, failing that, by
similarity. The operator reviews the suggestion and saves it as a profile.
"""

from __future__ import annotations

import difflib
from functools import cache

from datusoban.impor.profiles import CANONICAL, header_key, shipped_profiles

# Below this similarity a header is left unmapped rather than guessed.
MIN_SIMILARITY = 0.8


@cache
def _known_headers() -> dict[str, str]:
    """header_key of every header name a profile lists -> its field."""
    known: dict[str, str] = {}
    for profile in shipped_profiles().values():
        for field, names in profile.kolom.items():
            for name in names:
                known.setdefault(header_key(name), field)
    for field in CANONICAL:
        known.setdefault(header_key(field), field)
    return known


def suggest_mapping(headers: list[str]) -> dict[str, tuple[str, float]]:
    """field -> (header, similarity 0..1) for the headers that look like a known field."""
    known = _known_headers()
    best: dict[str, tuple[str, float]] = {}
    for header in headers:
        key = header_key(header)
        if key in known:
            field, score = known[key], 1.0
        else:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=MIN_SIMILARITY)
            if not close:
                continue
            field = known[close[0]]
            score = round(difflib.SequenceMatcher(None, key, close[0]).ratio(), 2)
        if field not in best or score > best[field][1]:
            best[field] = (header, score)
    return best

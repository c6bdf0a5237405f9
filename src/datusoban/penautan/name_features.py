"""Name columns for matching, computed once per distinct name written.

`datusoban.identity` does the Indonesian part (titles, degrees, bin/binti,
old spelling, MOH./M. for Muhammad, Nur/Noor, glued prefixes); this module
turns its tokens into the columns the comparisons read, so that every pair
comparison is a cheap string or list operation in SQL.
"""

from __future__ import annotations

import polars as pl

from datusoban.identity import COMMON_TOKENS, given_name, normalise_name


def _name_row(raw: str) -> dict[str, object]:
    name = normalise_name(raw)
    tokens = list(name.tokens)
    rare = [t for t in tokens if t not in COMMON_TOKENS]
    return {
        "tokens": tokens or None,
        "given": given_name(name),
        # Rare tokens carry the evidence: twins MUHAMMAD RIZKI and MUHAMMAD RAFI
        # look alike as whole strings but not once MUHAMMAD is set aside.
        "rare": rare or None,
    }


_NAME_SCHEMA = {
    "tokens": pl.List(pl.Utf8),
    "given": pl.Utf8,
    "rare": pl.List(pl.Utf8),
}


# Soundex letter classes: letters that sound alike share a digit; vowels
# separate repeated sounds (0), H and W do not (dropped).
_SOUND_CLASSES = (
    ("[AEIOUY]", "0"),
    ("[HW]", ""),
    ("[BFPV]", "1"),
    ("[CGJKQSXZ]", "2"),
    ("[DT]", "3"),
    ("L", "4"),
    ("[MN]", "5"),
    ("R", "6"),
)


def sound_key(token: pl.Expr) -> pl.Expr:
    """Soundex of an upper-case A-Z token: first letter and three sound digits (RAHMAN R550).

    A name with one letter mistyped or spelled another way (FISCHER, FISHER;
    ZAINAL, ZAENAL) mostly keeps its sound key, so a blocking rule on it
    still pairs the two where an exact name would not.
    """
    code = token
    for letters, digit in _SOUND_CLASSES:
        code = code.str.replace_all(letters, digit)
    for digit in "0123456":
        code = code.str.replace_all(f"{digit}+", digit)
    digits = code.str.slice(1).str.replace_all("0", "")
    return (token.str.slice(0, 1) + digits + "000").str.slice(0, 4)


def name_columns(raw: pl.Series, prefix: str) -> pl.DataFrame:
    """Matching columns for a column of names written as they came.

    `{prefix}_key` (canonical tokens joined), `{prefix}_sorted` (tokens in
    alphabetical order: order-blind), `{prefix}_joined` (no spaces: Nur Hayati
    = Nurhayati), `{prefix}_tokens`, `{prefix}_rare` (tokens without
    Muhammad, Siti, Nur...), `{prefix}_rare_key`, `{prefix}_given`,
    `{prefix}_last` (the last token: a surname where names have one) and
    `{prefix}_sound` (the tokens' sound keys in sorted order).
    """
    distinct = raw.drop_nulls().unique()
    rows = [_name_row(value) for value in distinct.to_list()]
    table = pl.DataFrame(rows, schema=_NAME_SCHEMA).with_columns(
        pl.Series("raw", distinct.to_list(), dtype=pl.Utf8)
    )
    tokens = pl.col("tokens")
    table = table.select(
        "raw",
        tokens.list.join(" ").alias(f"{prefix}_key"),
        tokens.list.sort().list.join(" ").alias(f"{prefix}_sorted"),
        tokens.list.join("").alias(f"{prefix}_joined"),
        tokens.alias(f"{prefix}_tokens"),
        pl.col("rare").alias(f"{prefix}_rare"),
        pl.col("rare").list.join(" ").alias(f"{prefix}_rare_key"),
        pl.col("given").alias(f"{prefix}_given"),
        tokens.list.last().alias(f"{prefix}_last"),
        tokens.list.eval(sound_key(pl.element()))
        .list.sort()
        .list.join(" ")
        .alias(f"{prefix}_sound"),
    )
    return (
        raw.rename("raw")
        .to_frame()
        .join(table, on="raw", how="left", maintain_order="left")
        .drop("raw")
    )

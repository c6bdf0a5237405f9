"""Why a golden value won, in words: the source row it came from, the survivorship rule,
and the flagged values of sources the rule preferred that were passed over (or, when
every value was flagged, the winner's own flags).

Reads ``Person.asal_data`` as linkage.survivorship writes it; the values of passed-over
rows come from the rows the viewer may see, already masked for their role (``_sources``
of the person page), so nothing here decides what may be shown.
"""

from __future__ import annotations

from datusoban.impor.rules.field_flags import FIELD_FLAGS

# How survivorship chose a field (linkage/data/survivorship.toml), as the page says it.
RULES = {
    "sumber_terpercaya": "sumber paling tepercaya",
    "terbaru": "rekaman terbaru",
    "terlengkap": "nilai terlengkap",
}


def _flags(codes: list[str] | None) -> str:
    return ", ".join(FIELD_FLAGS.label(c) for c in codes or [])


def _row(record: int | None, sources: dict[int, dict]) -> str:
    row = sources.get(record) if record is not None else None
    if row is None:  # a record the user may not see, or one that has since left the person
        return f"rekaman #{record}"
    return f"{row['sumber']}, baris {row['baris']}"


def _passed(entry: dict, field: str, sources: dict[int, dict]) -> str:
    record = entry.get("rekaman")
    row = sources.get(record) if record is not None else None
    value = (row or {}).get("bidang", {}).get(field)
    who = f"nilai {row['sumber']} (baris {row['baris']})" if row else f"nilai rekaman #{record}"
    shown = f" {value}" if value else ""
    return f"{who}{shown} dilewati: {_flags(entry.get('tanda'))}"


def origin_text(entry: dict | None, field: str, sources: dict[int, dict]) -> str:
    """One line for the page; empty for a field survivorship did not choose.

    `sources`: the viewer's rows of the person by id, each with `sumber`, `baris` and
    `bidang` (field -> the row's value as the viewer may see it)."""
    if not entry:
        return ""
    rule = RULES.get(entry.get("aturan"), entry.get("aturan", ""))
    text = f"{_row(entry.get('rekaman'), sources)} · {rule}"
    if entry.get("tanda"):
        text += f" · bertanda: {_flags(entry['tanda'])} (semua nilai yang ada bertanda)"
    for passed in entry.get("dilewati") or []:
        text += f"; {_passed(passed, field, sources)}"
    return text

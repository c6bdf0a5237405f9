"""A tile map (cartogram) of the 13 kab/kota of Kalimantan Selatan, drawn as SVG on the server.

Each kab/kota is one equal square placed where it lies relative to its neighbours,
so that small cities (Banjarmasin, Banjarbaru) are as visible as Kotabaru. Tiles are
coloured by class (CSS), never by inline style: the Content-Security-Policy forbids it.
"""

from __future__ import annotations

from dataclasses import dataclass

# (column, row) of each kab/kota: Tabalong at the northern tip; the Hulu Sungai
# kabupaten down the west of the Meratus; Kotabaru and Tanah Bumbu east of it;
# Barito Kuala and Banjarmasin on the Barito in the south-west; Tanah Laut in the south.
LAYOUT: dict[str, tuple[int, int]] = {
    "63.09": (2, 0),  # Tabalong
    "63.08": (1, 1),  # Hulu Sungai Utara
    "63.11": (2, 1),  # Balangan
    "63.06": (1, 2),  # Hulu Sungai Selatan
    "63.07": (2, 2),  # Hulu Sungai Tengah
    "63.02": (3, 2),  # Kotabaru
    "63.04": (0, 3),  # Barito Kuala
    "63.05": (1, 3),  # Tapin
    "63.03": (2, 3),  # Banjar
    "63.10": (3, 3),  # Tanah Bumbu
    "63.71": (0, 4),  # Kota Banjarmasin
    "63.72": (1, 4),  # Kota Banjarbaru
    "63.01": (2, 4),  # Tanah Laut
}
TILE = 96  # px in the SVG's own units; the SVG scales to the screen
GAP = 4
CLASSES = 5  # colour classes t1..t5 in datusoban.css


@dataclass(frozen=True)
class Tile:
    kode: str
    nama: str
    short: list[str]  # the name in lines short enough for a tile
    x: int
    y: int
    value: float | None  # None: outside the user's scope
    shown: str  # the value as text
    css: str  # colour class


@dataclass(frozen=True)
class LegendEntry:
    css: str
    label: str


def plain_name(nama: str) -> str:
    """ "Kabupaten Hulu Sungai Utara" → "Hulu Sungai Utara": the kind is known from context;
    "Kota" stays, it tells the two cities apart from the kabupaten."""
    return nama.removeprefix("Kabupaten ")


def _lines(nama: str, width: int = 12) -> list[str]:
    """The name in lines of at most ``width`` characters (a word longer stays whole)."""
    lines: list[str] = []
    for word in plain_name(nama).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def class_of(value: float, low: float, high: float) -> int:
    """1..CLASSES, by equal intervals between ``low`` and ``high``."""
    if high <= low:
        return CLASSES
    return min(CLASSES, 1 + int((value - low) / (high - low) * CLASSES))


def tiles(
    names: dict[str, str], values: dict[str, float | None], fmt
) -> tuple[list[Tile], list[LegendEntry], tuple[int, int]]:
    """Tiles of every kab/kota in ``LAYOUT`` (names from the reference data), coloured by
    ``values`` (kode → value, None outside scope), a legend, and the SVG's size."""
    known = [v for v in values.values() if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 0.0)
    out = []
    for kode, (col, row) in LAYOUT.items():
        value = values.get(kode)
        css = "tn" if value is None else f"t{class_of(value, low, high)}"
        out.append(
            Tile(
                kode=kode,
                nama=names.get(kode, kode),
                short=_lines(names.get(kode, kode)),
                x=col * (TILE + GAP),
                y=row * (TILE + GAP),
                value=value,
                shown="—" if value is None else fmt(value),
                css=css,
            )
        )
    legend = []
    if known:
        step = (high - low) / CLASSES
        for i in range(CLASSES):
            a, b = low + i * step, low + (i + 1) * step
            legend.append(LegendEntry(f"t{i + 1}", f"{fmt(a)} – {fmt(b)}"))
        if high <= low:
            legend = [LegendEntry(f"t{CLASSES}", fmt(high))]
    if any(v is None for v in (values.get(k) for k in LAYOUT)):
        legend.append(LegendEntry("tn", "di luar cakupan Anda"))
    cols = 1 + max(c for c, _ in LAYOUT.values())
    rows = 1 + max(r for _, r in LAYOUT.values())
    return out, legend, (cols * (TILE + GAP) - GAP, rows * (TILE + GAP) - GAP)

"""A pair's evidence in words a reviewer reads: each comparison and level in Bahasa Indonesia.

The levels are those of ``comparisons.py`` (labels as in the model file, plus the
null level "null" and "else"); a unit test requires a description for every one
of them, so a new level cannot reach the review page unexplained. The match weight
is log2 of m/u: positive says "same person", negative "different persons".
"""

from __future__ import annotations

from dataclasses import dataclass

_EMPTY = "kosong pada salah satu rekaman"
_ELSE = "berbeda"

# Comparison name -> (label, {level label -> description}), in the model's order.
COMPARISONS: dict[str, tuple[str, dict[str, str]]] = {
    "nama": ("Nama", {
        "null": _EMPTY,
        "exact": "sama persis",
        "same tokens, other order or joined": "kata-katanya sama, urutan lain atau "
        "ditulis bersambung",
        "one typo": "beda satu huruf (salah ketik)",
        "one name within the other": "nama yang satu termuat dalam nama yang lain",
        "similar telling tokens": "bagian nama yang membedakan mirip",
        "same given name": "nama depan sama",
        "loosely similar": "agak mirip",
        "else": _ELSE,
    }),
    "nik": ("NIK", {
        "null": _EMPTY,
        "exact, fits both records": "sama persis, cocok dengan tanggal lahir dan jenis kelamin "
        "kedua rekaman",
        "exact, does not fit a record": "sama persis, tetapi tidak cocok dengan salah satu "
        "rekaman (mungkin NIK anggota keluarga)",
        "one typo outside the serial": "beda satu angka di luar nomor urut (salah ketik)",
        "same region and birth date, other serial or sex": "wilayah dan tanggal lahir sama, "
        "nomor urut atau jenis kelamin lain (kembar?)",
        "different, both fit their records": "berbeda, masing-masing cocok dengan rekamannya",
        "else": _ELSE,
    }),
    "tgl": ("Tanggal lahir", {
        "null": _EMPTY,
        "exact": "sama persis",
        "exact, an unknown-date convention": "sama, tetapi tanggal pengganti (01-07, 31-12, "
        "01-01) untuk tanggal yang tidak diketahui",
        "same year, one date unknown": "tahun sama, satu tanggal tidak diketahui",
        "one typo or day and month swapped": "beda satu angka, atau hari dan bulan tertukar",
        "within a year": "selisih paling banyak satu tahun",
        "else": _ELSE,
    }),
    "jk": ("Jenis kelamin", {"null": _EMPTY, "exact": "sama", "else": _ELSE}),
    "wilayah": ("Wilayah", {
        "null": _EMPTY,
        "same desa": "desa/kelurahan sama",
        "same kecamatan": "kecamatan sama, atau kode yang kurang rinci cocok sejauh tertulis",
        "same kab/kota": "kab/kota sama",
        "else": "kab/kota berbeda",
    }),
    "ibu": ("Nama ibu kandung", {
        "null": _EMPTY,
        "exact": "sama persis",
        "typo or same given name": "salah ketik atau nama depan sama",
        "else": _ELSE,
    }),
    "tempat": ("Tempat lahir", {
        "null": _EMPTY, "exact": "sama persis", "similar": "mirip", "else": _ELSE,
    }),
    "hubungan": ("Hubungan dalam keluarga", {"null": _EMPTY, "exact": "sama", "else": _ELSE}),
    "alamat": ("Alamat", {
        "null": _EMPTY, "exact": "sama persis", "similar": "mirip", "else": _ELSE,
    }),
}  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """One comparison of a pair: what was compared, at which level, with what weight."""

    kolom: str  # the comparison's name in the model file
    label: str
    tingkat: str | None  # the level's label in the model file
    keterangan: str
    bobot: float

    @property
    def mendukung(self) -> bool:
        """Whether this comparison speaks for one person (a positive weight)."""
        return self.bobot > 0


def describe(comparison: str, level: str | None) -> tuple[str, str]:
    """(label, description) of ``comparison`` at ``level``; an unknown one is shown as is."""
    label, levels = COMPARISONS.get(comparison, (comparison, {}))
    if level is None:
        return label, "tidak dibandingkan"
    return label, levels.get(level, level)


def described(bukti: dict[str, dict]) -> list[Evidence]:
    """A pair's stored evidence (``ReviewPair.bukti``) in the model's order, in words."""
    order = {name: i for i, name in enumerate(COMPARISONS)}
    rows = []
    for name in sorted(bukti, key=lambda n: (order.get(n, len(order)), n)):
        entry = bukti[name] or {}
        label, text = describe(name, entry.get("tingkat"))
        weight = float(entry.get("bobot") or 0.0)
        rows.append(Evidence(name, label, entry.get("tingkat"), text, weight))
    return rows

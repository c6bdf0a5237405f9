"""What a page shows instead of a code: a region's name, a programme's name, a plain word.

Officers read names, not the codes the database keeps ("63.71" is Kota Banjarmasin,
``ALAT_BANTU`` is the programme of assistive devices, ``dukungan_aksesibilitas`` is
"Dukungan aksesibilitas"). The lookups read the shipped reference files once per process.
"""

from __future__ import annotations

from functools import cache

from datusoban.reference import catalogue, wilayah

# Codes whose plain form is not their words with the underscores taken out.
_WORDS: dict[str, str] = {
    "lks": "LKS",
    "lkks": "LKKS",
    "uptd": "UPTD",
    "tksk": "TKSK",
    "psm": "PSM",
    "pkh": "PKH",
    "kpm": "KPM",
    "kube": "KUBE",
    "uep": "UEP",
    "rtlh": "RTLH",
    "rs": "RS",
    "bpnt": "BPNT",
    "atensi": "ATENSI",
    "ktp": "KTP",
    "kk": "KK",
    "nik": "NIK",
    "sd": "SD",
    "smp": "SMP",
    "sma": "SMA",
}


def region_name(kode: str | None) -> str:
    """The name of a Kemendagri region ("63.71" -> "Kota Banjarmasin"); the code itself
    when unknown, "—" when there is none."""
    if not kode:
        return "—"
    kode = str(kode)
    if kode == wilayah.KALSEL:
        return "Provinsi Kalimantan Selatan"
    return wilayah.name_of(kode) or kode


@cache
def _programme_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for version in catalogue.programme_versions():  # oldest first: the newest name wins
        for kode, programme in version.program.items():
            names[kode] = programme.get("nama", kode)
    return names


def programme_name(kode: str | None) -> str:
    """A programme's name from the catalogue ("ALAT_BANTU" -> "Alat bantu penyandang …");
    short names known by everyone (PKH, BPNT) are their own label."""
    if not kode:
        return "—"
    return _programme_names().get(str(kode), plain(kode))


def programme_short(kode: str | None) -> str:
    """A programme's short name, as officers say it: its acronyms joined ("RS_RTLH" ->
    "RS-RTLH", "UEP_KUBE" -> "UEP-KUBE"), else its words ("ALAT_BANTU" -> "Alat bantu")."""
    if not kode:
        return "—"
    parts = str(kode).split("_")
    if all(p.upper() == p and p.lower() in _WORDS for p in parts):
        return "-".join(parts)
    return plain(kode)


def plain(kode: str | None) -> str:
    """A snake_case code as words: "dukungan_aksesibilitas" -> "Dukungan aksesibilitas",
    "kursi_roda" -> "Kursi roda"; abbreviations stay capitals ("uptd" -> "UPTD")."""
    if kode in (None, ""):
        return "—"
    words = [_WORDS.get(w.lower(), w.lower()) for w in str(kode).replace("-", "_").split("_") if w]
    if not words:
        return "—"
    first = words[0]
    words[0] = first if first.isupper() else first[:1].upper() + first[1:]
    return " ".join(words)


_LEVELS = {"kabkota": wilayah.KABKOTA, "kecamatan": wilayah.KECAMATAN}


@cache
def regions_within(kode: str, tingkat: str) -> list[tuple[str, str]]:
    """(code, name) of the kab/kota or kecamatan (``tingkat``) in region ``kode``, by name
    (a province's kecamatan by kab/kota); a region of that level is its own one choice."""
    level = _LEVELS[tingkat]
    if kode.count(".") + 1 >= level:
        head = ".".join(kode.split(".")[:level])
        return [(head, region_name(head))]
    found = wilayah.within(kode, level)
    if level - (kode.count(".") + 1) > 1:  # kecamatan of a province: named with their kab/kota
        return [(w.kode, f"{w.nama} — {region_name(w.parent)}") for w in found]
    return sorted(((w.kode, w.nama) for w in found), key=lambda r: r[1])

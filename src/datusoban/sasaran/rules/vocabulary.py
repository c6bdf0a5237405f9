"""The fixed set of facts and functions a rule may use, with their types and labels.

A rule naming anything else is refused when its file is loaded. Each fact is a
column of the frames built by ``targeting/facts.py``; ``tingkat`` says where it
lives: ``orang`` facts exist per person, ``keluarga`` facts per family (and are
seen by a person's rules as those of the family they live in).
"""

from __future__ import annotations

from dataclasses import dataclass

from datusoban.reference import vocab

ANGKA, TEKS, LOGIKA, DAFTAR = "angka", "teks", "logika", "daftar"
ORANG, KELUARGA = "orang", "keluarga"


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: str
    level: str
    label: str
    choices: vocab.Choices = ()


_FACTS = (
    # --- person ---
    FactSpec("umur", ANGKA, ORANG, "umur (tahun genap pada tanggal acuan)"),
    FactSpec("jenis_kelamin", TEKS, ORANG, "jenis kelamin", vocab.JENIS_KELAMIN),
    FactSpec("hubungan", TEKS, ORANG, "hubungan dengan kepala keluarga", vocab.HUBUNGAN_KELUARGA),
    FactSpec("sekolah", TEKS, ORANG, "jenjang sekolah saat ini", vocab.JENJANG_SEKOLAH),
    FactSpec("pendidikan", TEKS, ORANG, "pendidikan tertinggi", vocab.PENDIDIKAN_TERTINGGI),
    FactSpec("pekerjaan", TEKS, ORANG, "pekerjaan", vocab.PEKERJAAN),
    FactSpec("pensiunan", LOGIKA, ORANG, "pensiunan"),
    FactSpec("disabilitas", LOGIKA, ORANG, "penyandang disabilitas"),
    FactSpec("jenis_disabilitas", TEKS, ORANG, "jenis disabilitas", vocab.DISABILITAS),
    FactSpec("disabilitas_berat", LOGIKA, ORANG, "disabilitas berat"),
    FactSpec("hamil", LOGIKA, ORANG, "hamil/nifas"),
    FactSpec("penyakit_kronis", LOGIKA, ORANG, "penyakit kronis"),
    FactSpec("nik_ada", LOGIKA, ORANG, "NIK tercatat (16 angka)"),
    FactSpec("ppks", DAFTAR, ORANG, "kategori PPKS yang disandang"),
    # --- family ---
    FactSpec("kode_wilayah", TEKS, KELUARGA, "kode wilayah (desa/kelurahan)"),
    FactSpec("kode_kecamatan", TEKS, KELUARGA, "kode kecamatan"),
    FactSpec("kode_kabkota", TEKS, KELUARGA, "kode kab/kota"),
    FactSpec("anggota", ANGKA, KELUARGA, "jumlah anggota keluarga"),
    FactSpec("tinggal_sendiri", LOGIKA, KELUARGA, "tinggal sendiri (keluarga satu orang)"),
    FactSpec("no_kk_ada", LOGIKA, KELUARGA, "No. KK tercatat (16 angka)"),
    FactSpec(
        "desil", ANGKA, KELUARGA, "desil kesejahteraan (DTSEN bila ada, selain itu desil kita)"
    ),
    FactSpec("desil_dtsen", ANGKA, KELUARGA, "desil DTSEN"),
    FactSpec("desil_pmt", ANGKA, KELUARGA, "desil proxy-means kita (provinsi)"),
    FactSpec("desil_kabkota", ANGKA, KELUARGA, "desil proxy-means kita dalam kab/kota"),
    FactSpec("luas_lantai", ANGKA, KELUARGA, "luas lantai (m²)"),
    FactSpec("status_bangunan", TEKS, KELUARGA, "status bangunan", vocab.STATUS_BANGUNAN),
    FactSpec("status_lahan", TEKS, KELUARGA, "status lahan", vocab.STATUS_LAHAN),
    FactSpec("lantai", TEKS, KELUARGA, "lantai", vocab.LANTAI),
    FactSpec("dinding", TEKS, KELUARGA, "dinding", vocab.DINDING),
    FactSpec("atap", TEKS, KELUARGA, "atap", vocab.ATAP),
    FactSpec("sumber_air", TEKS, KELUARGA, "sumber air minum", vocab.SUMBER_AIR),
    FactSpec("penerangan", TEKS, KELUARGA, "penerangan", vocab.PENERANGAN),
    FactSpec("bahan_bakar_masak", TEKS, KELUARGA, "bahan bakar memasak", vocab.BAHAN_BAKAR),
    FactSpec("fasilitas_bab", TEKS, KELUARGA, "fasilitas buang air besar", vocab.FASILITAS_BAB),
    # Computed per programme with components (PKH): members counted after the caps.
    FactSpec("penerima_komponen", ANGKA, KELUARGA, "anggota penerima komponen (setelah batas)"),
)
FACTS: dict[str, FactSpec] = {f.name: f for f in _FACTS}
PERSON_FACTS = tuple(f.name for f in _FACTS if f.level == ORANG)
FAMILY_FACTS = tuple(
    f.name for f in _FACTS if f.level == KELUARGA and f.name != "penerima_komponen"
)

# Previous aid of a programme (programs.Kepesertaan): the person's or their family's.
AID_FUNCTIONS = {
    "pernah_menerima": (LOGIKA, "pernah menerima {program}"),
    "sedang_menerima": (LOGIKA, "sedang menerima {program}"),
    "tahun_sejak_menerima": (ANGKA, "tahun sejak terakhir mulai menerima {program}"),
}
# A person-level condition gathered over the members of a family.
MEMBER_FUNCTIONS = {
    "jumlah_anggota": "jumlah anggota dengan {syarat}",
    "kepala": "kepala keluarga: {syarat}",
}
OTHER_FUNCTIONS = {"diketahui": "{syarat} diketahui"}
FUNCTIONS = frozenset(AID_FUNCTIONS) | frozenset(MEMBER_FUNCTIONS) | frozenset(OTHER_FUNCTIONS)


def value_label(fact: str, value) -> str:
    """A value as the explanation shows it, in Bahasa Indonesia."""
    if value is None:
        return "tidak diketahui"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    spec = FACTS.get(fact)
    if spec is not None and spec.choices and isinstance(value, str):
        return vocab.label(spec.choices, value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "tidak ada"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

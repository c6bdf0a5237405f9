"""Coded values shared by the registry, the synthetic generator and (later) ingest profiles.

Pure Python. Codes are short lowercase identifiers stored in the database; the
labels are what the Bahasa Indonesia interface shows. The socio-economic codes
follow the Regsosek/DTSEN household questionnaire (Kondisi Perumahan, Aset),
simplified to the categories that rank welfare.
"""

from __future__ import annotations

Choices = tuple[tuple[str, str], ...]

JENIS_KELAMIN: Choices = (("L", "Laki-laki"), ("P", "Perempuan"))

HUBUNGAN_KELUARGA: Choices = (
    ("kepala", "Kepala Keluarga"),
    ("istri", "Istri"),
    ("suami", "Suami"),
    ("anak", "Anak"),
    ("menantu", "Menantu"),
    ("cucu", "Cucu"),
    ("orang_tua", "Orang Tua"),
    ("mertua", "Mertua"),
    ("famili_lain", "Famili Lain"),
    ("lainnya", "Lainnya"),
)

STATUS_PERSON: Choices = (("hidup", "Hidup"), ("meninggal", "Meninggal"), ("pindah", "Pindah"))

# Current schooling (what PKH education components look at) and highest schooling finished.
JENJANG_SEKOLAH: Choices = (
    ("paud", "PAUD/TK"),
    ("sd", "SD/sederajat"),
    ("smp", "SMP/sederajat"),
    ("sma", "SMA/sederajat"),
    ("pt", "Perguruan Tinggi"),
)
PENDIDIKAN_TERTINGGI: Choices = (
    ("tidak_sekolah", "Tidak/belum pernah sekolah"),
    ("tidak_tamat_sd", "Tidak tamat SD"),
    ("sd", "Tamat SD/sederajat"),
    ("smp", "Tamat SMP/sederajat"),
    ("sma", "Tamat SMA/sederajat"),
    ("pt", "Tamat Perguruan Tinggi"),
)

PEKERJAAN: Choices = (
    ("tidak_bekerja", "Tidak bekerja"),
    ("sekolah", "Sekolah"),
    ("mengurus_rt", "Mengurus rumah tangga"),
    ("petani", "Petani/pekebun"),
    ("nelayan", "Nelayan"),
    ("buruh", "Buruh harian lepas"),
    ("pedagang", "Pedagang/wiraswasta"),
    ("karyawan", "Karyawan swasta"),
    ("pns", "PNS/TNI/Polri"),
    ("pensiunan", "Pensiunan"),
    ("lainnya", "Lainnya"),
)

# Functional difficulty (Washington Group style, as in Regsosek); severity is a separate flag.
DISABILITAS: Choices = (
    ("penglihatan", "Kesulitan melihat"),
    ("pendengaran", "Kesulitan mendengar"),
    ("berjalan", "Kesulitan berjalan/naik tangga"),
    ("tangan", "Kesulitan menggunakan tangan/jari"),
    ("mengingat", "Kesulitan mengingat/berkonsentrasi"),
    ("perilaku", "Gangguan perilaku/emosi"),
    ("komunikasi", "Kesulitan berbicara/berkomunikasi"),
    ("mengurus_diri", "Kesulitan mengurus diri sendiri"),
)

PENYAKIT_KRONIS: Choices = (
    ("hipertensi", "Hipertensi"),
    ("diabetes", "Diabetes"),
    ("jantung", "Penyakit jantung"),
    ("paru", "TBC/penyakit paru"),
    ("stroke", "Stroke"),
    ("kanker", "Kanker"),
    ("ginjal", "Gagal ginjal"),
    ("lainnya", "Lainnya"),
)

# --- Household: housing and assets (each list runs from better to worse where it ranks) ---

STATUS_BANGUNAN: Choices = (
    ("milik_sendiri", "Milik sendiri"),
    ("kontrak_sewa", "Kontrak/sewa"),
    ("bebas_sewa", "Bebas sewa/menumpang"),
    ("dinas", "Dinas"),
    ("lainnya", "Lainnya"),
)
STATUS_LAHAN: Choices = (
    ("milik_sendiri", "Milik sendiri"),
    ("milik_orang_lain", "Milik orang lain"),
    ("tanah_negara", "Tanah negara"),
    ("lainnya", "Lainnya"),
)
LANTAI: Choices = (
    ("keramik", "Marmer/granit/keramik"),
    ("ubin", "Ubin/tegel/teraso"),
    ("semen", "Semen/bata merah"),
    ("kayu_kualitas_tinggi", "Kayu/papan kualitas tinggi"),
    ("kayu_kualitas_rendah", "Kayu/papan kualitas rendah"),
    ("bambu", "Bambu"),
    ("tanah", "Tanah"),
)
DINDING: Choices = (
    ("tembok", "Tembok"),
    ("plesteran_anyaman", "Plesteran anyaman bambu/kawat"),
    ("kayu", "Kayu/papan"),
    ("anyaman_bambu", "Anyaman bambu"),
    ("lainnya", "Lainnya (seng, terpal, dll.)"),
)
ATAP: Choices = (
    ("beton", "Beton"),
    ("genteng", "Genteng"),
    ("seng", "Seng/asbes"),
    ("sirap", "Sirap/kayu"),
    ("rumbia", "Jerami/ijuk/daun rumbia"),
)
SUMBER_AIR: Choices = (
    ("kemasan", "Air kemasan/isi ulang"),
    ("ledeng", "Ledeng/PDAM"),
    ("sumur_bor", "Sumur bor/pompa"),
    ("sumur_terlindung", "Sumur terlindung"),
    ("sumur_tak_terlindung", "Sumur tak terlindung"),
    ("air_hujan", "Air hujan"),
    ("sungai", "Sungai/danau"),
)
PENERANGAN: Choices = (
    ("pln_1300_plus", "Listrik PLN ≥ 1.300 VA"),
    ("pln_900", "Listrik PLN 900 VA"),
    ("pln_450", "Listrik PLN 450 VA"),
    ("pln_tanpa_meteran", "Listrik PLN tanpa meteran"),
    ("non_pln", "Listrik non-PLN"),
    ("bukan_listrik", "Bukan listrik"),
)
BAHAN_BAKAR: Choices = (
    ("listrik_gas_besar", "Listrik/gas > 3 kg"),
    ("lpg_3kg", "LPG 3 kg"),
    ("minyak_tanah", "Minyak tanah"),
    ("kayu_bakar", "Kayu bakar/arang"),
    ("tidak_memasak", "Tidak memasak di rumah"),
)
FASILITAS_BAB: Choices = (
    ("sendiri_septik", "Sendiri, dengan tangki septik"),
    ("sendiri_tanpa_septik", "Sendiri, tanpa tangki septik"),
    ("bersama", "Bersama/umum"),
    ("tidak_ada", "Tidak ada"),
)

# Household assets recorded as yes/no.
ASET: Choices = (
    ("aset_lpg", "Tabung gas ≥ 5,5 kg"),
    ("aset_kulkas", "Lemari es/kulkas"),
    ("aset_ac", "AC"),
    ("aset_motor", "Sepeda motor"),
    ("aset_mobil", "Mobil"),
    ("aset_emas", "Emas/perhiasan ≥ 10 gram"),
    ("aset_smartphone", "Telepon pintar"),
    ("aset_komputer", "Komputer/laptop"),
    ("aset_perahu", "Perahu/perahu motor"),
    ("aset_ternak", "Ternak"),
    ("aset_lahan", "Lahan selain yang ditempati"),
)


def codes(choices: Choices) -> tuple[str, ...]:
    """The stored codes of a choice list, in order."""
    return tuple(code for code, _ in choices)


def label(choices: Choices, code: str | None) -> str:
    """The Bahasa Indonesia label for a code ('' for unknown)."""
    return dict(choices).get(code or "", code or "")

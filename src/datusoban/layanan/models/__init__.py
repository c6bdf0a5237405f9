"""Models of the delivery network (see each module)."""

from datusoban.layanan.models.clients import (
    KlienLembaga,
    KunjunganLanjut,
    LayananWarga,
    WargaBinaan,
)
from datusoban.layanan.models.network import Lembaga, PemindahanKPM, Pilar, StafLembaga
from datusoban.layanan.models.training import (
    Pelatihan,
    PesertaPelatihan,
    Sertifikat,
    SesiPelatihan,
)

__all__ = [
    "KlienLembaga",
    "KunjunganLanjut",
    "LayananWarga",
    "Lembaga",
    "Pelatihan",
    "PemindahanKPM",
    "PesertaPelatihan",
    "Pilar",
    "Sertifikat",
    "SesiPelatihan",
    "StafLembaga",
    "WargaBinaan",
]

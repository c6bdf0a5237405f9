"""Models of the delivery network (see each module)."""

from datusoban.services.models.clients import (
    KlienLembaga,
    KunjunganLanjut,
    LayananWarga,
    WargaBinaan,
)
from datusoban.services.models.network import Lembaga, PemindahanKPM, Pilar, StafLembaga
from datusoban.services.models.training import (
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

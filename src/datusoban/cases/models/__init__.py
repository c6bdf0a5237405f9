"""The tables of case reports, grievances and disaster response."""

from datusoban.cases.models.bencana import (
    Bencana,
    CatatanBencana,
    KorbanBencana,
    PenugasanTagana,
    PenyaluranLogistik,
    StokLogistik,
)
from datusoban.cases.models.kasus import (
    BerkasKasus,
    LangkahKasus,
    LaporanKasus,
    Persetujuan,
    Rujukan,
)
from datusoban.cases.models.sanggahan import Sanggahan

__all__ = [
    "Bencana",
    "BerkasKasus",
    "CatatanBencana",
    "KorbanBencana",
    "LangkahKasus",
    "LaporanKasus",
    "PenugasanTagana",
    "PenyaluranLogistik",
    "Persetujuan",
    "Rujukan",
    "Sanggahan",
    "StokLogistik",
]

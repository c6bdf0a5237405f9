"""A training certificate as a printed document: who earned it, for which course, held
where and when, its number and validity, and the signing block of the Kepala Dinas.

A revoked or lapsed certificate still prints (an archive copy), with its state said in
large type, so that a copy cannot pass for a valid one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from datusoban.formatting import tanggal
from datusoban.layanan.models import Sertifikat
from datusoban.pdf import Document
from datusoban.reference.models import Region


def _state(sertifikat: Sertifikat, on: date) -> str:
    if sertifikat.dicabut is not None and sertifikat.dicabut <= on:
        return f"DICABUT sejak {tanggal(sertifikat.dicabut)}"
    if sertifikat.berlaku_sampai < on:
        return f"HABIS MASA BERLAKU sejak {tanggal(sertifikat.berlaku_sampai)}"
    return "Berlaku"


def _region_name(kode: str) -> str:
    return Region.objects.filter(kode=kode).values_list("nama", flat=True).first() or kode


def certificate_pdf(
    sertifikat: Sertifikat, *, nik: str | None, on: date, footer: Sequence[str]
) -> bytes:
    """The certificate as PDF bytes; ``nik`` already masked as the reader's role says."""
    pilar = sertifikat.pilar
    sesi = sertifikat.peserta.sesi
    doc = Document(
        f"Sertifikat {sertifikat.nomor}", subject="Sertifikat pelatihan pilar sosial",
        footer=footer,
    )  # fmt: skip
    doc.space(24)
    doc.title("SERTIFIKAT", f"Nomor: {sertifikat.nomor}")
    state = _state(sertifikat, on)
    if state != "Berlaku":
        doc.paragraph(f"SERTIFIKAT INI {state}", size=13, bold=True, centred=True)
    doc.space(8)
    doc.paragraph("Kepala Dinas Sosial Provinsi Kalimantan Selatan menerangkan bahwa:",
                  centred=True)  # fmt: skip
    doc.space(6)
    doc.paragraph(pilar.nama, size=18, bold=True, centred=True)
    doc.space(6)
    doc.facts(
        [
            ("NIK", nik or "—"),
            ("Peran", pilar.get_peran_display()),
            ("Wilayah tugas", f"{_region_name(pilar.wilayah_id)} ({pilar.wilayah_id})"),
        ]
    )
    held = (
        tanggal(sesi.mulai) if sesi.mulai == sesi.selesai
        else f"{tanggal(sesi.mulai)} sampai dengan {tanggal(sesi.selesai)}"
    )  # fmt: skip
    doc.paragraph(
        f"telah mengikuti dan dinyatakan LULUS {sertifikat.pelatihan.nama}, yang "
        f"diselenggarakan oleh {sesi.penyelenggara} di {sesi.tempat} pada {held}."
    )
    doc.space(4)
    doc.facts(
        [
            ("Tanggal terbit", tanggal(sertifikat.terbit)),
            ("Berlaku sampai", tanggal(sertifikat.berlaku_sampai)),
            ("Keadaan", f"{state} (per {tanggal(on)})"),
        ]
    )
    doc.space(10)
    doc.signature(
        f"Banjarmasin, {tanggal(sertifikat.terbit)}",
        "Kepala Dinas Sosial Provinsi Kalimantan Selatan",
    )
    return doc.finish()

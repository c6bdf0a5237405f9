"""A family's summary as a printed document: the family card (No KK, address), its
members, the programmes it and its members are enrolled in, and the members' PPKS.

The page that prints it decides what the reader may see (the scoping function, masking,
which PPKS categories the role may read) and hands over only that: this module lays it
out and reads nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from datusoban.formatting import angka
from datusoban.pdf import Column, Document


@dataclass(frozen=True)
class FamilySummary:
    no_kk: str | None  # masked as the reader's role says
    alamat: str
    desa: str
    kabkota: str
    # (NIK masked, nama, jenis kelamin, tanggal lahir as text, hubungan)
    members: Sequence[tuple[str, str, str, str, str]]
    # (program, penerima, status, mulai, selesai)
    programmes: Sequence[tuple[str, str, str, str, str]]
    # (nama, kategori, mulai, selesai)
    ppks: Sequence[tuple[str, str, str, str]]
    ppks_hidden: int = 0  # PPKS entries the reader's role may not read


def family_pdf(summary: FamilySummary, *, footer: Sequence[str]) -> bytes:
    doc = Document("Ringkasan keluarga", subject="Ringkasan keluarga", footer=footer)
    doc.title("RINGKASAN KELUARGA", f"No KK {summary.no_kk or '(tanpa No KK)'}")
    doc.facts(
        [
            ("No KK", summary.no_kk or "—"),
            ("Alamat", summary.alamat or "—"),
            ("Desa/kelurahan", summary.desa),
            ("Kabupaten/kota", summary.kabkota or "—"),
        ],
        label_width=120,
    )
    doc.section("Anggota keluarga")
    doc.table(
        [
            Column("NIK", 0.22),
            Column("Nama", 0.32),
            Column("L/P", 0.07),
            Column("Tanggal lahir", 0.17),
            Column("Hubungan", 0.22),
        ],
        summary.members,
        empty="Tidak ada anggota yang dapat Anda lihat.",
    )
    doc.section("Program")
    doc.table(
        [
            Column("Program", 0.34),
            Column("Penerima", 0.22),
            Column("Status", 0.16),
            Column("Mulai", 0.14),
            Column("Selesai", 0.14),
        ],
        summary.programmes,
        empty="Belum ada kepesertaan program yang tercatat.",
    )
    doc.section("PPKS anggota keluarga")
    doc.table(
        [
            Column("Nama", 0.32),
            Column("Kategori PPKS", 0.4),
            Column("Mulai", 0.14),
            Column("Selesai", 0.14),
        ],
        summary.ppks,
        empty="Tidak ada PPKS tercatat yang dapat Anda lihat.",
    )
    if summary.ppks_hidden:
        doc.paragraph(
            f"{angka(summary.ppks_hidden)} catatan PPKS tidak dicetak: kategorinya di luar akses "
            "peran Anda.", size=8.5, muted=True,
        )  # fmt: skip
    return doc.finish()

"""The proposed recipients of a stored allocation as a printed list: the run's figures,
then one row per proposed family or person the reader may see (No KK and NIK as the
reader's role shows them), for the field check and the village meeting before anyone
is enrolled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from datusoban.formatting import angka, rupiah, tanggal, waktu
from datusoban.pdf import Column, Document
from datusoban.sasaran.models import AlokasiAnggaran


@dataclass(frozen=True)
class Recipient:
    """One proposed unit as printed: identifiers already masked for the reader."""

    nama: str  # the person, or the head of the family
    nik: str | None
    no_kk: str | None
    wilayah: str
    status: str


def _amount(run: AlokasiAnggaran, value: int) -> str:
    return rupiah(value) if run.satuan == "rupiah" else angka(value)


def allocation_pdf(
    run: AlokasiAnggaran, recipients: Sequence[Recipient], *, total: int, footer: Sequence[str]
) -> bytes:
    """The list as PDF bytes; ``total`` is how many proposals the reader may see (the
    list may hold fewer: the export's limit)."""
    family = run.sasaran == "keluarga"
    doc = Document(
        f"Daftar usulan penerima alokasi {run.pk}",
        subject=f"Usulan penerima {run.program_id} dari alokasi anggaran", footer=footer,
    )  # fmt: skip
    doc.title(
        f"DAFTAR USULAN PENERIMA {run.program_id}",
        f"Alokasi anggaran #{run.pk} · disimpan {waktu(run.dihitung_pada)} "
        f"oleh {run.dihitung_oleh}",
    )
    budget = "Anggaran" if run.satuan == "rupiah" else "Jumlah penerima"
    doc.facts(
        [
            ("Program", f"{run.program_id} (sasaran: {run.sasaran})"),
            ("Wilayah alokasi", run.wilayah),
            (budget, _amount(run, run.anggaran)),
            ("Tanggal acuan", tanggal(run.tanggal_acuan)),
            ("Aturan", run.versi_aturan),
            ("Dipilih", f"{angka(run.dipilih)} ({angka(run.dipilih_baru)} baru, "
                        f"{angka(run.dipilih_lanjut)} lanjut)"),
            ("Diusulkan (seluruhnya)", angka(run.diusulkan)),
            ("Dalam daftar ini", f"{angka(len(recipients))} dari {angka(total)} dalam "
                                 "cakupan pencetak"),
        ],
        label_width=160,
    )  # fmt: skip
    doc.paragraph(
        "Usulan belum menjadi kepesertaan: setiap calon penerima diverifikasi di lapangan "
        "dan dapat dibahas dalam musyawarah desa/kelurahan sebelum ditetapkan.",
        size=9, muted=True,
    )  # fmt: skip
    if family:
        columns = [Column("No", 0.07, right=True), Column("No KK", 0.22),
                   Column("Kepala keluarga", 0.33), Column("Kode wilayah", 0.2),
                   Column("Status", 0.18)]  # fmt: skip
        rows = [
            [angka(i), r.no_kk or "—", r.nama or "—", r.wilayah, r.status]
            for i, r in enumerate(recipients, start=1)
        ]
    else:
        columns = [Column("No", 0.07, right=True), Column("NIK", 0.22), Column("Nama", 0.33),
                   Column("Kode wilayah", 0.2), Column("Status", 0.18)]  # fmt: skip
        rows = [
            [angka(i), r.nik or "—", r.nama or "—", r.wilayah, r.status]
            for i, r in enumerate(recipients, start=1)
        ]
    doc.table(columns, rows, empty="Tidak ada usulan dalam cakupan Anda.")
    doc.signature("Banjarmasin, ..............................", "Mengetahui,")
    return doc.finish()

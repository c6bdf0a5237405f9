"""A case's referral letter (surat rujukan) as a printed document: to whom the case is
referred, the person concerned (as the reader may see them), what was reported, the
consent recorded before sharing, and who referred it and when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from datusoban.formatting import tanggal, waktu
from datusoban.kasus import policy
from datusoban.kasus.models import Rujukan
from datusoban.pdf import Document


@dataclass(frozen=True)
class Named:
    """The person concerned as the letter prints them: ``nik`` already masked; ``hidden``
    when the person is in the registry but out of the reader's reach."""

    nama: str
    nik: str | None = None
    hidden: bool = False


def receiver(rujukan: Rujukan) -> str:
    if rujukan.program_id:
        return f"{rujukan.program.kode} ({rujukan.program.nama})"
    if rujukan.lembaga_id:
        return rujukan.lembaga.nama
    return rujukan.nama_penerima or "—"


def referral_pdf(rujukan: Rujukan, person: Named, *, footer: Sequence[str]) -> bytes:
    """The letter as PDF bytes."""
    case = rujukan.kasus
    kinds = policy.receiver_kinds()
    kind = kinds.get(rujukan.jenis, {}).get("label", rujukan.jenis)
    doc = Document(
        f"Surat rujukan kasus {case.pk}", subject="Surat rujukan kasus sosial", footer=footer
    )
    doc.title("SURAT RUJUKAN", f"Nomor rujukan {rujukan.pk} · laporan kasus {case.pk}")
    doc.facts([("Kepada", receiver(rujukan)), ("Jenis penerima", kind)], label_width=110)
    doc.paragraph(
        "Dengan hormat, Dinas Sosial Provinsi Kalimantan Selatan merujuk kasus sosial "
        "berikut untuk mendapat penanganan sesuai layanan Saudara."
    )
    doc.section("Orang yang dirujuk")
    if person.hidden:
        doc.paragraph("(data orang ini di luar akses pencetak; lihat berkas kasus)", muted=True)
    else:
        doc.facts([("Nama", person.nama or "—"), ("NIK", person.nik or "—")], label_width=110)
    place = f"{case.desa.nama} ({case.desa_id})" + (f", {case.alamat}" if case.alamat else "")
    doc.section("Kasus")
    urgensi = dict(policy.urgency_choices()).get(case.urgensi, case.urgensi)
    doc.facts(
        [
            ("Kategori PPKS", case.kategori.nama),
            ("Tempat", place),
            ("Urgensi", urgensi),
            ("Dilaporkan", f"{waktu(case.dilaporkan_pada)} oleh {case.nama_pelapor}"),
            ("Uraian", case.uraian),
        ],
        label_width=110,
    )
    doc.section("Persetujuan dan rujukan")
    consent = rujukan.persetujuan
    doc.facts(
        [
            (
                "Persetujuan",
                f"{consent.get_cara_display()} dari {consent.nama_pemberi} ({consent.hubungan}), "
                f"{waktu(consent.diberikan_pada)}" if consent else "tidak diperlukan untuk "
                "penerima di lingkungan pemerintah daerah",
            ),
            ("Catatan", rujukan.catatan or "—"),
            ("Status", rujukan.get_status_display()
             + (f" ({rujukan.alasan})" if rujukan.alasan else "")),
        ],
        label_width=110,
    )  # fmt: skip
    doc.paragraph(
        "Mohon penerima menyampaikan jawaban (diterima atau ditolak, dengan alasannya) "
        "kepada Dinas Sosial agar tercatat pada laporan kasus."
    )
    doc.space(8)
    doc.signature(
        f"Banjarmasin, {tanggal(rujukan.dirujuk_pada)}", "Yang merujuk,", rujukan.dirujuk_oleh
    )
    return doc.finish()

"""A musyawarah desa/kelurahan recorded with the proposals it agreed: several households of
the desa at once, one line each, all stored or none (a line refused names its line)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from datusoban.accounts.scope import scoped
from datusoban.kasus import files
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household
from datusoban.usulan import access, actions, policy
from datusoban.usulan.models import MusyawarahDesa, Usulan

# Kinds a deliberation proposes for households already in the registry; someone new is
# proposed with their data on the new-proposal form, naming the deliberation.
KINDS = ("perubahan", "hapus", "desil")


@dataclass(frozen=True)
class Line:
    nomor: int
    no_kk: str
    jenis: str
    alasan_hapus: str
    keterangan: str


class LineErrorsError(RefusedError):
    """Lines of the list that cannot be proposed, each with its reason; nothing stored."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("baris_tidak_valid", " ".join(errors), 400, field="daftar")
        self.errors = errors


def _code(section: str, text: str) -> str | None:
    """A code of ``section`` typed as its code or its label, in any case."""
    wanted = text.strip().lower()
    for kode, label in policy.rules()[section].items():
        if wanted in (kode, label.lower()):
            return kode
    return None


def parse(text: str) -> tuple[list[Line], list[str]]:
    """Lines "No KK; jenis; keterangan" (for jenis hapus: "No KK; hapus; alasan;
    keterangan"), blank lines skipped; the lines and the messages of those refused."""
    lines, errors = [], []
    for nomor, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split(";")]
        no_kk = re.sub(r"\D", "", parts[0])
        jenis = _code("jenis", parts[1]) if len(parts) > 1 else None
        if len(no_kk) != 16:
            errors.append(f"Baris {nomor}: No. KK harus 16 angka.")
            continue
        if jenis not in KINDS:
            errors.append(
                f"Baris {nomor}: jenis usulan harus perubahan, hapus atau desil "
                "(daftar baru diisi di formulir usulan baru)."
            )
            continue
        alasan, rest = "", parts[2:]
        if jenis == "hapus":
            alasan = _code("alasan_hapus", rest[0]) if rest else None
            if alasan is None:
                errors.append(
                    f"Baris {nomor}: alasan hapus harus meninggal, pindah, mampu atau ganda."
                )
                continue
            rest = rest[1:]
        lines.append(Line(nomor, no_kk, jenis, alasan, "; ".join(rest)))
    if not lines and not errors:
        errors.append("Daftar usulan kosong: tulis satu keluarga per baris.")
    return lines, errors


def _line_number(message: str) -> int:
    found = re.match(r"Baris (\d+)", message)
    return int(found[1]) if found else 0


def record(
    user, *, desa: str, tanggal: date, jumlah_peserta: int, notulen: str, daftar: str,
    berkas: UploadedFile | None = None, request=None,
) -> tuple[MusyawarahDesa, list[Usulan]]:  # fmt: skip
    """The deliberation and one proposal per line, in one transaction."""
    scope = access.required(user, access.ADD, "Peran Anda tidak dapat membuat usulan.")
    if tanggal > timezone.localdate():
        raise RefusedError("tanggal", "Tanggal musyawarah tidak boleh di masa depan.")
    lines, errors = parse(daftar)
    numbers = [x.no_kk for x in lines]
    households = {
        h.no_kk: h
        for h in scoped(user, Household.objects.filter(wilayah_id=desa, no_kk__in=numbers))
    }
    errors += [
        f"Baris {x.nomor}: No. KK itu tidak ditemukan di desa ini dalam cakupan Anda."
        for x in lines
        if x.no_kk not in households
    ]
    if errors:
        raise LineErrorsError(sorted(errors, key=_line_number))
    kind = files.kind_of(berkas) if berkas else ""
    stored = ""
    try:
        with transaction.atomic():
            actions._region(scope, desa)
            if berkas:
                stored, _ = files.store(berkas, kind)
            meeting = MusyawarahDesa.objects.create(
                desa_id=desa, kode_kabkota=desa[:5], tanggal=tanggal,
                jumlah_peserta=jumlah_peserta, notulen=notulen.strip(),
                berkas_notulen=stored, jenis_berkas=kind, dicatat_oleh=user.get_username(),
            )  # fmt: skip
            made = []
            for line in lines:
                household = households[line.no_kk]
                new = actions.NewProposal(
                    jenis=line.jenis, household_id=household.pk, alasan_hapus=line.alasan_hapus,
                    keterangan=line.keterangan or f"Hasil musyawarah desa {tanggal:%d-%m-%Y}",
                    musyawarah_id=meeting.pk, diusulkan_pada=tanggal,
                )  # fmt: skip
                try:
                    made.append(actions.propose(user, new, request=request))
                except RefusedError as refused:
                    errors.append(f"Baris {line.nomor}: {refused.pesan}")
            if errors:
                raise LineErrorsError(errors)
    except BaseException:
        if stored:
            files.path_of(stored).unlink(missing_ok=True)
        raise
    return meeting, made

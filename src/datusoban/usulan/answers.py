"""The national answer to sent proposals: a CSV or XLSX with the proposal id (or the NIK),
padan or tidak padan, the reason and the new DTSEN desil. Every row closes its proposal;
a padan row's desil is applied to the household's ranking (``PeringkatKeluarga.desil_dtsen``,
where the registry keeps DTSEN's desil beside ours). All rows or none: a file with a bad
row stores nothing and names every bad row and what is wrong with it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.formatting import angka
from datusoban.impor.profiles import find_header
from datusoban.impor.reading import ReadError
from datusoban.impor.reading.read import file_sha256, read_table
from datusoban.refusal import RefusedError
from datusoban.sasaran.models import PeringkatKeluarga
from datusoban.usulan import access
from datusoban.usulan.models import JawabanNasional, Usulan

# The columns, by the names a national answer file may give them.
HEADERS = {
    "id_usulan": ("id_usulan", "idusulan", "no_usulan", "id"),
    "nik": ("nomor_nik", "nik", "no_nik"),
    "hasil": ("hasil", "status_padan", "status", "keterangan_padan"),
    "alasan": ("alasan", "keterangan", "alasan_tidak_padan"),
    "desil": ("desil", "desil_dtsen", "desil_nasional"),
}
_RESULTS = {"padan": "padan", "tidak padan": "tidak_padan", "tidak_padan": "tidak_padan",
            "tidakpadan": "tidak_padan"}  # fmt: skip
# Rows of one answer file: beyond this, split the file (a month of a kab/kota's proposals
# is a few thousand).
MAX_ROWS = 100_000


class AnswerRowsError(RefusedError):
    """Rows of the answer that cannot be applied, each with its reason; nothing stored."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:50]
        more = f" … dan {len(errors) - 50} baris lain." if len(errors) > 50 else ""
        super().__init__("baris_jawaban", " ".join(shown) + more, 400, field="berkas")
        self.errors = errors


@dataclass(frozen=True)
class Outcome:
    jawaban: JawabanNasional
    padan: int
    tidak_padan: int
    desil: int


def _columns(headers: list[str]) -> dict[str, str]:
    found = {name: find_header(headers, names) for name, names in HEADERS.items()}
    if not found["hasil"] or not (found["id_usulan"] or found["nik"]):
        raise RefusedError(
            "kolom_jawaban",
            "Berkas jawaban harus punya kolom hasil (padan / tidak padan) dan kolom id_usulan "
            "atau NIK. Kolom yang ada: " + ", ".join(headers) + ".",
            field="berkas",
        )
    return {k: v for k, v in found.items() if v}


def _text(row: dict, column: str | None) -> str:
    return (row.get(column) or "").strip() if column else ""


def _read(path: Path, name: str) -> tuple[pl.DataFrame, list[int], dict[str, str]]:
    try:
        table = read_table(path, header_hint=("hasil", "id_usulan", "nik"))
    except ReadError as exc:
        raise RefusedError(exc.code, exc.message.replace(path.name, name), field="berkas") from exc
    if table.frame.height > MAX_ROWS:
        raise RefusedError(
            "terlalu_banyak", f"Lebih dari {angka(MAX_ROWS)} baris: pecah berkasnya."
        )
    return table.frame, table.row_numbers.to_list(), _columns(list(table.frame.columns))


def _by_nik(candidates: list[Usulan]) -> dict[str, list[Usulan]]:
    found: dict[str, list[Usulan]] = {}
    for u in candidates:
        if u.nik:
            found.setdefault(u.nik, []).append(u)
    return found


def apply(user, path: Path, name: str, *, request=None) -> Outcome:
    """Read the answer file at ``path`` (as uploaded under ``name``) and apply it whole."""
    scope = access.required(user, access.SEND, "Peran Anda tidak dapat mencatat jawaban nasional.")
    frame, numbers, cols = _read(path, name)
    errors: list[str] = []
    today = timezone.localdate()
    with transaction.atomic():
        sent = {
            u.pk: u
            for u in access.proposals_for(user)
            .filter(status="dikirim")
            .only("pk", "nik", "household_id")
            .select_for_update()
        }
        by_nik = _by_nik(list(sent.values()))
        taken: dict[int, int] = {}
        changes: list[tuple[Usulan, str, str, int | None]] = []
        for number, row in zip(numbers, frame.iter_rows(named=True), strict=True):
            where = f"Baris {number}:"
            ident, nik = (
                _text(row, cols.get("id_usulan")),
                re.sub(r"\D", "", _text(row, cols.get("nik"))),
            )
            usulan = None
            if ident:
                if not ident.isdigit() or int(ident) not in sent:
                    errors.append(f"{where} usulan {ident} tidak ada di antara usulan terkirim "
                                  "yang menunggu jawaban dalam cakupan Anda.")  # fmt: skip
                    continue
                usulan = sent[int(ident)]
            elif nik:
                matches = by_nik.get(nik, [])
                if len(matches) != 1:
                    errors.append(
                        f"{where} NIK itu " + ("tidak cocok dengan usulan terkirim yang menunggu "
                        "jawaban." if not matches else "ada pada beberapa usulan: isi id_usulan.")
                    )  # fmt: skip
                    continue
                usulan = matches[0]
            else:
                errors.append(f"{where} id_usulan dan NIK kosong.")
                continue
            if usulan.pk in taken:
                errors.append(
                    f"{where} usulan {usulan.pk} sudah dijawab di baris {taken[usulan.pk]}."
                )
                continue
            taken[usulan.pk] = number
            result = _RESULTS.get(re.sub(r"\s+", " ", _text(row, cols["hasil"]).lower()))
            if result is None:
                errors.append(f"{where} hasil harus “padan” atau “tidak padan”.")
                continue
            reason = _text(row, cols.get("alasan"))
            if result == "tidak_padan" and not reason:
                errors.append(f"{where} alasan tidak padan wajib diisi.")
                continue
            desil_text = _text(row, cols.get("desil"))
            desil = None
            if desil_text:
                cleaned = desil_text.removesuffix(".0")
                if not cleaned.isdigit() or not 1 <= int(cleaned) <= 10:
                    errors.append(
                        f"{where} desil harus angka 1 sampai 10, tertulis “{desil_text}”."
                    )
                    continue
                if result != "padan":
                    errors.append(f"{where} desil hanya diberikan untuk usulan yang padan.")
                    continue
                desil = int(cleaned)
            changes.append((usulan, result, reason[:300], desil))
        if not errors and not changes:
            errors.append("Berkas jawaban tidak berisi baris.")
        if errors:
            raise AnswerRowsError(errors)
        answer = JawabanNasional.objects.create(
            nama_berkas=name[:255], sha256=file_sha256(path), diimpor_oleh=user.get_username(),
            wilayah=scope.wilayah, jumlah_baris=len(changes),
        )  # fmt: skip
        # One UPDATE per distinct answer (padan with each desil, each reason of tidak padan),
        # a thousand proposals at a time: a file of 10,000 rows holds a few dozen answers.
        groups: dict[tuple[str, str, int | None], list[int]] = {}
        households: dict[int, int] = {}
        for usulan, result, reason, desil in changes:
            groups.setdefault((result, reason, desil), []).append(usulan.pk)
            if desil is not None and usulan.household_id:
                households[usulan.household_id] = desil
        for (result, reason, desil), pks in groups.items():
            for start in range(0, len(pks), 1000):
                Usulan.objects.filter(pk__in=pks[start : start + 1000]).update(
                    status=result, hasil_nasional=result, alasan_nasional=reason,
                    desil_dtsen=desil, jawaban=answer, dijawab_pada=today,
                )  # fmt: skip
        applied = _apply_desil(households)
        answer.padan = sum(1 for c in changes if c[1] == "padan")
        answer.tidak_padan = len(changes) - answer.padan
        answer.desil_diterapkan = applied
        answer.save(update_fields=["padan", "tidak_padan", "desil_diterapkan"])
        record(
            request, Aksi.UBAH, "usulan", [(str(c[0].pk), c[0].nik) for c in changes], user=user,
            rincian={"langkah": "jawaban_nasional", "jawaban": answer.pk},
        )  # fmt: skip
    return Outcome(answer, answer.padan, answer.tidak_padan, applied)


def _apply_desil(households: dict[int, int]) -> int:
    """DTSEN's new desil on each household's stored ranking rows (every model version);
    the number of households that had one."""
    by_desil: dict[int, list[int]] = {}
    for household, desil in households.items():
        by_desil.setdefault(desil, []).append(household)
    touched = set()
    for desil, ids in by_desil.items():
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            rows = PeringkatKeluarga.objects.filter(household_id__in=chunk)
            touched |= set(rows.values_list("household_id", flat=True))
            rows.update(desil_dtsen=desil)
    return len(touched)

"""Tarik batch: withdraw a batch imported under the wrong profile or source, all or nothing.

In one transaction: the apps that built on the batch's source records undo their part
(registry.withdrawal.batch_withdrawing; linkage removes the persons that existed only
through them, chooses the golden values of the others again, cleans households and the
review queue) or refuse; then the batch's source records, quarantined rows and in-file
duplicates are removed, the quarantined rows of earlier batches that it had closed are
open again, and the batch is marked withdrawn (``ditarik``: who, when, why) with one
audit row. The batch itself stays, as the record of what was imported and withdrawn; the
same file can then be imported again under the right profile and source.

Who may withdraw: whoever may import under the batch's source (authority.check_import),
from the batch page or the API; ``datusoban tarik-batch`` on the command line (shell
access) is not asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.impor.authority import check_import, may_import
from datusoban.impor.models import DuplicateRow, QuarantinedRow
from datusoban.registri.models import ImportBatch, SourceRecord
from datusoban.registri.withdrawal import WithdrawalRefusedError, batch_withdrawing

__all__ = ["WithdrawalRefusedError", "check_withdraw", "may_withdraw", "withdraw_batch"]


@dataclass
class Withdrawn:
    batch_id: int
    records: int
    quarantined: int
    duplicates: int
    reopened: int
    undone: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "batch_id": self.batch_id, "rekaman": self.records, "karantina": self.quarantined,
            "duplikat": self.duplicates, "karantina_dibuka_lagi": self.reopened, **self.undone,
        }  # fmt: skip

    def message(self) -> str:
        text = (
            f"Batch {self.batch_id} ditarik: {self.records} baris diterima, {self.quarantined} "
            f"baris karantina dan {self.duplicates} baris duplikat dihapus"
        )
        if self.undone.get("orang_dihapus") or self.undone.get("orang_dipilih_ulang"):
            text += (
                f"; {self.undone.get('orang_dihapus', 0)} orang yang hanya berasal dari batch "
                f"ini dihapus dari registri, nilai {self.undone.get('orang_dipilih_ulang', 0)} "
                "orang lain dipilih ulang"
            )
        if self.reopened:
            text += f"; {self.reopened} baris karantina batch lain dibuka kembali"
        return text + "."


def check_withdraw(user, batch: ImportBatch) -> None:
    """Raise ImportNotAllowedError unless ``user`` may withdraw ``batch``: as for importing
    under its source."""
    check_import(user, batch.source)


def may_withdraw(user, batch: ImportBatch) -> bool:
    """Whether to offer ``user`` the withdrawal of ``batch`` (a finished batch only)."""
    return batch.status == ImportBatch.Status.SELESAI and may_import(user, batch.source)


def withdraw_batch(batch: ImportBatch, *, by, reason: str, request=None) -> Withdrawn:
    """Withdraw ``batch`` for ``reason``, by ``by`` (a user, or a name on the command line);
    raises WithdrawalRefusedError, with nothing changed, where it cannot be done safely."""
    reason = " ".join(reason.split())[:500]
    if not reason:
        raise WithdrawalRefusedError("Alasan penarikan batch wajib diisi.")
    name = by if isinstance(by, str) else by.get_username()
    with transaction.atomic():
        # Locked: an import closing its quarantine, a link run or a second withdrawal of
        # the same batch waits for this one (PostgreSQL; SQLite writes one at a time).
        locked = ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
        if locked is None or locked.status != ImportBatch.Status.SELESAI:
            raise WithdrawalRefusedError(
                f"Batch {batch.pk} tidak dapat ditarik: hanya batch yang selesai diimpor "
                "(belum ditarik) yang dapat ditarik."
            )
        undone: dict[str, int] = {}
        for _receiver, outcome in batch_withdrawing.send(sender=ImportBatch, batch=locked):
            undone |= outcome or {}
        reopened = QuarantinedRow.objects.filter(diperbaiki_oleh=locked).update(
            status=QuarantinedRow.Status.TERBUKA, diperbaiki_oleh=None
        )
        outcome = Withdrawn(
            batch_id=locked.pk,
            records=SourceRecord.objects.filter(batch=locked).delete()[0],
            quarantined=QuarantinedRow.objects.filter(batch=locked).delete()[0],
            duplicates=DuplicateRow.objects.filter(batch=locked).delete()[0],
            reopened=reopened,
            undone=undone,
        )
        locked.status = ImportBatch.Status.DITARIK
        locked.ditarik_oleh, locked.ditarik_pada, locked.alasan_tarik = name, timezone.now(), reason
        locked.save(update_fields=["status", "ditarik_oleh", "ditarik_pada", "alasan_tarik"])
        done = {"tindakan": "tarik_batch", "oleh": name, "alasan": reason, **outcome.as_json()}
        record(
            request, Aksi.UBAH, "batch_impor", [(str(locked.pk), None)], rincian=done,
            user=None if isinstance(by, str) else by,
        )  # fmt: skip
    return outcome

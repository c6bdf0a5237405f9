"""The one background task of the operator jobs: run the job of its kind (kinds.py) for
the user who started it, writing progress and outcome to the job's progress file (the
import's, impor/progress.py: a job's transaction keeps its own writes out of sight, and a
file that stops being touched tells of a dead worker)."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django_tasks import TaskContext, task

from datusoban.impor.progress import ProgressFile
from datusoban.pekerjaan.kinds import KINDS
from datusoban.penautan.errors import LinkInputError
from datusoban.refusal import RefusedError
from datusoban.sasaran.allocation import AllocationError
from datusoban.sasaran.eligibility_services import UnknownProgrammeError
from datusoban.sasaran.rules.loader import RuleFileError

log = logging.getLogger(__name__)

SYSTEM_FAILURE = (
    "Pekerjaan gagal karena kesalahan sistem; perubahannya dibatalkan seluruhnya. Coba lagi "
    "nanti; bila terulang, hubungi admin dengan kode pekerjaan ini."
)


def refusal_of(exc: Exception) -> tuple[str, str] | None:
    """(kode, pesan) of an error the operator can act on; None: our fault."""
    if isinstance(exc, RefusedError):
        return exc.kode, exc.pesan
    if isinstance(exc, AllocationError):
        return exc.kode, exc.pesan
    if isinstance(exc, LinkInputError):
        return "penautan_ditolak", str(exc)
    if isinstance(exc, (UnknownProgrammeError, RuleFileError)):
        return "aturan_ditolak", str(exc)
    return None


@task(takes_context=True)
def run_job(
    context: TaskContext,
    *,
    jenis: str,
    params: dict,
    judul: str,
    kunci: str,
    user: str,
    user_id: int | None,
    wilayah: str,
) -> dict:
    """Run one job; {"hasil": the kind's result} or {"ditolak": {"kode", "pesan"}}.

    ``judul``, ``kunci``, ``user`` and ``wilayah`` are kept in the task's arguments for the
    history and the scope (jobs.py); the user is authorised again here, as their role or
    region may have changed since the job was queued.
    """
    kind = KINDS[jenis]
    with ProgressFile(context.task_result.id) as progress:
        progress.update(kind.tahap, 0, 1)
        try:
            who = _user(user_id)
            kind.check(who, params)
            kind.validate(params)
            outcome = kind.run(who, params)
        except Exception as exc:
            refused = refusal_of(exc)
            if refused is None:
                log.exception("job %s (%s) failed", context.task_result.id, jenis)
                progress.fail(SYSTEM_FAILURE)
                raise
            progress.refuse(*refused)
            return {"ditolak": {"kode": refused[0], "pesan": refused[1]}}
        except BaseException:
            progress.fail(SYSTEM_FAILURE)
            raise
        progress.update(kind.tahap, 1, 1)
        progress.finish(outcome)
    return {"hasil": outcome}


def _user(user_id: int | None):
    found = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return found or AnonymousUser()

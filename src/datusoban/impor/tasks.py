"""Background jobs of the ingest app: Django tasks on the database backend, run by
`datusoban worker` (and by the worker `datusoban serve` starts beside the web app)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django_tasks import TaskContext, task

from datusoban import scratch
from datusoban.impor.authority import ImportNotAllowedError
from datusoban.impor.mapping import MissingColumnsError
from datusoban.impor.profiles import UnknownProfileError
from datusoban.impor.progress import ProgressFile
from datusoban.impor.reading import ReadError
from datusoban.impor.services import import_file
from datusoban.impor.sources import SourceError

log = logging.getLogger(__name__)

# What the operator can act on; anything else is our fault and keeps its traceback
# in the task result for an administrator, never on the page.
OPERATOR_ERRORS = (
    ReadError, MissingColumnsError, SourceError, UnknownProfileError, ImportNotAllowedError,
)  # fmt: skip
_CODES = {SourceError: "sumber_tidak_jelas", UnknownProfileError: "profil_tidak_dikenal"}
SYSTEM_FAILURE = (
    "Impor gagal karena kesalahan sistem; tidak ada data yang disimpan. "
    "Coba unggah ulang; bila terulang, hubungi admin dengan kode tugas ini."
)


def uploads_dir() -> Path:
    """Where uploaded files wait for their import: ``$DATUSOBAN_HOME/uploads``."""
    path = Path(settings.HOME) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_upload_path(suffix: str, *, read_here: bool = False) -> Path:
    """A fresh file name under uploads_dir(); the operator's own name is never part of it.

    A file this process imports itself (`read_here`: the API's upload) is named
    after the process too, so that if the process dies before removing it, a
    later start sees whose it was and removes it (workers.sweep).
    """
    owner = f"p{scratch.process_tag()}-" if read_here else ""
    return uploads_dir() / f"{owner}{uuid.uuid4().hex}{suffix}"


def error_code(exc: Exception) -> str:
    return str(getattr(exc, "code", None) or _CODES.get(type(exc), "berkas_ditolak"))


@task(takes_context=True)
def import_upload(
    context: TaskContext,
    path: str,
    *,
    file_name: str,
    profile: str,
    user: str,
    source: str | None = None,
    importer_id: int | None = None,
    wilayah: str | None = None,
) -> dict:
    """Import one uploaded file; progress goes to the job's progress file.

    Returns {"hasil": ImportResult} or, for a file refused before anything was
    stored, {"ditolak": {"kode", "pesan"}}. The upload is deleted either way:
    personal data should not linger outside the database.
    """
    stored = Path(path)
    if stored.parent.resolve() != uploads_dir().resolve():
        # Only files the upload page stored are imported (and then deleted).
        raise ValueError(f"not an uploaded file: {path}")
    with ProgressFile(context.task_result.id) as progress:
        try:
            # Authorised again where the source is resolved (``wilayah``, the source's
            # region when the job was queued, is kept for the job's visibility): the
            # user's role or region may have changed, or the source been made meanwhile.
            result = import_file(
                stored,
                profile=profile,
                user=user,
                source=source,
                file_name=file_name,
                progress=progress.update,
                importer=_importer(importer_id),
            )
        except OPERATOR_ERRORS as exc:
            # Messages name the file: the operator's name, not the stored one.
            message = str(exc).replace(stored.name, file_name)
            progress.refuse(error_code(exc), message)
            return {"ditolak": {"kode": error_code(exc), "pesan": message}}
        except BaseException:
            log.exception("import job %s failed", context.task_result.id)
            progress.fail(SYSTEM_FAILURE)
            raise
        finally:
            stored.unlink(missing_ok=True)
        progress.finish(result.as_json())
    return {"hasil": result.as_json()}


def _importer(importer_id: int | None):
    """The user who queued the job; an anonymous one (refused by every check) when the job
    names none or the user is gone."""
    found = get_user_model().objects.filter(pk=importer_id).first() if importer_id else None
    return found or AnonymousUser()

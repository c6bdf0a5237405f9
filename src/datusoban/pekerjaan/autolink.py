"""Linking after an import, for sources set to it (models.TautanOtomatis): when the worker
finishes an import of such a source, the linking of its batch is queued as a job of the
user who uploaded it, as if they had pressed the button on the batch page.

The receiver runs in the worker inside django_tasks' own bookkeeping of the import: an
error here must not turn the finished import into a failed one, so it is logged and the
batch waits for the button.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django_tasks import TaskResult, TaskResultStatus

from datusoban.pekerjaan.models import TautanOtomatis
from datusoban.refusal import RefusedError
from datusoban.registri.models import ImportBatch

log = logging.getLogger(__name__)
# The import task by its path, not by importing it: this module is loaded when the app
# is ready, in every process, and the import and job modules bring Polars, NumPy,
# Splink and DuckDB (half a second of every command's start otherwise).
IMPORT_TASK = "datusoban.impor.tasks.import_upload"


def after_import(sender, task_result: TaskResult, **kwargs) -> None:
    """task_finished receiver: queue the linking of a new batch of an auto-linked source."""
    try:
        if task_result.task.module_path != IMPORT_TASK:
            return
        if task_result.status != TaskResultStatus.SUCCESSFUL:
            return
        queue_link(task_result.return_value or {}, task_result.kwargs.get("importer_id"))
    except Exception:
        log.exception("automatic linking after import %s not queued", task_result.id)


def queue_link(outcome: dict, importer_id: int | None) -> str | None:
    """The link job queued for the import ``outcome`` (import_upload's return value), or
    None when there is nothing to queue."""
    found = outcome.get("hasil") or {}
    if not found.get("batch_id") or found.get("already_imported"):
        return None
    batch = ImportBatch.objects.filter(pk=found["batch_id"]).first()
    if batch is None or not TautanOtomatis.objects.filter(source_id=batch.source_id).exists():
        return None
    user = get_user_model().objects.filter(pk=importer_id).first() if importer_id else None
    if user is None:
        return None
    from datusoban.pekerjaan.jobs import start  # only when there is a batch to link

    try:
        return start(user, "tautkan", {"batch": batch.pk})
    except RefusedError as refused:
        log.info("batch %s not linked automatically: %s", batch.pk, refused.pesan)
        return None

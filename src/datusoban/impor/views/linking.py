"""Linking a batch into the registry from its page: how many of its records wait, the
button that starts the linking job (pekerjaan), and the source's setting to link each of
its imports by itself once it finishes (pekerjaan.models.TautanOtomatis).

Who may: the users who may import under the batch's source (impor.authority), since
linking writes the registry as the import did.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from datusoban.impor.authority import ImportNotAllowedError, check_import, visible_sources
from datusoban.pekerjaan.jobs import pending
from datusoban.pekerjaan.kinds import unlinked
from datusoban.pekerjaan.models import TautanOtomatis
from datusoban.registri.models import ImportBatch, SourceRecord
from datusoban.web.permissions import refused, viewer_required


def linking_context(batch: ImportBatch, may_link: bool) -> dict:
    """What the batch page shows about linking (``may_link``: the user may import under
    the batch's source)."""
    waiting = unlinked(batch)
    return {
        "tautan": {
            "rekaman": SourceRecord.objects.filter(batch=batch).count(),
            "belum": waiting,
            "pekerjaan": pending("tautkan", {"batch": batch.pk}),
            "boleh": may_link and batch.status == ImportBatch.Status.SELESAI and waiting > 0,
            "otomatis": TautanOtomatis.objects.filter(source_id=batch.source_id).exists(),
            "boleh_atur": may_link,
        }
    }


@viewer_required
@require_POST
def auto_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn the source's automatic linking on (``aktif=1``) or off, for users who may
    import under it; back to the batch page it was set from (``batch``)."""
    source = get_object_or_404(visible_sources(request.user), pk=pk)
    try:
        check_import(request.user, source)
    except ImportNotAllowedError as exc:
        return refused(request, str(exc))
    on = request.POST.get("aktif") == "1"
    with transaction.atomic():
        if on:
            TautanOtomatis.objects.update_or_create(
                source=source, defaults={"diubah_oleh": request.user.get_username()}
            )
        else:
            TautanOtomatis.objects.filter(source=source).delete()
    if on:
        messages.success(
            request, f"Setiap impor dari sumber {source.nama} kini ditautkan ke registri "
            "otomatis setelah selesai.",
        )  # fmt: skip
    else:
        messages.success(
            request, f"Impor dari sumber {source.nama} tidak lagi ditautkan otomatis; tautkan "
            "setiap batch dengan tombolnya di halaman batch.",
        )  # fmt: skip
    back = request.POST.get("batch", "")
    batch = ImportBatch.objects.filter(pk=back, source=source).first() if back.isdigit() else None
    return redirect("web:batch", pk=batch.pk) if batch else redirect("web:impor")

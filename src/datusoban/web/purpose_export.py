"""A file of personal data behind a stated purpose: one flow for the exports that have no
search form of their own (lists of workers, their caseloads, who is due for training) and
for the printed documents that name people (a certificate, a referral letter, an
allocation list, a family's summary).

GET shows how many people the file holds and asks the purpose; POST, with the purpose,
returns the file and writes one audit row per person in it (aksi ``ekspor``, the purpose
on each row). Only roles with ``ekspor`` get either (roles.toml); a file holds at most
``limit`` people, and says so when there were more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scope_of
from datusoban.web.export_form import PurposeForm

# A province holds a few thousand workers; a file of more would be a mistake or a leak.
LIMIT = 20_000


@dataclass(frozen=True)
class Export:
    kind: str  # the purposes' section in tujuan_ekspor.toml
    title: str  # what the file is, for the page ("Daftar pilar sosial")
    objek: str  # what the audit rows name
    back: str  # the page the user came from
    berkas: str = "XLSX"  # the kind of file, for the button ("Unduh PDF")


def export_with_purpose(
    request: HttpRequest,
    export: Export,
    subjects: Sequence[tuple[str, str | None]],
    build: Callable[[int], HttpResponse],
    *,
    limit: int = LIMIT,
) -> HttpResponse:
    """The purpose page (GET, or POST without a valid purpose) or the file: ``build(n)``
    makes the response of the first ``n`` of ``subjects`` ((id, NIK) of each person in
    the file, in the file's order)."""
    scope = scope_of(request.user)
    context = {"export": export, "found": len(subjects), "limit": limit}
    if scope is None or not scope.role.ekspor:
        return render(request, "web/ekspor.html", {**context, "refused": True}, status=403)
    purpose = PurposeForm(request.POST if request.method == "POST" else None, kind=export.kind)
    context |= {"purpose": purpose, "exported": min(len(subjects), limit)}
    if request.method != "POST" or not purpose.is_valid() or not subjects:
        refused = request.method == "POST" and not purpose.is_valid()
        return render(request, "web/ekspor.html", context, status=400 if refused else 200)
    shown = subjects[:limit]
    response = build(len(shown))
    record(
        request, Aksi.EKSPOR, export.objek, shown, tujuan=purpose.purpose(),
        rincian={"berkas": export.title, "ditemukan": len(subjects), "diekspor": len(shown)},
    )  # fmt: skip
    return response

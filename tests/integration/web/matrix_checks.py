"""What the route matrix checks in every answer: the text of any kind of response, what in
it a user must not see, and whether each person it shows was written to the audit trail."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

from datusoban.accounts.masking import mask_identifier
from datusoban.accounts.roles import Role

from .matrix_world import KOTA, PROVINSI, SENTINELS, Sentinel

# Health data of the world's people: Rizky's disability as recorded, and the assistive
# device in his source row as received. (A PPKS category's name alone is not: the case
# form lists every category, and reports count them.)
HEALTH_MARKERS = ("Kesulitan berjalan", "KURSI RODA")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Values the user typed come back in their own form fields: their input, not a finding.
_TYPED = re.compile(r'value="[^"]*"|<textarea[^>]*>[^<]*</textarea>')


def text_of(response) -> str:
    """Everything a response says, as text: a page, JSON, a spreadsheet's cells, a PDF's text."""
    kind = response.get("Content-Type", "").split(";")[0]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == XLSX:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        cells = (
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        return "\n".join(cells)
    if kind == "application/pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if kind == "application/json":
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            return body.decode("utf-8", "replace")
    if kind.startswith("image/"):
        return ""
    return _TYPED.sub("", body.decode("utf-8", "replace"))


def _forms(who: Sentinel, *, family: bool = True) -> list[str]:
    """How a sentinel shows: names, NIK (and the family's No KK) in full and masked."""
    shown = list(who.names)
    for identifier in who.identifiers if family else (who.nik,):
        shown += [identifier, mask_identifier(identifier)]
    return shown


def disclosed(text: str) -> set[str]:
    """Keys of the sentinels ``text`` shows as a person: by name or NIK, full or masked."""
    return {s.key for s in SENTINELS if any(f in text for f in _forms(s, family=False))}


def without_typed(text: str, typed: list[str]) -> str:
    """``text`` without what the user typed: a NIK looked up is their input, not a finding."""
    for value in typed:
        text = text.replace(value, "").replace(mask_identifier(value), "")
    return text


@dataclass(frozen=True)
class Viewer:
    role: Role | None  # None: anonymous
    wilayah: str | None


def sentinel(key: str) -> Sentinel:
    return next(s for s in SENTINELS if s.key == key)


def may_see(viewer: Viewer, who: Sentinel) -> bool:
    if viewer.role is None:
        return False
    in_region = viewer.wilayah == PROVINSI or who.kabkota == viewer.wilayah
    return in_region and (not who.child or viewer.role.data_anak)


def leaks(viewer: Viewer, text: str) -> list[str]:
    """What ``text`` shows that this viewer must not see."""
    found = []
    for who in SENTINELS:
        if not may_see(viewer, who):
            found += [f"{who.key}: {form}" for form in _forms(who) if form in text]
        elif not viewer.role.nik_penuh:
            found += [f"{who.key}: full {i}" for i in who.identifiers if i in text]
    if viewer.role is None or not viewer.role.data_kesehatan:
        found += [f"health: {marker}" for marker in HEALTH_MARKERS if marker in text]
    if viewer.wilayah == KOTA:
        found += [f"region row: {m}" for m in ('data-kode="63.72"><th',) if m in text]
    return found


def audit_gaps(text: str, audited_niks: set[str]) -> list[str]:
    """Sentinels ``text`` shows without an audit row naming them."""
    return sorted(key for key in disclosed(text) if sentinel(key).nik not in audited_niks)

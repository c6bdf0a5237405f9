"""Photos of a case and evidence of a grievance: checked by their first bytes and size, kept
under ``$DATUSOBAN_HOME/berkas`` with a generated name, and read back only through a
view that checks the user's scope first (never a public static file)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from datusoban.kasus.policy import file_rules
from datusoban.refusal import RefusedError

# What each accepted kind starts with: the name alone proves nothing.
_MAGIC = {"jpg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",), "pdf": (b"%PDF-",)}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


def folder() -> Path:
    path = Path(settings.HOME) / "berkas"
    path.mkdir(parents=True, exist_ok=True)
    return path


def kind_of(uploaded: UploadedFile) -> str:
    """The file's kind (jpg, png, pdf) or RefusedError with the reason for the user."""
    name = Path(uploaded.name or "berkas").name
    rules = file_rules()
    if not uploaded.size:
        raise RefusedError("berkas_kosong", f"Berkas {name} kosong.")
    if uploaded.size > rules["maks_mib"] * 2**20:
        raise RefusedError("berkas_besar", f"Berkas {name} melebihi batas {rules['maks_mib']} MiB.")
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for kind in rules["jenis"]:
        if head.startswith(_MAGIC[kind]):
            return kind
    raise RefusedError(
        "jenis_berkas",
        f"Berkas {name} bukan foto JPG/PNG atau PDF; hanya jenis itu yang dapat dilampirkan.",
    )


def store(uploaded: UploadedFile, kind: str) -> tuple[str, str]:
    """Write the upload under a fresh name; returns (generated name, the uploader's name)."""
    name = f"{uuid.uuid4().hex}.{kind}"
    uploaded.seek(0)
    with (folder() / name).open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return name, Path(uploaded.name or "berkas").name[:200]


def path_of(jalur: str) -> Path:
    # Generated names only: a stored name never holds a separator.
    if "/" in jalur or "\\" in jalur or jalur.startswith("."):
        raise ValueError(jalur)
    return folder() / jalur

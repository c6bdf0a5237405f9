"""An uploaded file, checked cheaply before it is queued, then stored under a generated name.

The full checks happen in the import itself; these catch at once, while the
operator is still on the page, what needs no reading: a wrong extension, an
empty or oversized file, a picture or a PDF named .csv, an .xlsx that is not one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from datusoban.formatting import angka
from datusoban.impor.reading import ReadError
from datusoban.impor.reading.detect import ZIP_MAGIC, file_kind, refuse_binary
from datusoban.impor.tasks import new_upload_path

_PROBE_BYTES = 64 * 1024


class UploadRefusedError(Exception):
    """The file is refused before queuing; the message is for the operator."""


def operator_name(uploaded: UploadedFile) -> str:
    """The file's name as the operator knows it (shown, never used as a path)."""
    return Path(uploaded.name or "berkas").name[:200] or "berkas"


def check_upload(uploaded: UploadedFile, max_bytes: int) -> None:
    """Raise UploadRefusedError with a message in Bahasa Indonesia for a file not worth queuing."""
    name = operator_name(uploaded)
    try:
        kind = file_kind(Path(name))
    except ReadError as exc:
        raise UploadRefusedError(str(exc)) from None
    if not uploaded.size:
        raise UploadRefusedError(
            f"Berkas {name} kosong (0 byte); periksa apakah berkas yang benar sudah dipilih."
        )
    if uploaded.size > max_bytes:
        raise UploadRefusedError(
            f"Berkas {name} berukuran {angka(uploaded.size / 2**20, 0)} MiB, melebihi batas unggah "
            f"{angka(max_bytes / 2**20, 0)} MiB; pecah menjadi beberapa berkas lalu unggah satu "
            "per satu."
        )
    uploaded.seek(0)
    head = uploaded.read(_PROBE_BYTES)
    uploaded.seek(0)
    if kind == "xlsx":
        if not head.startswith(ZIP_MAGIC):
            raise UploadRefusedError(
                f"Berkas {name} bukan berkas Excel .xlsx yang utuh; buka di Excel lalu simpan "
                "ulang sebagai .xlsx, atau unggah sebagai CSV."
            )
        return
    try:
        refuse_binary(name, head)
    except ReadError as exc:
        raise UploadRefusedError(str(exc)) from None
    if uploaded.size <= _PROBE_BYTES and not head.strip():
        raise UploadRefusedError(
            f"Berkas {name} kosong (hanya berisi spasi atau baris kosong); periksa apakah "
            "berkas yang benar sudah dipilih."
        )


def store_upload(uploaded: UploadedFile) -> Path:
    """Copy the upload to a fresh name under $DATUSOBAN_HOME/uploads; returns the path."""
    path = new_upload_path(Path(operator_name(uploaded)).suffix.lower())
    uploaded.seek(0)
    with path.open("wb") as out:
        shutil.copyfileobj(uploaded, out, length=1 << 20)
    return path

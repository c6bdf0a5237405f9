"""The "Keterangan" sheet every export of personal data carries: what the file is, who
made it when and why, how much of what was found it holds, and what the role withheld."""

from __future__ import annotations

import polars as pl
from django.http import HttpRequest
from django.utils import formats, timezone

from datusoban.accounts.roles import Role
from datusoban.formatting import angka


def _number(value: int) -> str:
    return angka(value)


def export_notes(
    request: HttpRequest,
    role: Role,
    *,
    report: str,
    purpose: str,
    found: tuple[str, int],
    exported: int,
    limit: int,
    unit: str,
    rest: str,
    extra: tuple[tuple[str, str], ...] = (),
    health_withheld: str = "tidak disertakan (peran)",
) -> pl.DataFrame:
    """``found`` is (its label, how many were found); ``unit`` what a file counts ("orang",
    "baris"), ``rest`` what to do for the rest when the file stopped at ``limit``."""
    label, count = found
    over = f" (batas {_number(limit)} {unit} per ekspor: {rest})" if count > exported else ""
    notes = [
        ("Laporan", report),
        ("Dibuat", formats.date_format(timezone.localtime(), "DATETIME_FORMAT") + " WITA"),
        ("Oleh", request.user.get_username()),
        ("Tujuan", purpose),
        *extra,
        (label, _number(count)),
        ("Diekspor", _number(exported) + over),
        ("NIK dan No. KK", "lengkap" if role.nik_penuh else "disamarkan sesuai peran"),
        ("Data kesehatan", "disertakan" if role.data_kesehatan else health_withheld),
        ("Data anak", "disertakan" if role.data_anak else "tidak disertakan (peran)"),
        ("Perlindungan data", "Data pribadi (UU 27/2022): gunakan hanya untuk tujuan di atas; "
                              f"setiap {unit} dalam berkas ini tercatat di jejak audit."),
    ]  # fmt: skip
    return pl.DataFrame(notes, schema=["butir", "keterangan"], orient="row")

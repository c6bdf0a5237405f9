"""Receipt codes and what a citizen may learn by one: where their submission stands, in
plain words, and nothing else (no officer, no person, no data they did not type).

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 49
bits, drawn by ``secrets``; tracking is throttled as cek status is, so it cannot be found
by guessing.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from datusoban.kasus import policy
from datusoban.sanggahan.models import Sanggahan
from datusoban.usulan.models import Usulan

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
_TYPED = re.compile(r"[\s\-]")


def new_code() -> str:
    """A code no submission holds yet."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not (
            Usulan.objects.filter(kode_tanda_terima=code).exists()
            or Sanggahan.objects.filter(kode_tanda_terima=code).exists()
        ):
            return code


def shown(code: str) -> str:
    """The code as printed for writing down: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def typed(text: str) -> str:
    """A code as typed back (any case, spaces or dash); empty when it cannot be one."""
    code = _TYPED.sub("", text).upper()
    return code if len(code) == LENGTH and all(c in ALPHABET for c in code) else ""


# A proposal's statuses as a citizen is told them (sent on is still being processed).
_PROPOSAL = {"diusulkan": "diterima", "diverifikasi": "diverifikasi", "dikirim": "diverifikasi",
             "ditolak": "ditolak"}  # fmt: skip


@dataclass(frozen=True)
class Status:
    jenis: str  # "usul" or "sanggahan", as a citizen says it
    status: str  # diterima, diverifikasi, ditolak, selesai
    alasan: str = ""  # why it was refused


def track(code: str) -> Status | None:
    """Where the submission of ``code`` stands; None when no submission has it."""
    if not code:
        return None
    usulan = Usulan.objects.filter(kode_tanda_terima=code).values("status", "alasan_tolak").first()
    if usulan is not None:
        status = _PROPOSAL.get(usulan["status"], "selesai")
        return Status("usul", status, usulan["alasan_tolak"] if status == "ditolak" else "")
    grievance = Sanggahan.objects.filter(kode_tanda_terima=code).values("status", "hasil").first()
    if grievance is None:
        return None
    if grievance["status"] == "diterima":
        return Status("sanggahan", "diterima")
    if grievance["hasil"] == "terbukti":
        return Status("sanggahan", "selesai")
    hasil = policy.grievance_rules()["hasil"].get(grievance["hasil"], "")
    return Status("sanggahan", "ditolak", f"Hasil verifikasi: {hasil.lower()}.")

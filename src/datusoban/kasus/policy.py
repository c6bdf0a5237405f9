"""The case workflow, SLA and grievance rules as data (``data/*.toml``), read once and checked.

Services ask this module what may follow what and who may take a step; the pages
and the API ask it for labels. A refusal is a ``datusoban.refusal.RefusedError`` whose
message is for the user, in Bahasa Indonesia.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from importlib import resources

from datusoban.refusal import RefusedError


@dataclass(frozen=True)
class Transition:
    aksi: str
    label: str
    dari: str
    ke: str
    peran: frozenset[str]
    perlu_catatan: bool = False
    lewat_rujukan: bool = False  # taken only by the referral services


def _load(name: str) -> dict:
    text = resources.files("datusoban.kasus").joinpath(f"data/{name}").read_text("utf-8")
    return tomllib.loads(text)


@cache
def case_rules() -> dict:
    data = _load("kasus.toml")
    statuses = set(data["status"])
    for t in data["transisi"]:
        if t["dari"] not in statuses or t["ke"] not in statuses:
            raise ValueError(f"kasus.toml: transisi {t['aksi']} names an unknown status")
    if set(data["sla_jam"]) != set(data["urgensi"]):
        raise ValueError("kasus.toml: every urgency needs its SLA hours")
    return data


@cache
def transitions() -> dict[str, Transition]:
    return {
        t["aksi"]: Transition(**{**t, "peran": frozenset(t["peran"])})
        for t in case_rules()["transisi"]
    }


def status_label(status: str) -> str:
    return case_rules()["status"].get(status, status)


def status_choices() -> list[tuple[str, str]]:
    return list(case_rules()["status"].items())


def urgency_choices() -> list[tuple[str, str]]:
    return list(case_rules()["urgensi"].items())


def sla(urgensi: str) -> timedelta:
    return timedelta(hours=case_rules()["sla_jam"][urgensi])


def sla_met_statuses() -> list[str]:
    return list(case_rules()["selesai_sla"])


def roles_for(what: str) -> frozenset[str]:
    """The roles listed under ``[peran] what`` (melapor, hanya_milik_sendiri, ...)."""
    return frozenset(case_rules()["peran"][what])


def receiver_kinds() -> dict[str, dict]:
    return case_rules()["rujukan"]


def needs_consent(kind: str) -> bool:
    """An outside organisation receives personal data only with the person's consent."""
    return bool(receiver_kinds()[kind]["luar"])


def file_rules() -> dict:
    return case_rules()["berkas"]


def steps_from(status: str, peran: str) -> list[Transition]:
    """The steps a user of role ``peran`` may take by hand from ``status``."""
    return [
        t
        for t in transitions().values()
        if t.dari == status and peran in t.peran and not t.lewat_rujukan
    ]


def check_step(aksi: str, status: str, peran: str, catatan: str) -> Transition:
    """The transition ``aksi`` if it may be taken now by ``peran``; RefusedError if not."""
    t = transitions().get(aksi)
    if t is None:
        raise RefusedError("aksi_tidak_dikenal", f"Langkah '{aksi}' tidak dikenal.")
    if t.dari != status:
        raise RefusedError(
            "transisi_ditolak",
            f"Langkah '{t.label}' tidak dapat diambil dari status '{status_label(status)}'.",
        )
    if peran not in t.peran:
        raise RefusedError(
            "peran_ditolak", f"Peran Anda tidak dapat mengambil langkah '{t.label}'.", 403
        )
    if t.perlu_catatan and not catatan.strip():
        raise RefusedError("perlu_catatan", f"Langkah '{t.label}' memerlukan catatan.")
    return t


@cache
def grievance_rules() -> dict:
    return _load("sanggahan.toml")


@cache
def disaster_rules() -> dict:
    data = _load("bencana.toml")
    statuses = set(data["status"])
    for t in data["transisi"]:
        if t["dari"] not in statuses or t["ke"] not in statuses:
            raise ValueError(f"bencana.toml: transisi {t['aksi']} names an unknown status")
    if not set(data["terbuka"]) <= statuses:
        raise ValueError("bencana.toml: terbuka names an unknown status")
    return data

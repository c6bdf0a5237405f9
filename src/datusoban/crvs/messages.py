"""The DCI CRVS messages Datu Soban sends and reads (``dci/spec/crvs_api_v1.0.0.yaml``):
a sync search request, and the civil registry's answer read into ``CatatanSipil``.

An answer that does not follow the standard is refused as a whole with the place it goes
wrong (``crvs_jawaban_rusak``): a half-read answer would propose deaths from guesses.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from datusoban.identity.nik import is_valid_nik
from datusoban.refusal import RefusedError

VERSION = "1.0.0"
REG_TYPE = "ns:org:RegistryType:Civil"
RECORD_TYPE = "crvs:Person"
# Indonesia's identifiers as the civil registry names them in ``identifier_type``.
NIK = "NIK"
NOMOR_AKTA_KEMATIAN = "DRN"


@dataclass(frozen=True)
class CatatanSipil:
    """One person as the civil registry holds them."""

    nik: str
    nama: str
    tanggal_lahir: date | None
    tanggal_kematian: date | None
    nomor_akta_kematian: str | None
    asli: dict = field(repr=False, compare=False)

    @property
    def nomor_peristiwa(self) -> str:
        """The death's own number: the death registration number, else NIK and date."""
        if self.nomor_akta_kematian:
            return f"{NOMOR_AKTA_KEMATIAN}:{self.nomor_akta_kematian}"
        return f"{NIK}:{self.nik}:{self.tanggal_kematian.isoformat()}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def search_request(sender_id: str, receiver_id: str, query_type: str, query) -> tuple[dict, str]:
    """The body of ``/registry/sync/search`` for one query, and its ``reference_id``."""
    reference_id = uuid.uuid4().hex
    body = {
        "header": {
            "version": VERSION,
            "message_id": uuid.uuid4().hex,
            "message_ts": _now(),
            "action": "search",
            "sender_id": sender_id,
            "receiver_id": receiver_id,
            "total_count": 1,
            "is_msg_encrypted": False,
        },
        "message": {
            "transaction_id": uuid.uuid4().hex,
            "search_request": [
                {
                    "reference_id": reference_id,
                    "timestamp": _now(),
                    "search_criteria": {
                        "version": VERSION,
                        "reg_type": REG_TYPE,
                        "reg_record_type": RECORD_TYPE,
                        "query_type": query_type,
                        "query": query,
                    },
                    "locale": "ind",
                }
            ],
        },
    }
    return body, reference_id


def by_nik(nik: str) -> tuple[str, dict]:
    return "idtype-value", {"type": NIK, "value": nik}


def deaths_since(sejak: date, kode_wilayah: str) -> tuple[str, list]:
    """Deaths on or after ``sejak`` of people whose address lies in ``kode_wilayah``."""
    return "expression", [
        {
            "seq_num": 1,
            "expression1": {
                "attribute_name": "death_date",
                "operator": "ge",
                "attribute_value": sejak.isoformat(),
            },
            "condition": "and",
            "expression2": {
                "attribute_name": "region_code",
                "operator": "eq",
                "attribute_value": kode_wilayah,
            },
        }
    ]


def _rusak(where: str, what: str) -> RefusedError:
    return RefusedError(
        "crvs_jawaban_rusak",
        f"Jawaban registri sipil tidak sesuai standar DCI CRVS: {where} {what}.",
        502,
    )


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _rusak(where, "bukan objek")
    return value


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise _rusak(where, "bukan daftar")
    return value


def _date(value, where: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _rusak(where, "bukan tanggal")
    try:  # ISO 8601: a date, or a date and time (the standard's examples carry a time)
        return date.fromisoformat(value[:10])
    except ValueError:
        raise _rusak(where, f"bukan tanggal ISO 8601 ('{value[:40]}')") from None


def _identifiers(record: dict, where: str) -> dict[str, str]:
    """``identifier`` as the standard's example writes it (one object) or as a list."""
    found = record.get("identifier")
    items = found if isinstance(found, list) else [found]
    out: dict[str, str] = {}
    for i, item in enumerate(items):
        item = _object(item, f"{where}.identifier[{i}]")
        kind, value = item.get("identifier_type"), item.get("identifier_value")
        if not isinstance(kind, str) or not isinstance(value, str | int):
            raise _rusak(f"{where}.identifier[{i}]", "tanpa identifier_type/identifier_value")
        out[kind] = str(value)
    return out


def _name(record: dict) -> str:
    name = record.get("name")
    if isinstance(name, str):
        return name
    if isinstance(name, dict):
        parts = (name.get("given_name"), name.get("second_name"), name.get("surname"))
        return " ".join(p for p in parts if isinstance(p, str) and p)
    return ""


def record(raw, where: str) -> CatatanSipil:
    raw = _object(raw, where)
    ids = _identifiers(raw, where)
    if NIK not in ids:
        raise _rusak(where, "tanpa identifier NIK")
    if not is_valid_nik(ids[NIK], as_of=date.today()):
        raise _rusak(where, f"berisi NIK yang tidak sah ('{ids[NIK][:20]}')")
    return CatatanSipil(
        nik=ids[NIK],
        nama=_name(raw),
        tanggal_lahir=_date(raw.get("birth_date"), f"{where}.birth_date"),
        tanggal_kematian=_date(raw.get("death_date"), f"{where}.death_date"),
        nomor_akta_kematian=ids.get(NOMOR_AKTA_KEMATIAN),
        asli=raw,
    )


def search_response(body, reference_id: str) -> list[CatatanSipil]:
    """The records of the answer to request ``reference_id``; a refusal of the civil
    registry is passed on in its own words, with its code."""
    body = _object(body, "jawaban")
    header = _object(body.get("header"), "header")
    if header.get("action") != "on-search":
        raise _rusak("header.action", f"bukan 'on-search' ('{header.get('action')}')")
    if header.get("status") == "rjct":
        raise _refused(header.get("status_reason_code"), header.get("status_reason_message"))
    message = _object(body.get("message"), "message")
    answers = _list(message.get("search_response"), "message.search_response")
    mine = [a for a in answers if isinstance(a, dict) and a.get("reference_id") == reference_id]
    if len(mine) != 1:
        raise _rusak("message.search_response", f"tanpa jawaban untuk permintaan {reference_id}")
    answer = mine[0]
    status = answer.get("status")
    if status == "rjct":
        raise _refused(answer.get("status_reason_code"), answer.get("status_reason_message"))
    if status != "succ":
        raise _rusak("search_response.status", f"bukan 'succ' atau 'rjct' ('{status}')")
    data = _object(answer.get("data"), "search_response.data")
    records = _list(data.get("reg_records"), "search_response.data.reg_records")
    return [record(r, f"reg_records[{i}]") for i, r in enumerate(records)]


def _refused(code, message) -> RefusedError:
    said = f" ({message})" if isinstance(message, str) and message else ""
    return RefusedError(
        "crvs_menolak", f"Registri sipil menolak pencarian: {code or 'tanpa kode'}{said}.", 502
    )


# The vital event of a death, as the civil registry names it in ``reg_event_type``
# (spdci-common:RegistryEventType:Death, or a namespace of its own ending the same way).
DEATH = "Death"
BIRTH = "LiveBirth"


def subscribe_request(
    sender_id: str, receiver_id: str, sender_uri: str, kode_wilayah: str, event: str = DEATH
) -> dict:
    """The body of ``/registry/subscribe``: deaths (or births, ``event=BIRTH``) of
    residents of ``kode_wilayah``, to be notified at ``sender_uri``."""
    return {
        "header": {
            "version": VERSION,
            "message_id": uuid.uuid4().hex,
            "message_ts": _now(),
            "action": "subscribe",
            "sender_id": sender_id,
            "sender_uri": sender_uri,
            "receiver_id": receiver_id,
            "total_count": 1,
            "is_msg_encrypted": False,
        },
        "message": {
            "transaction_id": uuid.uuid4().hex,
            "subscribe_request": [
                {
                    "reference_id": uuid.uuid4().hex,
                    "timestamp": _now(),
                    "subscribe_criteria": {
                        "version": VERSION,
                        "reg_type": REG_TYPE,
                        "reg_event_type": f"spdci-common:RegistryEventType:{event}",
                        "filter_type": "expression",
                        # Events as they are registered, whatever their date: the region only.
                        "filter": [
                            {
                                "seq_num": 1,
                                "expression1": {
                                    "attribute_name": "region_code",
                                    "operator": "eq",
                                    "attribute_value": kode_wilayah,
                                },
                            }
                        ],
                        "notify_record_type": RECORD_TYPE,
                    },
                    "locale": "ind",
                }
            ],
        },
    }


def acknowledgement(body) -> str:
    """The ``correlation_id`` of an ACK; a NACK or an ERR refused with its words."""
    message = _object(_object(body, "jawaban").get("message"), "message")
    status = message.get("ack_status")
    if status == "ACK" and isinstance(message.get("correlation_id"), str):
        return message["correlation_id"]
    if status in ("NACK", "ERR"):
        error = message.get("error") if isinstance(message.get("error"), dict) else {}
        raise _refused(error.get("code") or status, error.get("message"))
    raise _rusak("message.ack_status", f"bukan 'ACK', 'NACK' atau 'ERR' ('{status}')")


PARENTS = ("parent1_identifier", "parent2_identifier")


@dataclass(frozen=True)
class CatatanKelahiran:
    """A birth as the civil registry notifies it: the child and the parents' NIKs."""

    nik: str
    nama: str
    tanggal_lahir: date
    jenis_kelamin: str  # "L", "P" or "" (the registry's codes)
    nik_orang_tua: tuple[str, ...]
    asli: dict = field(repr=False, compare=False)

    @property
    def nomor_peristiwa(self) -> str:
        """The birth's own number: the birth registration number, else the child's NIK."""
        number = _identifiers(self.asli, "").get(NOMOR_AKTA_KELAHIRAN)
        return f"{NOMOR_AKTA_KELAHIRAN}:{number}" if number else f"{NIK}:{self.nik}:lahir"


NOMOR_AKTA_KELAHIRAN = "BRN"
_SEX = {"female": "P", "f": "P", "perempuan": "P", "male": "L", "m": "L", "laki-laki": "L"}


def birth(raw, where: str) -> CatatanKelahiran:
    """One birth record: the child's NIK, name, birth date and sex, and each parent's NIK
    (``parent1_identifier``, ``parent2_identifier``: one identifier, or a list)."""
    child = record(raw, where)
    if child.tanggal_lahir is None:
        raise _rusak(where, "peristiwa kelahiran tanpa birth_date")
    parents = []
    for key in PARENTS:
        if raw.get(key) in (None, "", {}):
            continue
        ids = _identifiers({"identifier": raw[key]}, f"{where}.{key}")
        if NIK in ids:
            if not is_valid_nik(ids[NIK], as_of=date.today()):
                raise _rusak(f"{where}.{key}", f"berisi NIK yang tidak sah ('{ids[NIK][:20]}')")
            parents.append(ids[NIK])
    sex = raw.get("sex")
    return CatatanKelahiran(
        nik=child.nik,
        nama=child.nama,
        tanggal_lahir=child.tanggal_lahir,
        jenis_kelamin=_SEX.get(sex.lower(), "") if isinstance(sex, str) else "",
        nik_orang_tua=tuple(parents),
        asli=raw,
    )


def notified_deaths(body) -> list[CatatanSipil]:
    """The deaths of a ``/registry/notify`` message (other vital events are left out)."""
    return notified_events(body)[0]


def notified_events(body) -> tuple[list[CatatanSipil], list[CatatanKelahiran]]:
    """The deaths and the births of a ``/registry/notify`` message (other vital events are
    left out)."""
    body = _object(body, "pemberitahuan")
    header = _object(body.get("header"), "header")
    if header.get("action") != "notify":
        raise _rusak("header.action", f"bukan 'notify' ('{header.get('action')}')")
    message = _object(body.get("message"), "message")
    events = _list(message.get("notify_event"), "message.notify_event")
    deaths, births = [], []
    for i, event in enumerate(events):
        where = f"notify_event[{i}]"
        data = _object(_object(event, where).get("data"), f"{where}.data")
        kind = data.get("reg_event_type")
        if not isinstance(kind, str):
            raise _rusak(f"{where}.data.reg_event_type", "tidak ada")
        kind = kind.rsplit(":", 1)[-1]
        if kind not in (DEATH, BIRTH):
            continue
        records = data.get("reg_records")  # one person (the spec) or a list of them
        for j, raw in enumerate(records if isinstance(records, list) else [records]):
            at = f"{where}.reg_records[{j}]"
            if kind == BIRTH:
                births.append(birth(_object(raw, at), at))
                continue
            found = record(raw, at)
            if found.tanggal_kematian is None:
                raise _rusak(at, "peristiwa kematian tanpa death_date")
            deaths.append(found)
    return deaths, births

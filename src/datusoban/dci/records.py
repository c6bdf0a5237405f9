"""Registry people and families as the specification's records: a person (``SRPerson``)
and a group (``Group``) with its members (``Member``), built from rows already masked
for the caller (``accounts.found_people.shown``): nothing here reads or unmasks data."""

from __future__ import annotations

from typing import Any

from datusoban.dci.queries import KK_TYPE, NIK_TYPE
from datusoban.reference import vocab

SEX = {"L": "male", "P": "female"}
DISABILITY = dict(vocab.DISABILITAS)
ILLNESS = dict(vocab.PENYAKIT_KRONIS)
RELATION = dict(vocab.HUBUNGAN_KELUARGA)
HEAD = "kepala"


def _identifier(kind: str, value: str | None) -> list[dict[str, str]]:
    return [{"identifier_type": kind, "identifier_value": value}] if value else []


def person(row: dict[str, Any], *, health: bool) -> dict[str, Any]:
    """One person (a row of ``shown``); ``health``: the caller's role may see health data,
    else the record says nothing of it (not even that there is none)."""
    record: dict[str, Any] = {
        "@type": "SRPerson",
        "identifier": _identifier(NIK_TYPE, row["nik"]),
        "name": {"@type": "Name", "given_name": row["nama"]},
        "sex": SEX.get(row["jenis_kelamin"]),
        "birth_date": row["tanggal_lahir"].isoformat() if row["tanggal_lahir"] else None,
        "address": {
            "@type": "Address",
            "locality": row["wilayah"],
            "city": row["kabkota"],
            "region": "Kalimantan Selatan",
            "country": "ID",
        },
        "additional_attributes": [
            {"kode_wilayah": row["kode_wilayah"]},
            {"household_size": row["anggota_keluarga"]},
        ],
    }
    if health:
        record["is_disabled"] = bool(row["disabilitas"])
        if row["disabilitas"]:
            label = DISABILITY.get(row["disabilitas"], row["disabilitas"])
            record["disability_info"] = [{"disability_type": label}]
        if row["penyakit_kronis"]:
            label = ILLNESS.get(row["penyakit_kronis"], row["penyakit_kronis"])
            record["additional_attributes"].append({"chronic_illness": label})
    return record


def member(row: dict[str, Any], hubungan: str | None, *, health: bool) -> dict[str, Any]:
    return {
        "@type": "Member",
        "member_identifier": _identifier(NIK_TYPE, row["nik"]),
        "demographic_info": person(row, health=health),
        "relationship_head": RELATION.get(hubungan, hubungan) if hubungan else None,
    }


def group(members: list[tuple[dict[str, Any], str | None]], *, health: bool) -> dict[str, Any]:
    """One family card's household from its members as the caller may see them (a child
    hidden from the role is not among them), each with their relation to the head."""
    first = members[0][0]
    listed = [member(row, hubungan, health=health) for row, hubungan in members]
    heads = [m for m, (_, hubungan) in zip(listed, members, strict=True) if hubungan == HEAD]
    record: dict[str, Any] = {
        "@type": "Group",
        "group_identifier": _identifier(KK_TYPE, first["no_kk"]),
        "group_type": "household",
        "place": {
            "@type": "Place",
            "address": ", ".join(x for x in (first["wilayah"], first["kabkota"]) if x),
        },
        "group_size": first["anggota_keluarga"],
        "member_list": listed,
        "additional_attributes": [{"kode_wilayah": first["kode_wilayah"]}],
    }
    if heads:
        record["group_head_info"] = heads[0]
    return record

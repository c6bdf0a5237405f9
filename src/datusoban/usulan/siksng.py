"""Proposals as rows of the SIKS-NG upload layout (the columns of a SIKS-NG individual
export, docs/DOMAIN.md), with the proposal's kind and id so that the national answer can
be matched: one row per person (a household's proposal: one per current member)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import polars as pl

from datusoban.accounts.scope import scoped
from datusoban.reference import vocab, wilayah
from datusoban.registri.models import Person, PersonPPKS, SourceRecord
from datusoban.usulan import policy
from datusoban.usulan.models import Usulan

COLUMNS = (
    "iddtks", "provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan", "alamat", "dusun",
    "rt", "rw", "nomor_kk", "nomor_nik", "nama", "tanggal_lahir", "tempat_lahir",
    "jenis_kelamin", "nama_ibu_kandung", "hubungan_keluarga", "tahun_data", "jenis_pmks",
    "jenis_usulan", "alasan_usulan", "id_usulan",
)  # fmt: skip
_SEX = dict(vocab.JENIS_KELAMIN)
_RELATION = dict(vocab.HUBUNGAN_KELUARGA)
# The SIKS-NG profiles whose record id is the national iddtks.
_NATIONAL_PROFILES = ("siks-ng",)


# What a row reads of a person and their household (the rest of the record stays unread).
_PERSON_FIELDS = (
    "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "nama_ibu_kandung",
    "hubungan_keluarga", "household_id",
)  # fmt: skip
_HOUSEHOLD_FIELDS = ("no_kk", "alamat", "rt", "rw", "wilayah_id")


def _region_names(desa: str) -> dict[str, str]:
    parts = desa.split(".")
    name = wilayah.name_of
    return {
        "provinsi": name(parts[0]) or "",
        "kabupaten_kota": name(".".join(parts[:2])) or "",
        "kecamatan": name(".".join(parts[:3])) or "",
        "desa_kelurahan": name(desa) or "",
    }


def _person_values(p: Person) -> dict[str, str]:
    h = p.household
    return {
        "nik": p.nik or "", "no_kk": (h.no_kk or "") if h else "", "nama": p.nama,
        "jenis_kelamin": p.jenis_kelamin, "tempat_lahir": p.tempat_lahir,
        "tanggal_lahir": p.tanggal_lahir.isoformat() if p.tanggal_lahir else "",
        "nama_ibu_kandung": p.nama_ibu_kandung, "hubungan_keluarga": p.hubungan_keluarga or "",
        "alamat": h.alamat if h else "", "rt": h.rt if h else "", "rw": h.rw if h else "",
        "kode_wilayah": h.wilayah_id if h else "",
    }  # fmt: skip


def _row(values: dict, usulan: Usulan, iddtks: str, ppks: str, year: int) -> dict[str, str]:
    reason = policy.label("alasan_hapus", usulan.alasan_hapus) if usulan.alasan_hapus else ""
    return {
        "iddtks": iddtks,
        **_region_names(values.get("kode_wilayah") or usulan.wilayah_id),
        "alamat": values.get("alamat", ""), "dusun": "", "rt": values.get("rt", ""),
        "rw": values.get("rw", ""), "nomor_kk": values.get("no_kk", ""),
        "nomor_nik": values.get("nik", ""), "nama": values.get("nama", ""),
        "tanggal_lahir": values.get("tanggal_lahir", ""),
        "tempat_lahir": values.get("tempat_lahir", ""),
        "jenis_kelamin": _SEX.get(values.get("jenis_kelamin", ""), ""),
        "nama_ibu_kandung": values.get("nama_ibu_kandung", ""),
        "hubungan_keluarga": _RELATION.get(values.get("hubungan_keluarga", ""), ""),
        "tahun_data": str(year), "jenis_pmks": ppks,
        "jenis_usulan": policy.label("jenis", usulan.jenis), "alasan_usulan": reason,
        "id_usulan": str(usulan.pk),
    }  # fmt: skip


def rows(
    user, proposals: Iterable[Usulan], on: date
) -> tuple[pl.DataFrame, list[tuple[str, str | None]]]:
    """The upload table of ``proposals`` and the people in it ((person id or "usulan-<id>",
    NIK) each, for the audit trail). People are read through the scoping function."""
    proposals = list(proposals)
    person_ids = {u.person_id for u in proposals if u.person_id}
    household_ids = {u.household_id for u in proposals if u.household_id and not u.person_id}
    wanted = Person.objects.filter(pk__in=person_ids) | Person.objects.filter(
        household_id__in=household_ids
    )
    people = (
        scoped(user, wanted)
        .select_related("household")
        .only(*_PERSON_FIELDS, *(f"household__{f}" for f in _HOUSEHOLD_FIELDS))
    )
    by_pk, members = {}, defaultdict(list)
    for p in people.order_by("household_id", "pk"):
        by_pk[p.pk] = p
        members[p.household_id].append(p)
    ppks = defaultdict(list)
    for pid, nama in (
        PersonPPKS.objects.filter(person_id__in=by_pk, selesai__isnull=True)
        .order_by("person_id", "kategori_id")
        .values_list("person_id", "kategori__nama")
    ):
        ppks[pid].append(nama)
    iddtks = dict(
        SourceRecord.objects.filter(person_id__in=by_pk, batch__profil__in=_NATIONAL_PROFILES)
        .order_by("person_id", "-batch_id")
        .values_list("person_id", "record_id")
    )
    table, disclosed = [], []
    for u in proposals:
        if u.person_id:
            subjects = [by_pk[u.person_id]] if u.person_id in by_pk else []
        elif u.household_id:
            subjects = members.get(u.household_id, [])
        else:
            subjects = []
        if not subjects and not u.person_id and not u.household_id:  # someone new
            table.append(_row(u.data, u, "", "", on.year))
            disclosed.append((f"usulan-{u.pk}", u.nik))
            continue
        for p in subjects:
            values = {**_person_values(p), **{k: v for k, v in u.data.items() if v}}
            table.append(_row(values, u, iddtks.get(p.pk, ""), ", ".join(ppks[p.pk]), on.year))
            disclosed.append((str(p.pk), values.get("nik") or None))
    frame = pl.DataFrame(table, schema={c: pl.Utf8 for c in COLUMNS}) if table else pl.DataFrame(
        schema={c: pl.Utf8 for c in COLUMNS}
    )  # fmt: skip
    return frame, disclosed

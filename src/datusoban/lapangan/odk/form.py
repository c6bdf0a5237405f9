"""The verification visit as an XLSForm (survey, choices and settings sheets), for ODK
Collect and KoBoToolbox alike.

One file, no attachment: the households of the work are the choices of ``keluarga``
(labelled by the head's name and the desa; no NIK, no No KK), and each choice carries, in
extra columns of the choices sheet, the values as downloaded and the members' names; the
form reads them with ``instance('keluarga')/root/item[name=${keluarga}]/…``, which both
Collect and Enketo (KoBo's web forms) evaluate. Members are fixed slots (``anggota_1`` …
up to the largest household), shown only where the chosen household has that member: a
flat row per submission, which both servers export as one table (a repeat would be a
second file). A variable left empty is not recorded: only what the worker filled is a
value found, compared with the snapshot kept in the download (``Unduhan.nilai``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from datusoban.impor.rules.limits import limits
from datusoban.lapangan import variables
from datusoban.lapangan.models import KunjunganLapangan

# Names in the survey sheet; the import reads the columns by them (or by their labels).
HOUSEHOLD = "keluarga"
STATUS = "status"
DOWNLOAD = "unduhan"
PLACE = "lokasi"
PHOTO = "foto"
GROUP_HOUSE = "rumah"
GROUP_MEMBERS = "anggota"
YES, NO = "ya", "tidak"
FOUND = KunjunganLapangan.Status.DITEMUKAN.value


def member_field(slot: int) -> str:
    return f"anggota_{slot}"


def _lookup(column: str) -> str:
    return f"instance('{HOUSEHOLD}')/root/item[name=${{{HOUSEHOLD}}}]/{column}"


@dataclass(frozen=True)
class Choice:
    """One household of the form: its id, label, values as shown and member names."""

    id: int
    label: str
    shown: dict[str, str]  # field -> the value as downloaded, as a person reads it
    members: list[str]  # member names, in the slots' order


def shown_value(field: str, value) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if field in variables.CHOICES:
        return dict(variables.choices(field)).get(value, str(value))
    return str(value)


def labels() -> dict[str, str]:
    """Every answer's label, by name: the column names KoBo's "labels" export writes."""
    out = {HOUSEHOLD: "Keluarga yang dikunjungi", STATUS: "Status kunjungan",
           PLACE: "Lokasi rumah (GPS)", PHOTO: "Foto rumah"}  # fmt: skip
    out |= {f: variables.label(f) for f in variables.FIELDS}
    return out


def _survey(unduhan: int, slots: int) -> list[dict]:
    rows: list[dict] = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
        {"type": "calculate", "name": DOWNLOAD, "calculation": str(unduhan)},
        {"type": f"select_one {HOUSEHOLD}", "name": HOUSEHOLD, "label": labels()[HOUSEHOLD],
         "required": "yes", "appearance": "minimal autocomplete"},
        {"type": f"select_one {STATUS}", "name": STATUS, "label": labels()[STATUS],
         "required": "yes"},
    ]  # fmt: skip
    rows.append({"type": "begin_group", "name": GROUP_HOUSE, "label": "Rumah dan aset",
                 "relevant": f"${{{STATUS}}} = '{FOUND}'"})  # fmt: skip
    for field in variables.FIELDS:
        rows.append({"type": "calculate", "name": f"tercatat_{field}",
                     "calculation": _lookup(f"n_{field}")})  # fmt: skip
        row = {
            "name": field,
            "label": variables.label(field),
            "hint": f"Tercatat: ${{tercatat_{field}}}. Kosongkan bila tidak diperiksa.",
        }
        if field in variables.ADDRESS:
            most = limits()[field].max
            row |= {
                "type": "text",
                "constraint": f"string-length(.) <= {most}",
                "constraint_message": f"Paling banyak {most} karakter.",
            }
        elif field == variables.AREA:
            row |= {
                "type": "integer",
                "constraint": f". >= 1 and . <= {variables.LUAS_MAKS}",
                "constraint_message": f"Isi 1 sampai {variables.LUAS_MAKS} m².",
            }
        elif field in variables.CHOICES:
            row["type"] = f"select_one {field}"
        else:
            row["type"] = "select_one ya_tidak"
        rows.append(row)
    rows.append({"type": "end_group"})
    rows.append({"type": "begin_group", "name": GROUP_MEMBERS, "label": "Anggota keluarga"})
    for slot in range(1, slots + 1):
        name = f"nama_anggota_{slot}"
        rows.append({"type": "calculate", "name": name, "calculation": _lookup(f"a{slot}")})
        rows.append({"type": f"select_one {STATUS}", "name": member_field(slot),
                     "label": f"Anggota {slot}: ${{{name}}}", "required": "yes",
                     "relevant": f"${{{name}}} != ''"})  # fmt: skip
    rows.append({"type": "end_group"})
    rows.append({"type": "geopoint", "name": PLACE, "label": labels()[PLACE]})
    rows.append({"type": "image", "name": PHOTO, "label": labels()[PHOTO],
                 "parameters": "max-pixels=1600"})  # fmt: skip
    return rows


def _choices(households: list[Choice], slots: int) -> list[dict]:
    rows: list[dict] = []
    for code, text in KunjunganLapangan.Status.choices:
        rows.append({"list_name": STATUS, "name": code, "label": str(text)})
    rows += [{"list_name": "ya_tidak", "name": YES, "label": "Ya"},
             {"list_name": "ya_tidak", "name": NO, "label": "Tidak"}]  # fmt: skip
    for field in variables.CHOICES:
        rows += [{"list_name": field, "name": k, "label": v} for k, v in variables.choices(field)]
    for h in households:
        row = {"list_name": HOUSEHOLD, "name": str(h.id), "label": h.label}
        row |= {f"n_{f}": h.shown.get(f, "-") for f in variables.FIELDS}
        row |= {f"a{i}": name for i, name in enumerate(h.members[:slots], start=1)}
        rows.append(row)
    return rows


def workbook(unduhan: int, title: str, households: list[Choice]) -> bytes:
    """The XLSForm as .xlsx bytes: ``unduhan`` is the download the submissions name."""
    import xlsxwriter

    slots = max((len(h.members) for h in households), default=0)
    sheets = {
        "survey": _survey(unduhan, slots),
        "choices": _choices(households, slots),
        "settings": [{"form_title": title, "form_id": f"datusoban_verivali_{unduhan}",
                      "version": str(unduhan)}],
    }  # fmt: skip
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as book:
        for name, rows in sheets.items():
            sheet = book.add_worksheet(name)
            columns: list[str] = []
            for row in rows:
                columns += [c for c in row if c not in columns]
            for x, column in enumerate(columns):
                sheet.write_string(0, x, column)
            for y, row in enumerate(rows, start=1):
                for x, column in enumerate(columns):
                    if row.get(column) not in (None, ""):
                        # Always text: a name that begins with "=" is no formula.
                        sheet.write_string(y, x, str(row[column]))
    return out.getvalue()

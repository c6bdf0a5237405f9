"""Submissions exported from ODK Central ("Download submissions → CSV", with or without
media) or KoBoToolbox ("Export → XLS" or "CSV", XML values or labels as headers) read
back as verification visits, all or nothing per file.

Columns are found by the form's own names whatever the server put before them: ODK
Central joins a group's path with "-" (``rumah-lantai``, ``meta-instanceID``) and splits
a geopoint into ``lokasi-Latitude`` …; KoBoToolbox joins with "/" (``rumah/lantai``),
splits a geopoint into ``_lokasi_latitude`` … and may write the questions' labels
instead of their names. A choice may come as its code or its label. The submission's id
(``KEY``, else ``meta-instanceID``, ``_uuid``) is the visit's idempotency key (a UUID as it is,
any other text through uuid5), so a file imported twice stores nothing the second time.
Each row goes through the field app's own checks (``visits.check``) against the values
the form was downloaded with (``Unduhan.nilai``); every refused row is named with its
row, column and reason, and then nothing is stored.
"""

from __future__ import annotations

import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction

from datusoban.accounts.scope import scoped
from datusoban.impor.reading import ReadError, read_table
from datusoban.kasus.policy import file_rules
from datusoban.lapangan import variables, visits
from datusoban.lapangan.models import KunjunganLapangan, Unduhan
from datusoban.lapangan.odk import form
from datusoban.lapangan.odk.export import writer
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household

Sumber = KunjunganLapangan.Sumber
# A text id becomes a UUID under this namespace (uuid5): the same id, the same key.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://datusoban/lapangan/odk")
# ODK Central's KEY is the submission's first instanceID, kept when it is edited (each
# edit has a meta-instanceID of its own): the same submission, the same visit.
IDS = ("KEY", "instanceID", "_uuid")
TIMES = ("end", "start", "SubmissionDate", "_submission_time")
_GEO_PARTS = {"latitude": "lintang", "longitude": "bujur"}
_KOBO_GEO = re.compile(rf"^_{form.PLACE}_(latitude|longitude|altitude|precision)$", re.I)


@dataclass
class Problem:
    baris: int
    kolom: str
    pesan: str


@dataclass
class Result:
    sumber: str = ""
    baru: list[KunjunganLapangan] = field(default_factory=list)
    sudah_ada: int = 0
    masalah: list[Problem] = field(default_factory=list)
    foto: str = ""  # how the photos were taken: "zip", "tanpa"

    @property
    def nama_sumber(self) -> str:
        return str(dict(Sumber.choices).get(self.sumber, self.sumber))

    @property
    def konflik(self) -> int:
        return sum(1 for v in self.baru if v.konflik)


def _refuse(message: str) -> RefusedError:
    return RefusedError("kiriman_odk_tidak_valid", message, 422, field="berkas")


def _label_map() -> dict[str, str]:
    names = {label.casefold(): name for name, label in form.labels().items()}
    return names


def _key_of(header: str, labels: dict[str, str]) -> str:
    """The form's name for a column header as either server writes it."""
    text = header.strip()
    if text.casefold() in labels:
        return labels[text.casefold()]
    if match := _KOBO_GEO.match(text.rsplit("/", 1)[-1]):
        return f"{form.PLACE}-{match.group(1).lower()}"
    parts = [p for p in re.split(r"[/-]", text) if p]
    if not parts:
        return text
    last = parts[-1]
    if last.lower() in ("latitude", "longitude", "altitude", "accuracy") and len(parts) > 1:
        return f"{parts[-2]}-{last.lower()}"
    if last.casefold() in labels:
        return labels[last.casefold()]
    member = re.match(r"^anggota (\d+):", last, re.I)
    return form.member_field(int(member.group(1))) if member else last


def _choice_map(field_name: str) -> dict[str, str]:
    """Code or label (any case) -> code, for a field with a closed list."""
    if field_name in variables.CHOICES:
        pairs = variables.choices(field_name)
    elif field_name in variables.ASSETS:
        pairs = [(form.YES, "Ya"), (form.NO, "Tidak")]
    else:
        pairs = [(k, str(v)) for k, v in KunjunganLapangan.Status.choices]
    out = {}
    for code, label in pairs:
        out[code.casefold()] = code
        out[label.casefold()] = code
    return out


def _code(field_name: str, value: str) -> str:
    return _choice_map(field_name).get(value.strip().casefold(), value.strip())


def _number(value: str) -> str:
    text = value.strip()
    return text[:-2] if re.fullmatch(r"-?\d+\.0", text) else text


def _key(raw: str) -> uuid.UUID:
    text = raw.strip()
    bare = text[5:] if text.lower().startswith("uuid:") else text
    try:
        return uuid.UUID(bare)
    except ValueError:
        return uuid.uuid5(NAMESPACE, text)


def _media(archive: UploadedFile | None) -> zipfile.ZipFile | None:
    if archive is None:
        return None
    try:
        return zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError):
        raise _refuse(
            f"Berkas {Path(archive.name or 'media').name} bukan ZIP yang terbaca; unggah ZIP "
            "unduhan ODK Central (dengan media) atau lampiran KoBoToolbox, atau kosongkan."
        ) from None


def _photo(media: zipfile.ZipFile | None, name: str) -> SimpleUploadedFile | str | None:
    """The photo named ``name`` from the media ZIP; a message when it cannot be used."""
    if media is None or not name.strip():
        return None
    wanted = Path(name.strip()).name
    found = [i for i in media.infolist() if Path(i.filename).name == wanted and not i.is_dir()]
    if not found:
        return f"foto {wanted} tidak ada di ZIP media"
    info = found[0]
    most = file_rules()["maks_mib"] * 2**20
    if info.file_size > most:
        return f"foto {wanted} melebihi batas {file_rules()['maks_mib']} MiB"
    return SimpleUploadedFile(wanted, media.read(info), content_type="image/jpeg")


def _source(keys: set[str]) -> str:
    if keys & {"_uuid", "_submission_time", "_id"}:
        return Sumber.KOBO
    if keys & {"SubmissionDate", "KEY", "instanceID"}:
        return Sumber.ODK_CENTRAL
    raise _refuse(
        "Berkas ini bukan ekspor kiriman ODK Central atau KoBoToolbox: tidak ada kolom "
        "SubmissionDate/meta-instanceID (ODK Central) atau _uuid/_submission_time (KoBo)."
    )


def _read(uploaded: UploadedFile):
    suffix = Path(uploaded.name or "kiriman.csv").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _refuse("Unggah berkas .csv atau .xlsx hasil ekspor ODK Central atau KoBoToolbox.")
    with tempfile.TemporaryDirectory(prefix="datusoban-odk-") as folder:
        path = Path(folder) / f"kiriman{suffix}"
        with path.open("wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        try:
            return read_table(
                path, header_hint=(form.HOUSEHOLD, form.STATUS, form.DOWNLOAD, "_uuid", "KEY")
            )
        except ReadError as error:
            raise _refuse(str(error)) from None


def _entry(row: dict[str, str], snapshot: dict) -> dict:
    """The visit as the field app would send it, from one row (values still as text)."""
    status = _code(form.STATUS, row.get(form.STATUS, ""))
    after: dict = {}
    for name in variables.FIELDS:
        value = (row.get(name) or "").strip()
        if not value:
            continue  # not recorded: a blank is no value found
        if name in variables.CHOICES:
            after[name] = _code(name, value)
        elif name in variables.ASSETS:
            code = _code(name, value)
            after[name] = {form.YES: True, form.NO: False}.get(code, value)
        elif name == variables.AREA:
            after[name] = _number(value)
        else:
            after[name] = value
    lintang = row.get(f"{form.PLACE}-latitude") or ""
    bujur = row.get(f"{form.PLACE}-longitude") or ""
    if not lintang and (row.get(form.PLACE) or "").strip():
        parts = row[form.PLACE].split()
        lintang, bujur = [*parts, "", ""][:2]
    when = next((row[t] for t in TIMES if (row.get(t) or "").strip()), "").strip()
    if when and not (row.get("end") or row.get("start")) and row.get("_submission_time"):
        # KoBoToolbox writes its submission time in UTC, without saying so.
        when = when.replace(" ", "T", 1) + "+00:00"
    return {
        "kunci": str(_key(next(row[i] for i in IDS if (row.get(i) or "").strip()))),
        "keluarga": int(row[form.HOUSEHOLD]) if row.get(form.HOUSEHOLD, "").isdigit() else None,
        "status": status, "waktu": when.replace(" ", "T", 1),
        "lintang": lintang.strip(), "bujur": bujur.strip(),
        "sebelum": snapshot.get("nilai", {}), "sesudah": after,
    }  # fmt: skip


def _members(row: dict[str, str], snapshot: dict) -> tuple[dict, list[tuple[str, str]]]:
    ids = snapshot.get("anggota", [])
    found, problems = {}, []
    for name, value in row.items():
        match = re.fullmatch(r"anggota_(\d+)", name)
        if not match or not (value or "").strip():
            continue
        slot = int(match.group(1))
        if slot > len(ids):
            problems.append((name, f"keluarga ini hanya punya {len(ids)} anggota"))
            continue
        found[str(ids[slot - 1])] = _code(form.STATUS, value)
    return found, problems


def load(request, uploaded: UploadedFile, archive: UploadedFile | None = None) -> Result:
    """Check every submission of ``uploaded`` (with photos from ``archive``) and store them
    all as visits by ``request.user`` in one transaction, or none: ``Result.masalah`` lists
    each refused row. A submission imported before is counted, not stored again."""
    user = request.user
    writer(user)
    table = _read(uploaded)
    media = _media(archive)
    labels = _label_map()
    headers = list(table.frame.columns)
    keys = [_key_of(h, labels) for h in headers]
    written = {}
    for header, key in zip(headers, keys, strict=True):
        written.setdefault(key, header)
    result = Result(sumber=_source(set(keys)), foto="zip" if media else "tanpa")
    missing = [n for n in (form.DOWNLOAD, form.HOUSEHOLD, form.STATUS) if n not in written]
    if not set(IDS) & set(written):
        missing.append("meta-instanceID/_uuid")
    if missing:
        raise _refuse(
            "Kolom " + ", ".join(missing) + " tidak ada; ekspor kiriman formulir XLSForm dari "
            "Datu Soban (di KoBoToolbox pilih nilai dan judul XML atau label)."
        )
    # Download number -> the download and the ids of its households the user may reach.
    downloads: dict[int, tuple[Unduhan | None, set[int]]] = {}
    checked: list[tuple[visits.Checked, str]] = []
    seen: set[uuid.UUID] = set()
    for index, values in enumerate(table.frame.iter_rows()):
        line = int(table.row_numbers[index])
        row = {k: (v or "") for k, v in zip(keys, values, strict=True)}
        problems = _row(request, row, line, written, downloads, media, result, seen, checked)
        result.masalah += problems
    if result.masalah:
        return result
    with transaction.atomic():
        for item, raw_id in checked:
            result.baru.append(visits.save(request, item, sumber=result.sumber,
                                           id_kiriman=raw_id[:100]))  # fmt: skip
    return result


def _download(request, number: int) -> tuple[Unduhan | None, set[int]]:
    unduhan = Unduhan.objects.filter(pk=number, jenis=Unduhan.Jenis.XLSFORM).first()
    if unduhan is None:
        return None, set()
    rows = scoped(request.user, Household.objects.filter(pk__in=unduhan.keluarga))
    return unduhan, set(rows.values_list("pk", flat=True))


def _row(request, row, line, written, downloads, media, result, seen, checked) -> list[Problem]:
    """The problems of one row; none: its checked visit is appended to ``checked``."""

    def problem(name: str, message: str) -> list[Problem]:
        return [Problem(line, written.get(name, name), message)]

    raw_id = next((row[i] for i in IDS if row.get(i, "").strip()), "")
    if not raw_id:
        return problem("instanceID", "id kiriman kosong")
    key = _key(raw_id)
    if key in seen:
        result.sudah_ada += 1
        return []
    seen.add(key)
    number = _number(row.get(form.DOWNLOAD, ""))
    if not number.isdigit():
        return problem(form.DOWNLOAD, "nomor unduhan formulir kosong atau bukan angka")
    if int(number) not in downloads:
        downloads[int(number)] = _download(request, int(number))
    unduhan, reach = downloads[int(number)]
    if unduhan is None:
        return problem(form.DOWNLOAD, f"unduhan formulir {number} tidak dikenal di Datu Soban")
    household = _number(row.get(form.HOUSEHOLD, ""))
    if not household.isdigit():
        named = [k for k, v in unduhan.nilai.items() if v.get("label") == household.strip()]
        if len(named) > 1:
            return problem(form.HOUSEHOLD, "label keluarga ini dipakai lebih dari satu keluarga; "
                           "ekspor ulang dengan nilai XML")  # fmt: skip
        household = named[0] if named else household
    if not household.isdigit() or int(household) not in unduhan.keluarga:
        return problem(form.HOUSEHOLD, f"keluarga “{household}” tidak ada dalam formulir {number}")
    if int(household) not in reach:
        return problem(form.HOUSEHOLD, "keluarga ini di luar wilayah Anda")
    row[form.HOUSEHOLD] = household
    found = KunjunganLapangan.objects.filter(kunci=key).first()
    if found is not None:
        if found.unduhan_id == unduhan.pk and found.household_id == int(household):
            result.sudah_ada += 1
            return []
        return problem("instanceID", "id kiriman ini sudah dipakai kunjungan lain")
    snapshot = unduhan.nilai.get(household, {})
    entry = _entry(row, snapshot)
    members, bad = _members(row, snapshot)
    if bad:
        return [Problem(line, written.get(n, n), m) for n, m in bad]
    entry["anggota"] = members
    photo = _photo(media, row.get(form.PHOTO, ""))
    if isinstance(photo, str):
        return problem(form.PHOTO, photo)
    try:
        item = visits.check(entry, unduhan, photo)
    except RefusedError as refused:
        # A photo refused by the case files' rules names no field: it is the photo's.
        field_name = refused.field or (form.PHOTO if refused.kode.startswith("berkas") else "")
        name = {
            "lintang": f"{form.PLACE}-latitude",
            "bujur": f"{form.PLACE}-longitude",
            "waktu": "end",
            "foto": form.PHOTO,
        }.get(field_name, field_name)
        return problem(name, refused.pesan)
    checked.append((item, raw_id))
    return []

"""An .xlsx checked against the limits before the reader opens it, and each sheet before it loads.

Opening a workbook makes the reader load every shared string; loading a
sheet makes it build the sheet's whole grid. So the archive, the workbook's
own parts and the shared strings are checked here first (``CheckedWorkbook``),
and each sheet is scanned (``check_sheet``) before it is loaded. A refusal
names the sheet and the cell that made it too large, and says what to do.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from zipfile import ZipInfo

from datusoban.impor.reading.archive import Archive, broken, suspicious
from datusoban.impor.reading.errors import ReadError, number
from datusoban.impor.reading.limits import (
    MAX_COLUMNS,
    MAX_OTHER_PART_BYTES,
    MAX_SHARED_STRINGS,
    MAX_SHEET_CELLS,
    MAX_SHEET_PART_BYTES,
    MAX_SHEET_ROWS,
    MAX_XLSX_READ_BYTES,
    XLSX_BYTES_PER_CELL,
    XLSX_BYTES_PER_SHARED_STRING,
    XLSX_BYTES_PER_TEXT_BYTE,
)
from datusoban.impor.reading.xml_scan import (
    BrokenXmlError,
    TextRunTooLongError,
    UnsafeXmlError,
    cell_name,
    parse_ref,
)
from datusoban.impor.reading.xml_sheet import SheetScan, scan_sheet
from datusoban.impor.reading.xml_strings import SharedStrings, scan_shared_strings

# How the reader (calamine 0.36, fastexcel 0.21) finds the workbook's parts, as
# tests/unit/impor/reading/test_xlsx_limits.py checks against it: the package's
# relationships (_rels/.rels) name the workbook part; in that part's folder it
# opens these names, whatever the workbook part itself is called.
_PACKAGE_RELATIONSHIPS = "_rels/.rels"
_WORKBOOK = "workbook.xml"
_RELATIONSHIPS = "_rels/workbook.xml.rels"
_SHARED_STRINGS = "sharedStrings.xml"
_STYLES = "styles.xml"
_TRIM = "Hapus baris/kolom di luar tabel (pilih, klik kanan, Hapus), lalu simpan ulang"
_AS_CSV = (
    "Simpan lembar itu sebagai CSV UTF-8 (yang dibaca dengan sepertiga memori) atau pecah "
    "menjadi beberapa berkas"
)


@dataclass(frozen=True)
class SheetPart:
    name: str
    part: str  # path in the archive, as the reader builds it
    visible: bool


def estimate(scan: SheetScan, strings: SharedStrings) -> int:
    """Bytes reading the sheet will take, from the measured costs in limits.py."""
    return (
        XLSX_BYTES_PER_CELL * scan.rows * scan.columns
        + XLSX_BYTES_PER_TEXT_BYTE * scan.text_bytes
        + XLSX_BYTES_PER_SHARED_STRING * strings.count
        + strings.text_bytes
    )


class CheckedWorkbook:
    """The archive and the parts the reader loads on opening, checked; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self._archive = Archive(path)
        try:
            self._folder = self._workbook_folder()
            self.sheets = self._sheets()
            styles = self._archive.find(self._in_folder(_STYLES))
            if styles is not None:
                for _ in self._chunks(styles, MAX_OTHER_PART_BYTES):
                    pass  # only its real size matters: the reader keeps a little per style
            self.strings = self._shared_strings()
        except BaseException:
            self._archive.__exit__(None, None, None)
            raise

    def __enter__(self) -> CheckedWorkbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._archive.__exit__(exc_type, exc, tb)

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    def visible(self, sheet: str) -> bool:
        return next((s.visible for s in self.sheets if s.name == sheet), False)

    def _chunks(self, info: ZipInfo, limit: int) -> Iterator[bytes]:
        return self._archive.chunks(info, limit)

    def _parse(self, part: str, start: object) -> None:
        info = self._archive.find(part)
        if info is None:
            raise broken(self.name)
        parser = xml.parsers.expat.ParserCreate()

        def refuse(*_: object) -> None:
            raise UnsafeXmlError

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.StartElementHandler = start
        try:
            for chunk in self._chunks(info, MAX_OTHER_PART_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError:
            raise broken(self.name) from None
        except UnsafeXmlError:
            raise suspicious(self.name, f"bagian {part!r} berisi deklarasi DOCTYPE") from None

    def _workbook_folder(self) -> str:
        """The folder of the workbook part ("xl" in every real file), as the reader finds it."""
        targets: list[str] = []

        def relationship(name: str, attrs: dict[str, str]) -> None:
            if name.rpartition(":")[2] == "Relationship" and attrs.get("Type", "").endswith(
                "/officeDocument"
            ):
                targets.append(attrs.get("Target", ""))

        self._parse(_PACKAGE_RELATIONSHIPS, relationship)
        if not targets:
            raise broken(self.name)
        if len(targets) > 1:
            # Which of two workbooks the reader opens is not ours to guess.
            raise suspicious(self.name, "paketnya menunjuk lebih dari satu buku kerja")
        return targets[0].lstrip("/").rpartition("/")[0]

    def _in_folder(self, name: str) -> str:
        return f"{self._folder}/{name}" if self._folder else name

    def _sheets(self) -> list[SheetPart]:
        """The sheets in workbook order, each with its part (found as the reader finds it)."""
        targets: dict[str, str] = {}
        listed: list[tuple[str, str, str]] = []

        def relationship(name: str, attrs: dict[str, str]) -> None:
            if name.rpartition(":")[2] == "Relationship" and "Id" in attrs:
                targets[attrs["Id"]] = attrs.get("Target", "")

        def sheet(name: str, attrs: dict[str, str]) -> None:
            if name.rpartition(":")[2] == "sheet":
                rid = attrs.get("r:id", attrs.get("relationships:id", ""))
                listed.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))

        if self._archive.find(self._in_folder(_WORKBOOK)) is None:
            return []  # the reader then lists no sheet either
        self._parse(self._in_folder(_RELATIONSHIPS), relationship)
        self._parse(self._in_folder(_WORKBOOK), sheet)
        sheets = []
        for name, state, rid in listed:
            target = targets.get(rid)
            if target is None:
                raise broken(self.name)
            # "/x/y.xml" from the package's root; anything else inside the folder,
            # even when it already starts with the folder's name (as the reader does).
            part = target[1:] if target.startswith("/") else self._in_folder(target)
            sheets.append(SheetPart(name, part, state == "visible"))
        return sheets

    def _shared_strings(self) -> SharedStrings:
        info = self._archive.find(self._in_folder(_SHARED_STRINGS))
        if info is None:
            return SharedStrings()

        def check(count: int) -> None:
            if count > MAX_SHARED_STRINGS:
                raise ReadError(
                    "berkas_terlalu_besar",
                    f"Berkas {self.name} berisi lebih dari {number(MAX_SHARED_STRINGS)} teks "
                    f"berbeda, melebihi batas yang dapat dibaca dari XLSX. {_AS_CSV}.",
                )

        try:
            return scan_shared_strings(lambda: self._chunks(info, MAX_SHEET_PART_BYTES), check)
        except (UnsafeXmlError, BrokenXmlError, TextRunTooLongError) as err:
            raise self._xml_refusal(err, "teks bersama (sharedStrings)") from None

    def _xml_refusal(self, err: Exception, where: str) -> ReadError:
        if isinstance(err, UnsafeXmlError):
            return suspicious(self.name, f"bagian {where} berisi deklarasi DOCTYPE atau ENTITY")
        if isinstance(err, TextRunTooLongError):
            return ReadError(
                "sel_terlalu_panjang",
                f"Berkas {self.name}: {where} berisi teks sepanjang lebih dari 1 MiB dalam satu "
                "sel; Excel sendiri membatasi satu sel 32.767 karakter. Periksa sel yang sangat "
                "panjang, pendekkan, lalu simpan ulang.",
            )
        return broken(self.name)

    def check_sheet(self, sheet: str) -> SheetScan:
        """Scan `sheet`; refuse it, naming the far cell, when reading it would pass a limit."""
        found = next((s for s in self.sheets if s.name == sheet), None)
        info = self._archive.find(found.part) if found is not None else None
        if info is None:
            raise broken(self.name)
        where = f"Lembar {sheet!r} di berkas {self.name}"
        dimension_checked = False

        def check(scan: SheetScan) -> None:
            nonlocal dimension_checked
            if not dimension_checked and scan.dimension is not None:
                self._check_dimension(where, scan.dimension)
                dimension_checked = True
            self._check_cells(where, scan)

        try:
            return scan_sheet(lambda: self._chunks(info, MAX_SHEET_PART_BYTES), self.strings, check)
        except (UnsafeXmlError, BrokenXmlError, TextRunTooLongError) as err:
            raise self._xml_refusal(err, f"lembar {sheet!r}") from None

    def _check_dimension(self, where: str, dimension: str) -> None:
        # The size the sheet declares (<dimension ref="A1:XFD1048576"/>): a
        # reader may reserve memory for it before reading a cell (calamine does
        # for a small one, other readers always), so a sheet that declares more
        # than the limit is refused even when its filled cells are few.
        try:
            corners = [parse_ref(part) for part in dimension.split(":")]
        except ValueError:
            return  # the reader refuses it itself
        if len(corners) != 2 or corners[0][1] is None or corners[1][1] is None:
            return
        rows = abs(corners[1][0] - corners[0][0]) + 1
        cols = abs(corners[1][1] - corners[0][1]) + 1
        if rows * cols > MAX_SHEET_CELLS:
            far = cell_name(max(corners[0][0], corners[1][0]), max(corners[0][1], corners[1][1]))
            raise ReadError(
                "lembar_terlalu_besar",
                f"{where} mencatat ukurannya {dimension} sampai sel {far} "
                f"({number(rows)} baris × {number(cols)} kolom = {number(rows * cols)} sel), "
                f"melebihi batas {number(MAX_SHEET_CELLS)} sel; biasanya karena ada isi atau "
                f"format sel jauh di luar tabel. {_TRIM}.",
            )

    def _check_cells(self, where: str, scan: SheetScan) -> None:
        if scan.last_row_cell is None or scan.last_column_cell is None:
            return
        last_row = cell_name(*scan.last_row_cell)
        last_column = cell_name(*scan.last_column_cell)
        if scan.rows > MAX_SHEET_ROWS:
            raise ReadError(
                "baris_terlalu_banyak",
                f"{where} berisi sel {last_row} di baris {number(scan.rows)}, melewati batas "
                f"Excel {number(MAX_SHEET_ROWS)} baris. {_TRIM}.",
            )
        if scan.columns > MAX_COLUMNS:
            raise ReadError(
                "kolom_terlalu_banyak",
                f"{where} memiliki {number(scan.columns)} kolom; batas {MAX_COLUMNS} (kolom "
                f"terjauh berisi sel {last_column}). Hapus kolom yang tidak diperlukan atau di "
                "luar tabel, lalu simpan ulang.",
            )
        cells = scan.rows * scan.columns
        if cells > MAX_SHEET_CELLS:
            far = last_row if scan.rows * MAX_COLUMNS > MAX_SHEET_CELLS else last_column
            raise ReadError(
                "lembar_terlalu_besar",
                f"{where} berisi sel {far} jauh di luar tabel: lembar terbaca sebagai "
                f"{number(scan.rows)} baris × {number(scan.columns)} kolom = {number(cells)} sel, "
                f"melebihi batas {number(MAX_SHEET_CELLS)} sel. {_TRIM}; bila semua baris itu "
                "memang data, simpan sebagai CSV UTF-8 atau pecah menjadi beberapa berkas.",
            )
        needed = estimate(scan, self.strings)
        if needed > MAX_XLSX_READ_BYTES:
            raise ReadError(
                "lembar_terlalu_besar",
                f"{where} terlalu besar untuk dibaca dari XLSX: sampai baris {number(scan.rows)} "
                f"saja ({number(scan.columns)} kolom, teks sekitar "
                f"{number(scan.text_bytes / 2**20)} MiB) sudah memerlukan sekitar "
                f"{number(needed / 2**30, 1)} GiB memori, batasnya "
                f"{number(MAX_XLSX_READ_BYTES / 2**30)} GiB. {_AS_CSV}.",
            )

"""The hostile-file corpus: files made to break or fool the import, written by code (no blobs).

    .venv/bin/python tests/hostile/corpus.py OUT_DIR     # writes the files and manifest.json

Each case is a file plus what the import must make of it: refused with a
reason code (nothing stored), or imported with some rows quarantined under a
code, or imported cleanly. Every file is small on disk (the largest about
3 MB) however much it claims to hold. The tests (tests/e2e/test_hostile_files.py,
tests/e2e/test_hostile_upload.py) and benchmarks/hostile_files.py build it
with ``build(folder)``.
"""

from __future__ import annotations

import json
import struct
import sys
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROFILE = "interchange"
HEADER = ("record_id", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah")
# Two rows every rule accepts (Banjarmasin Utara, born 5 July 1985 and 1 January 1990).
CLEAN = (
    ("R-1", "6371014507850003", "SITI AMINAH", "P", "1985-07-05", "63.71.01.1001"),
    ("R-2", "6371010101900001", "BUDI SANTOSO", "L", "1990-01-01", "63.71.01.1001"),
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Case:
    name: str  # the file's name in the corpus folder
    what: str  # what the file is (for the benchmark's table)
    outcome: str  # "ditolak" (refused) | "karantina" (imported, rows quarantined) | "diterima"
    code: str | None = None  # the refusal's code, or the quarantine reason expected
    quarantined: dict[str, list[str]] = field(default_factory=dict)  # record_id -> reasons
    accepted: int = 0  # rows expected in the registry (imported files)
    names: list[str] = field(default_factory=list)  # names expected as stored, exactly


# --- writing XLSX by hand: every part under our control ------------------------


def column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_cell(ref: str, value: str) -> str:
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'


def rows_xml(rows: Iterable[Iterable[str]], first: int = 1) -> str:
    out = []
    for r, row in enumerate(rows, start=first):
        cells = "".join(text_cell(f"{column(c)}{r}", v) for c, v in enumerate(row, 1) if v)
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, dimension: str | None = None, before: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{before}'
        f"<worksheet {_NS}>{dim}<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def write_xlsx(
    path: Path,
    sheet: bytes | Iterable[bytes],
    shared: bytes | Iterable[bytes] | None = None,
    *,
    extra: Iterable[tuple[str, bytes]] = (),
    level: int = 6,
) -> Path:
    """A one-sheet workbook ("Data"); `sheet` and `shared` may be streamed in pieces."""
    shared_rel = (
        f'<Relationship Id="rId2" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        if shared is not None
        else ""
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL_NS}">'
            '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f"{shared_rel}</Relationships>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        _stream(book, "xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            _stream(book, "xl/sharedStrings.xml", shared)
        for name, data in extra:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a duplicate name is the point
                book.writestr(name, data)
    return path


def _stream(book: zipfile.ZipFile, name: str, data: bytes | Iterable[bytes]) -> None:
    if isinstance(data, bytes):
        book.writestr(name, data)
        return
    with book.open(name, "w", force_zip64=True) as out:
        for piece in data:
            out.write(piece)


def table(*extra_rows: tuple[str, ...]) -> str:
    return rows_xml([HEADER, *CLEAN, *extra_rows])


# --- the cases ------------------------------------------------------------------


def _dimension_lie(folder: Path) -> Case:
    write_xlsx(folder / "dimensi_palsu.xlsx", sheet_xml(table(), "A1:XFD1048576"))
    return Case(
        "dimensi_palsu.xlsx",
        "<dimension> says A1:XFD1048576, three rows filled",
        "ditolak",
        "lembar_terlalu_besar",
    )


def _far_cell_xfd(folder: Path) -> Case:
    far = text_cell("XFD1048576", "x")
    write_xlsx(
        folder / "sel_jauh_xfd.xlsx",
        sheet_xml(table() + f'<row r="1048576">{far}</row>', "A1:F3"),
    )
    return Case(
        "sel_jauh_xfd.xlsx", "one filled cell at XFD1048576", "ditolak", "kolom_terlalu_banyak"
    )


def _far_cell_gr(folder: Path) -> Case:
    far = text_cell("GR1048576", "x")
    write_xlsx(
        folder / "sel_jauh_gr.xlsx", sheet_xml(table() + f'<row r="1048576">{far}</row>', "A1:F3")
    )
    return Case(
        "sel_jauh_gr.xlsx", "one filled cell at GR1048576", "ditolak", "lembar_terlalu_besar"
    )


def _shared_strings_bomb(folder: Path) -> Case:
    # 96 MiB of identical shared strings, deflated about 1,000 to 1.
    piece = b"<si><t>a</t></si>" * 65536
    strings = [
        f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>'.encode(),
        *([piece] * 96),
        b"</sst>",
    ]
    sheet = sheet_xml(table())
    write_xlsx(folder / "bom_zip.xlsx", sheet, strings, level=9)
    return Case(
        "bom_zip.xlsx",
        "zip bomb: 96 MiB of shared strings in 100 KB",
        "ditolak",
        "arsip_mencurigakan",
    )


def _amplified_string(folder: Path) -> Case:
    # One 32,000-character shared string, named by 100,000 cells: 3.2 GB once read.
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}><si><t>{"x" * 32000}</t></si></sst>'
    ).encode()
    body = [rows_xml([HEADER]).encode()]
    body += [
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="C{r}" t="s"><v>0</v></c></row>'.encode()
        for r in range(2, 100_002)
    ]
    sheet = [
        sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>",
        *body,
        b"</sheetData></worksheet>",
    ]
    write_xlsx(folder / "teks_berlipat.xlsx", sheet, strings)
    return Case(
        "teks_berlipat.xlsx",
        "one 32,000-character shared string in 100,000 cells",
        "ditolak",
        "lembar_terlalu_besar",
    )


def _too_many_rows(folder: Path) -> Case:
    # 1,048,580 rows: past Excel's 1,048,576 (1,048,576 would be the limit itself).
    def pieces() -> Iterable[bytes]:
        yield sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>" + rows_xml([HEADER]).encode()
        batch = []
        for r in range(2, 1_048_581):
            batch.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>')
            if len(batch) == 50_000:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode() + b"</sheetData></worksheet>"

    write_xlsx(folder / "baris_terlalu_banyak.xlsx", pieces())
    return Case(
        "baris_terlalu_banyak.xlsx",
        "1,048,580 filled rows (Excel stops at 1,048,576)",
        "ditolak",
        "baris_terlalu_banyak",
    )


def _too_many_columns(folder: Path) -> Case:
    wide = [f"kolom_{i}" for i in range(7, 301)]
    header = (*HEADER, *wide)
    rows = [header, *[(*row, *("x" for _ in wide)) for row in CLEAN]]
    write_xlsx(folder / "kolom_terlalu_banyak.xlsx", sheet_xml(rows_xml(rows)))
    return Case(
        "kolom_terlalu_banyak.xlsx", "300 filled columns", "ditolak", "kolom_terlalu_banyak"
    )


def _formulas(folder: Path) -> Case:
    cells = rows_xml([HEADER, *CLEAN])
    # a HYPERLINK whose cached value is a name; R-4: a NIK computed by a
    # formula; R-5: a formula with no cached value at all; R-6: a formula only
    # in a column the profile does not use (umur), accepted.
    extra = (
        '<row r="4">' + text_cell("A4", "R-3") + text_cell("B4", "6371015203800002")
        + '<c r="C4" t="str"><f>HYPERLINK("http://contoh.invalid/x","NAMA PALSU")</f>'
        "<v>NAMA PALSU</v></c>"
        + text_cell("D4", "P") + text_cell("E4", "1980-03-12") + text_cell("F4", "63.71.01.1001")
        + "</row>"
        '<row r="5">' + text_cell("A5", "R-4")
        + '<c r="B5" t="str"><f>CONCATENATE("637101","0101","900002")</f>'
        "<v>6371010101900002</v></c>"
        + text_cell("C5", "RUDI") + text_cell("D5", "L") + text_cell("E5", "1990-01-01")
        + text_cell("F5", "63.71.01.1001") + "</row>"
        '<row r="6">' + text_cell("A6", "R-5") + text_cell("B6", "6371010101900003")
        + '<c r="C6"><f>UPPER(G6)</f></c>'
        + text_cell("D6", "L") + text_cell("E6", "1990-01-01") + text_cell("F6", "63.71.01.1001")
        + text_cell("G6", "yusuf") + "</row>"
        '<row r="7">' + text_cell("A7", "R-6") + text_cell("B7", "6371010101900004")
        + text_cell("C7", "AHMAD") + text_cell("D7", "L") + text_cell("E7", "1990-01-01")
        + text_cell("F7", "63.71.01.1001") + '<c r="H7"><f>2025-1990</f><v>35</v></c>'
        + "</row>"
    )  # fmt: skip
    header_more = text_cell("G1", "catatan") + text_cell("H1", "umur")
    cells = cells.replace("</row>", header_more + "</row>", 1)
    write_xlsx(folder / "rumus.xlsx", sheet_xml(cells + extra))
    return Case(
        "rumus.xlsx",
        "formulas: HYPERLINK name, computed NIK, no cached value, one in an unused column",
        "karantina",
        "rumus_excel_nama",
        quarantined={
            "R-3": ["rumus_excel_nama"],
            "R-4": ["rumus_excel_nik"],
            "R-5": ["nama_kosong", "rumus_excel_nama"],
        },
        accepted=3,
    )


def _declared_size_lie(folder: Path) -> Case:
    path = write_xlsx(folder / "ukuran_palsu.xlsx", sheet_xml(table()))
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # The sheet claims 100 bytes in both its local header and the directory.
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        (size_name,) = struct.unpack("<H", data[local + 26 : local + 28])
        if data[local + 30 : local + 30 + size_name] == name:
            data[local + 22 : local + 26] = struct.pack("<L", 100)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        (size_name,) = struct.unpack("<H", data[central + 28 : central + 30])
        if data[central + 46 : central + 46 + size_name] == name:
            data[central + 24 : central + 28] = struct.pack("<L", 100)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return Case(
        "ukuran_palsu.xlsx",
        "a sheet whose declared size is smaller than its content",
        "ditolak",
        "arsip_mencurigakan",
    )


def _doctype(folder: Path) -> Case:
    laughs = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    write_xlsx(folder / "entitas_xml.xlsx", sheet_xml(table(), before=laughs))
    return Case(
        "entitas_xml.xlsx",
        "XML entity declarations (billion laughs)",
        "ditolak",
        "arsip_mencurigakan",
    )


def _duplicate_part(folder: Path) -> Case:
    far = sheet_xml(table() + f'<row r="1048576">{text_cell("XFD1048576", "x")}</row>')
    write_xlsx(
        folder / "bagian_ganda.xlsx",
        sheet_xml(table()),
        extra=[("XL/Worksheets/Sheet1.xml", far)],
    )
    return Case(
        "bagian_ganda.xlsx",
        "two sheet parts of the same name (one harmless, one a bomb)",
        "ditolak",
        "arsip_mencurigakan",
    )


def _csv(rows: Iterable[Iterable[str]], end: str = "\n") -> bytes:
    return "".join(",".join(row) + end for row in rows).encode()


def _csv_named_xlsx(folder: Path) -> Case:
    (folder / "csv_bernama_xlsx.xlsx").write_bytes(_csv([HEADER, *CLEAN]))
    return Case("csv_bernama_xlsx.xlsx", "a CSV named .xlsx", "ditolak", "xlsx_rusak")


def _xlsx_named_csv(folder: Path) -> Case:
    write_xlsx(folder / "xlsx_bernama_csv.csv", sheet_xml(table()))
    return Case("xlsx_bernama_csv.csv", "an .xlsx named .csv", "ditolak", "berkas_biner")


def _nul_bytes(folder: Path) -> Case:
    (folder / "byte_nul.csv").write_bytes(_csv([HEADER, *CLEAN]).replace(b"SITI", b"SI\x00TI"))
    return Case("byte_nul.csv", "NUL bytes in a CSV", "ditolak", "berkas_biner")


def _old_excel(folder: Path) -> Case:
    # An old .xls, or an .xlsx with a password: an OLE compound file.
    (folder / "excel_lama.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return Case(
        "excel_lama.xlsx", "an old .xls or a password-protected .xlsx", "ditolak", "xlsx_rusak"
    )


def _empty_csv(folder: Path) -> Case:
    (folder / "kosong.csv").write_bytes(b"")
    return Case("kosong.csv", "an empty .csv", "ditolak", "berkas_kosong")


def _empty_xlsx(folder: Path) -> Case:
    (folder / "kosong.xlsx").write_bytes(b"")
    return Case("kosong.xlsx", "an empty .xlsx", "ditolak", "berkas_kosong")


def _long_field(folder: Path) -> Case:
    long_note = "x" * (130 * 1024)
    (folder / "sel_panjang.csv").write_bytes(
        _csv([(*HEADER, "catatan"), (*CLEAN[0], long_note), (*CLEAN[1], "ok")])
    )
    return Case("sel_panjang.csv", "a CSV field of 130 KiB", "ditolak", "sel_terlalu_panjang")


def _cr_only(folder: Path) -> Case:
    # Old Mac line ends (a CR alone), the last one a CR LF as another program
    # left it: read before as "only a header".
    (folder / "hanya_cr.csv").write_bytes(_csv([HEADER, *CLEAN], end="\r") + b"\n")
    return Case(
        "hanya_cr.csv", "CR-only line ends (old Mac), a CR LF at the end", "diterima", accepted=2
    )


def _repeated_header(folder: Path) -> Case:
    (folder / "judul_ganda.csv").write_bytes(
        _csv([(*HEADER, "nama"), *((*row, "ORANG LAIN") for row in CLEAN)])
    )
    return Case("judul_ganda.csv", "the header nama twice", "ditolak", "kolom_ganda")


def _invisible_characters(folder: Path) -> Case:
    hidden = (
        ("R-1", "6371014507850003", "SI\u200bTI AMI\u200dNAH", "P", "1985-07-05", "63.71.01.1001"),
        ("R-2", "6371010101900001", "\u202eHANTOS IDUB\u202c", "L", "1990-01-01", "63.71.01.1001"),
        ("R-3", "637101\u20605203800002", "\ufeffRINA\u2066\u2069", "P", "1980-03-12",
         "63.71.01.1001"),
    )  # fmt: skip
    (folder / "karakter_tak_terlihat.csv").write_bytes(_csv([HEADER, *hidden]))
    return Case(
        "karakter_tak_terlihat.csv",
        "zero-width, bidi-override and BOM characters in names and a NIK",
        "diterima",
        accepted=3,
        names=["SITI AMINAH", "HANTOS IDUB", "RINA"],
    )


# Every case, in a fixed order: one function each, writing its file into a folder.
CASES = [
    _dimension_lie,
    _far_cell_xfd,
    _far_cell_gr,
    _shared_strings_bomb,
    _amplified_string,
    _too_many_rows,
    _too_many_columns,
    _formulas,
    _declared_size_lie,
    _doctype,
    _duplicate_part,
    _csv_named_xlsx,
    _xlsx_named_csv,
    _nul_bytes,
    _old_excel,
    _empty_csv,
    _empty_xlsx,
    _long_field,
    _cr_only,
    _repeated_header,
    _invisible_characters,
]


def build(folder: Path) -> list[Case]:
    """Write every case's file into `folder` (created); the cases, in CASES' order."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = [make(folder) for make in CASES]
    (folder / "manifest.json").write_text(json.dumps([asdict(c) for c in cases], indent=1))
    return cases


if __name__ == "__main__":
    for case in build(Path(sys.argv[1])):
        print(f"{case.name:<28} {case.outcome:<10} {case.code or '':<22} {case.what}")

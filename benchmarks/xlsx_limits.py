"""Benchmark: what reading an XLSX costs, the basis of the limits in ingest/reading/limits.py.

    .venv/bin/python benchmarks/xlsx_limits.py [--rows 1048575] [--skip-register]

Each workbook is read in a process of its own and its peak memory taken from
the kernel (wait4's ru_maxrss, through benchmarks/peak.py):

- ``grid``: one filled cell far from the header, a grid of 10 million empty
  cells: the cost of a grid cell (XLSX_BYTES_PER_CELL);
- ``text``: 200,000 rows whose two cells name one 1,000-byte shared string:
  the cost of a byte of cell text (XLSX_BYTES_PER_TEXT_BYTE);
- ``strings``: 3 million shared strings of 10 characters, read by opening the
  workbook: the cost of a shared string (XLSX_BYTES_PER_SHARED_STRING);
- ``register``: the interchange register of benchmarks/import_interchange.py
  as Excel would save it (--rows rows, 13 columns): the scan's own cost next to
  the read's, and the estimate next to the measured peak.

For each: what ``read_table`` costs with the limits lifted ("raw": the
reader, the frame and its cleaning), the checks' estimate ("scan"), and for
the register also the whole read with the checks. Printed as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from peak import run_measured

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _workbook(path: Path, sheet: list[bytes], strings: list[bytes] | None) -> Path:
    rels = f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if strings is not None:
        rels += f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook {_NS} xmlns:r="{_REL}"><sheets><sheet name="Data" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{rels}</Relationships>',
        )
        for name, pieces in (
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", strings),
        ):
            if pieces is None:
                continue
            with book.open(name, "w", force_zip64=True) as out:
                for piece in pieces:
                    out.write(piece)
    return path


def _sheet(rows: list[str]) -> list[bytes]:
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>nik</t></is></c>'
    header += '<c r="B1" t="inlineStr"><is><t>nama</t></is></c></row>'
    return [f"<worksheet {_NS}><sheetData>{header}".encode(), *(r.encode() for r in rows),
            b"</sheetData></worksheet>"]  # fmt: skip


def grid(folder: Path) -> Path:
    far = '<row r="500000"><c r="T500000" t="inlineStr"><is><t>x</t></is></c></row>'
    return _workbook(folder / "grid.xlsx", _sheet([far]), None)


def text(folder: Path) -> Path:
    rows = [
        "".join(
            f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}" t="s"><v>0</v></c></row>'
            for r in range(start, min(start + 10_000, 200_002))
        )
        for start in range(2, 200_002, 10_000)
    ]
    strings = [f"<sst {_NS}><si><t>{'x' * 1000}</t></si></sst>".encode()]
    return _workbook(folder / "text.xlsx", _sheet(rows), strings)


def strings(folder: Path) -> Path:
    sst = [f"<sst {_NS}>".encode()] + [
        "".join(f"<si><t>s{i:09d}</t></si>" for i in range(start, start + 100_000)).encode()
        for start in range(0, 3_000_000, 100_000)
    ] + [b"</sst>"]  # fmt: skip
    rows = ['<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>']
    return _workbook(folder / "strings.xlsx", _sheet(rows), sst)


def register(folder: Path, rows: int) -> Path:
    import polars as pl

    from import_interchange import build_file
    from xlsx_file import write_xlsx

    csv = build_file(rows, folder / "register.csv")
    path = write_xlsx(pl.read_csv(csv, infer_schema=False), folder / "register.xlsx")
    csv.unlink()
    return path


# --- in the measuring child ----------------------------------------------------------


def child(mode: str, path: Path) -> dict:
    from datusoban.impor.reading import read_table
    from datusoban.impor.reading.workbook import CheckedWorkbook, estimate

    start = time.perf_counter()
    out: dict = {}
    if mode == "raw":  # what read_table costs, with the limits lifted for the measurement
        from datusoban.impor.reading import workbook

        for limit in ("MAX_SHEET_CELLS", "MAX_XLSX_READ_BYTES", "MAX_COLUMNS"):
            setattr(workbook, limit, 1 << 60)
        try:
            out["shape"] = list(read_table(path).frame.shape)
        except Exception as err:  # a sheet without a header row still measures the read
            out["refused"] = getattr(err, "code", type(err).__name__)
    elif mode == "scan":
        with CheckedWorkbook(path) as book:
            scan_start = time.perf_counter()
            try:
                scan = book.check_sheet(book.sheet_names[0])
            except Exception as err:  # a limit: the estimate is what matters here
                out["refused"] = getattr(err, "code", type(err).__name__)
                scan = None
            out["scan_s"] = round(time.perf_counter() - scan_start, 2)
            out["strings_s"] = round(scan_start - start, 2)
            if scan is not None:
                out["grid_cells"] = scan.rows * scan.columns
                out["text_mb"] = round(scan.text_bytes / 1e6)
                out["shared_strings"] = book.strings.count
                out["estimate_mb"] = round(estimate(scan, book.strings) / 1e6)
    else:  # the whole read, checks included
        table = read_table(path)
        out["shape"] = list(table.frame.shape)
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


def measure(mode: str, path: Path) -> dict:
    with tempfile.TemporaryFile() as result:
        status, peak = run_measured(
            [sys.executable, __file__, "--child", mode, str(path)], stdout=result
        )
        result.seek(0)
        found = json.loads(result.read() or b"{}")
    return {**found, "exit": status, "peak_mb": round(peak / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_048_575)
    parser.add_argument("--skip-register", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))), flush=True)
        return
    machine = f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    print(json.dumps({"machine": machine}), flush=True)
    with tempfile.TemporaryDirectory(prefix="datusoban-xlsx-limits-") as folder:
        books = [grid, text, strings]
        if not args.skip_register:
            books.append(lambda f: register(f, args.rows))
        for make in books:
            path = make(Path(folder))
            row = {"file": path.name, "bytes": path.stat().st_size}
            row["raw"] = measure("raw", path)
            row["scan"] = measure("scan", path)
            if path.name == "register.xlsx":
                row["read_table"] = measure("read", path)
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()

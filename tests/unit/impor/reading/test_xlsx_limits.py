"""XLSX files checked before the reader allocates: archive, shared strings, each sheet's extent.

The files are written part by part (tests/hostile/corpus.py's helpers), so
each one says exactly what a hostile workbook can say. Before these checks a
far cell made the reader ask for 512 GiB and abort the whole process; the
files that would do so are read here in the test process itself, which would
not survive that.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import fastexcel
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datusoban.impor.reading import ReadError, read_table, sheet_names
from datusoban.impor.reading.archive import Archive
from datusoban.impor.reading.xml_sheet import scan_sheet
from datusoban.impor.reading.xml_strings import SharedStrings

_spec = importlib.util.spec_from_file_location(
    "hostile_corpus", Path(__file__).parents[4] / "tests" / "hostile" / "corpus.py"
)
corpus = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(corpus)
sheet_xml, text_cell, write_xlsx, table = (
    corpus.sheet_xml,
    corpus.text_cell,
    corpus.write_xlsx,
    corpus.table,
)


def refused(path: Path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_table(path)
    assert path.name in caught.value.message
    return caught.value


def test_a_filled_cell_at_xfd1048576_is_refused_naming_the_sheet_and_the_cell(tmp_path):
    far = f'<row r="1048576">{text_cell("XFD1048576", "x")}</row>'
    err = refused(write_xlsx(tmp_path / "jauh.xlsx", sheet_xml(table() + far, "A1:F3")))
    assert err.code == "kolom_terlalu_banyak"
    assert "Lembar 'Data'" in err.message and "XFD1048576" in err.message


def test_a_cell_at_gr1048576_is_refused_for_the_grid_it_would_make(tmp_path):
    far = f'<row r="1048576">{text_cell("GR1048576", "x")}</row>'
    err = refused(write_xlsx(tmp_path / "jauh.xlsx", sheet_xml(table() + far)))
    assert err.code == "lembar_terlalu_besar"
    assert "GR1048576" in err.message
    assert "1.048.576 baris × 200 kolom" in err.message
    assert "Hapus baris/kolom di luar tabel" in err.message and "simpan ulang" in err.message


def test_a_row_past_excels_grid_is_refused(tmp_path):
    far = f'<row r="2000000">{text_cell("A2000000", "x")}</row>'
    err = refused(write_xlsx(tmp_path / "baris.xlsx", sheet_xml(table() + far)))
    assert err.code == "baris_terlalu_banyak" and "A2000000" in err.message


def test_a_dimension_that_claims_the_whole_grid_is_refused(tmp_path):
    err = refused(write_xlsx(tmp_path / "dim.xlsx", sheet_xml(table(), "A1:XFD1048576")))
    assert err.code == "lembar_terlalu_besar"
    assert "A1:XFD1048576" in err.message


def test_formatting_to_the_edge_without_values_is_read(tmp_path):
    # Formatting run off to column XFD on a few rows, and a formatted empty
    # cell in the grid's last corner: the reader ignores cells without values.
    styled = '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    path = write_xlsx(tmp_path / "format.xlsx", sheet_xml(table() + styled, "A1:XFD300"))
    assert read_table(path).frame.height == 2


def test_one_long_shared_string_in_many_cells_is_refused_before_it_is_copied(tmp_path):
    strings = f"<sst {corpus._NS}><si><t>{'x' * 32000}</t></si><si><t>SITI</t></si></sst>".encode()
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="C{r}" t="s"><v>0</v></c></row>'
        for r in range(2, 80_002)
    )
    header = corpus.rows_xml([corpus.HEADER])
    err = refused(write_xlsx(tmp_path / "teks.xlsx", sheet_xml(header + rows), strings))
    assert err.code == "lembar_terlalu_besar"
    assert "CSV UTF-8" in err.message and "GiB" in err.message


def test_a_zip_bomb_is_refused_from_the_archive_directory(tmp_path):
    strings = [f"<sst {corpus._NS}>".encode(), *([b"<si><t>a</t></si>" * 65536] * 8), b"</sst>"]
    err = refused(write_xlsx(tmp_path / "bom.xlsx", sheet_xml(table()), strings, level=9))
    assert err.code == "arsip_mencurigakan"
    assert "sharedStrings" in err.message and "kali" in err.message


def test_too_many_parts_are_refused_before_zipfile_reads_them(tmp_path):
    extra = [(f"xl/media/image{i}.png", b"") for i in range(10_001)]
    err = refused(write_xlsx(tmp_path / "bagian.xlsx", sheet_xml(table()), extra=extra))
    assert err.code == "arsip_mencurigakan" and "10.006 bagian (batas 10.000)" in err.message


def test_two_parts_the_reader_cannot_tell_apart_are_refused(tmp_path):
    other = ("XL/WORKSHEETS/SHEET1.XML", sheet_xml(table()))
    err = refused(write_xlsx(tmp_path / "ganda.xlsx", sheet_xml(table()), extra=[other]))
    assert err.code == "arsip_mencurigakan" and "dua kali" in err.message


def test_a_part_larger_than_declared_is_refused(tmp_path):
    case = corpus._declared_size_lie(tmp_path)
    assert refused(tmp_path / case.name).code == "arsip_mencurigakan"


def test_xml_entity_declarations_are_refused(tmp_path):
    case = corpus._doctype(tmp_path)
    err = refused(tmp_path / case.name)
    assert err.code == "arsip_mencurigakan" and "DOCTYPE" in err.message


def test_a_hidden_sheet_is_never_loaded(tmp_path):
    # A hidden sheet holding a far cell: only the visible sheet is scanned and read.
    book = tmp_path / "tersembunyi.xlsx"
    write_xlsx(book, sheet_xml(table()))
    far = sheet_xml(table() + f'<row r="1048576">{text_cell("XFD1048576", "x")}</row>')
    with zipfile.ZipFile(book) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="Daftar" sheetId="2" state="hidden" r:id="rId9"/></sheets>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>',
    )
    parts["xl/worksheets/sheet2.xml"] = far
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    assert sheet_names(book) == ["Data", "Daftar"]
    assert read_table(book).sheet == "Data"
    assert refused_sheet(book, "Daftar").code == "kolom_terlalu_banyak"


def refused_sheet(path: Path, sheet: str) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_table(path, sheet=sheet)
    return caught.value


def test_formula_cells_are_found_with_their_row_and_column(tmp_path):
    case = corpus._formulas(tmp_path)
    table_ = read_table(tmp_path / case.name, header_hint=corpus.HEADER)
    assert sorted(table_.formulas.rows()) == [(4, "nama"), (5, "nik"), (6, "nama"), (7, "umur")]


# --- the scan follows the reader --------------------------------------------------

# A cell: (row, column, kind). Kinds: a value, inline text, a formula with its
# value, a formula without one, formatting only (no value: the reader skips it).
_cells = st.lists(
    st.tuples(
        st.integers(1, 40),
        st.integers(1, 30),
        st.sampled_from(["value", "inline", "formula", "bare_formula", "styled"]),
    ),
    min_size=1,
    max_size=40,
    unique_by=lambda cell: cell[:2],
)


def _render(cells: list[tuple[int, int, str]], style: str) -> bytes:
    """The cells as sheet XML, written the way one kind of writer writes them."""
    prefix = "x:" if style == "prefixed" else ""
    rows: dict[int, list[str]] = {}
    for row, col, kind in sorted(cells):
        ref = f"{corpus.column(col)}{row}"
        at = f'r="{ref}"' if style != "reversed" else f's="0" r="{ref}"'
        c, v, f, is_, t = (f"{prefix}{n}" for n in ("c", "v", "f", "is", "t"))
        body = {
            "value": f"<{v}>{row * 100 + col}</{v}>",
            "inline": f"<{is_}><{t}>teks {ref}</{t}></{is_}>",
            "formula": f"<{f}>1+1</{f}><{v}>2</{v}>",
            "bare_formula": f"<{f}>1+1</{f}>",
        }.get(kind)
        space = "\n    " if style == "pretty" else ""  # indented, as XML pretty-printers do
        cell = f"<{c} {at}/>" if body is None else f"<{c} {at}>{space}{body}{space}</{c}>"
        rows.setdefault(row, []).append(cell)
    data = "".join(f'<{prefix}row r="{r}">{"".join(cs)}</{prefix}row>' for r, cs in rows.items())
    ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    root = f"<{prefix}worksheet {ns if prefix else corpus._NS}>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{root}<{prefix}sheetData>{data}'
        f"</{prefix}sheetData></{prefix}worksheet>"
    ).encode()


def _scan(xml: bytes, exact: bool):
    return scan_sheet(lambda: iter([xml]), SharedStrings(), lambda scan: None, exact=exact)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=_cells, style=st.sampled_from(["canonical", "prefixed", "reversed", "pretty"]))
def test_the_fast_scan_and_expat_agree_and_match_what_the_reader_loads(tmp_path, cells, style):
    xml = _render(cells, style)
    fast, exact = _scan(xml, exact=False), _scan(xml, exact=True)
    # Unusual markup goes the exact way; a prefix shared by the whole sheet is dropped first.
    unusual = style == "reversed" or (style == "pretty" and any(k != "styled" for *_, k in cells))
    assert fast.exact == unusual
    filled = [(r, c) for r, c, kind in cells if kind not in ("styled", "bare_formula")]
    formulas = sorted((r, c) for r, c, kind in cells if kind in ("formula", "bare_formula"))
    for scan in (fast, exact):
        assert scan.cells >= len(filled)
        assert sorted(map(tuple, scan.formula_cells().tolist())) == formulas
    assert exact.cells == len(filled)
    if filled:
        assert exact.rows == max(r for r, _ in filled)
        assert (exact.first_column, exact.last_column) == (
            min(c for _, c in filled),
            max(c for _, c in filled),
        )
        # What the reader itself builds from this sheet: rows from the first, columns
        # from the first filled one.
        path = write_xlsx(tmp_path / f"{style}.xlsx", xml)
        loaded = fastexcel.read_excel(path).load_sheet(
            0, header_row=None, dtypes="string", skip_rows=0
        )
        assert (loaded.height, loaded.width) == (exact.rows, exact.columns)
    if style == "canonical":
        # The fast way may count a formula without a value as filled, never less.
        assert fast.rows >= exact.rows and fast.columns >= exact.columns


def test_the_archive_reads_parts_as_capped_streams(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", sheet_xml(table()))
    with Archive(path) as archive:
        info = archive.find("XL/WORKSHEETS/sheet1.xml")  # the reader ignores case too
        assert info is not None
        assert b"".join(archive.chunks(info, 1 << 20)).startswith(b"<?xml")
        with pytest.raises(ReadError) as caught:
            list(archive.chunks(info, 10))
        assert caught.value.code == "arsip_mencurigakan"


# --- the parts checked are the parts the reader reads -----------------------------

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _marked(marker: str) -> str:
    return sheet_xml(corpus.rows_xml([["nik", marker]])).decode()


def _relationships(*targets: tuple[str, str]) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, 1)
    )
    return f'<Relationships xmlns="{_PKG}">{rels}</Relationships>'


def _book(name: str) -> str:
    return (
        f'<workbook {corpus._NS} xmlns:r="{_OFFICE}"><sheets>'
        f'<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


_ROOT = f"{_OFFICE}/officeDocument"
_SHEET = f"{_OFFICE}/worksheet"
# Each layout hides decoys: parts a reader could read but this one does not.
_LAYOUTS = {
    "workbook in another folder": {
        "_rels/.rels": _relationships((_ROOT, "data/workbook.xml")),
        "data/workbook.xml": _book("D"),
        "data/_rels/workbook.xml.rels": _relationships((_SHEET, "worksheets/s.xml")),
        "data/worksheets/s.xml": _marked("data"),
        "xl/workbook.xml": _book("X"),
        "xl/_rels/workbook.xml.rels": _relationships((_SHEET, "worksheets/s.xml")),
        "xl/worksheets/s.xml": _marked("xl"),
    },
    "workbook part of another name": {
        "_rels/.rels": _relationships((_ROOT, "/xl/book.xml")),
        "xl/book.xml": _book("B"),
        "xl/_rels/book.xml.rels": _relationships((_SHEET, "worksheets/b.xml")),
        "xl/worksheets/b.xml": _marked("book"),
        "xl/workbook.xml": _book("W"),
        "xl/_rels/workbook.xml.rels": _relationships((_SHEET, "worksheets/w.xml")),
        "xl/worksheets/w.xml": _marked("workbook"),
    },
    "sheet target from the root": {
        "_rels/.rels": _relationships((_ROOT, "xl/workbook.xml")),
        "xl/workbook.xml": _book("W"),
        "xl/_rels/workbook.xml.rels": _relationships((_SHEET, "/other/w.xml")),
        "other/w.xml": _marked("root"),
        "xl/other/w.xml": _marked("inside"),
    },
    "sheet target repeating the folder": {
        "_rels/.rels": _relationships((_ROOT, "xl/workbook.xml")),
        "xl/workbook.xml": _book("W"),
        "xl/_rels/workbook.xml.rels": _relationships((_SHEET, "xl/worksheets/s.xml")),
        "xl/worksheets/s.xml": _marked("once"),
        "xl/xl/worksheets/s.xml": _marked("twice"),
    },
    "a workbook at the root": {
        "_rels/.rels": _relationships((_ROOT, "workbook.xml")),
        "workbook.xml": _book("R"),
        "_rels/workbook.xml.rels": _relationships((_SHEET, "s.xml")),
        "s.xml": _marked("root"),
    },
    "names in other case": {
        "_rels/.rels": _relationships((_ROOT, "xl/workbook.xml")),
        "XL/Workbook.xml": _book("W"),
        "xl/_rels/workbook.xml.rels": _relationships((_SHEET, "worksheets/s.xml")),
        "XL/WORKSHEETS/S.XML": _marked("case"),
    },
}


@pytest.mark.parametrize("layout", _LAYOUTS, ids=str)
def test_the_sheet_checked_is_the_sheet_the_reader_reads(tmp_path, layout):
    from datusoban.impor.reading.workbook import CheckedWorkbook

    path = tmp_path / "tata.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        for name, text in _LAYOUTS[layout].items():
            book.writestr(name, text)
    reader = fastexcel.read_excel(path)
    read = reader.load_sheet(0, header_row=None).to_polars().row(0)[1]
    with CheckedWorkbook(path) as checked, zipfile.ZipFile(path) as book:
        assert checked.sheet_names == reader.sheet_names
        (part,) = [n for n in book.namelist() if n.lower() == checked.sheets[0].part.lower()]
        assert f"<t>{read}</t>" in book.read(part).decode()


def test_a_package_naming_two_workbooks_is_refused(tmp_path):
    path = tmp_path / "dua.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(
            "_rels/.rels", _relationships((_ROOT, "data/workbook.xml"), (_ROOT, "xl/workbook.xml"))
        )
        book.writestr("xl/workbook.xml", _book("X"))
    assert refused(path).code == "arsip_mencurigakan"

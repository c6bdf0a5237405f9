"""The printed documents' one layout: text wrapped and cut to fit, a table that runs
across pages with its header again on each, the letterhead and "Halaman x dari y" on
every page. Read back with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from datusoban.pdf import AGENCY, REGULAR, Column, Document, fit, fonts, wrap


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_text_is_wrapped_at_spaces_and_cut_with_an_ellipsis():
    fonts()
    assert fit("Kabupaten Hulu Sungai Tengah", REGULAR, 10, 1000) == "Kabupaten Hulu Sungai Tengah"
    cut = fit("Kabupaten Hulu Sungai Tengah", REGULAR, 10, 60)
    assert cut.endswith("…") and len(cut) < 20
    lines = wrap("satu dua tiga empat lima enam tujuh delapan", REGULAR, 10, 80)
    assert len(lines) > 1 and " ".join(lines) == "satu dua tiga empat lima enam tujuh delapan"
    assert wrap("baris satu\nbaris dua", REGULAR, 10, 500) == ["baris satu", "baris dua"]


def test_a_long_table_runs_across_pages_with_its_header_and_the_page_numbers():
    doc = Document("Uji", subject="uji", footer=["Dicetak oleh uji", "catatan kaki"])
    doc.title("DAFTAR UJI", "sub judul")
    doc.facts([("Program", "PKH"), ("Wilayah", "63.71")])
    doc.table([Column("Nomor urut", 0.3, right=True), Column("Nama", 0.7)],
              [[str(i), f"Orang ke-{i}"] for i in range(1, 121)])  # fmt: skip
    doc.signature("Banjarmasin, 1 Januari 2026", "Kepala")
    pages = _pages(doc.finish())
    assert len(pages) >= 3 and sum("Orang ke-" in text for text in pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert AGENCY in text and "Dicetak oleh uji" in text
        assert f"Halaman {number} dari {len(pages)}" in text
        if "Orang ke-" in text:  # the header again on every page the table runs over
            assert "Nomor urut" in text
    everything = "\n".join(pages)
    assert all(f"Orang ke-{i}\n" in everything + "\n" for i in (1, 60, 120))
    assert "Banjarmasin, 1 Januari 2026" in pages[-1]


def test_an_empty_table_says_so():
    doc = Document("Uji", subject="uji")
    doc.table([Column("Nama", 1.0)], [], empty="Tidak ada usulan.")
    (text,) = _pages(doc.finish())
    assert "Tidak ada usulan." in text and "Halaman 1 dari 1" in text

"""The one layout of the printed documents (PDF): the letterhead of the Dinas Sosial
Provinsi Kalimantan Selatan, a title, facts, tables that run across pages with their
header repeated, a signature block, and a footer with "Halaman x dari y" on every page.

Every feature that prints (a certificate, a referral letter, an allocation list, a
family's summary, the kab/kota summary) draws with this module, so the documents look
alike and a change of letterhead is made once. Drawn on a ReportLab canvas; the fonts
are Bitstream Vera, shipped inside the ReportLab package: nothing is fetched and nothing
depends on the fonts of the machine.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

REGULAR, BOLD = "DatuSoban-Vera", "DatuSoban-VeraBd"
INK, MUTED, ACCENT, LINE = HexColor("#1d2b2a"), HexColor("#5f6b6a"), HexColor("#0b6e4f"), \
    HexColor("#d5dcdb")  # fmt: skip
WHITE = white
WIDTH, HEIGHT = A4
MARGIN = 42
BOTTOM = 70  # the footer's room: nothing is drawn below it but the footer

AGENCY = "DINAS SOSIAL PROVINSI KALIMANTAN SELATAN"
GOVERNMENT = "PEMERINTAH PROVINSI KALIMANTAN SELATAN"
# No street address: the office's letterhead paper carries it; the documents say where
# they come from and who printed them.
ADDRESS = "Banjarmasin, Kalimantan Selatan"


@cache
def fonts() -> None:
    """Register the shipped Vera fonts once per process (not at import time)."""
    folder = resources.files("reportlab") / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits in ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines of at most ``width`` points, at spaces (a word longer
    than a line is cut); each line break of ``text`` is kept."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if pdfmetrics.stringWidth(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = fit(word, font, size, width)
        lines.append(line)
    return lines


class _NumberedCanvas(Canvas):
    """A canvas that knows the page count when it saves: each page's footer says
    "Halaman x dari y" (the pages are kept until the end, then drawn)."""

    def __init__(self, *args, footer: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer = footer

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        self.setStrokeColor(LINE)
        self.line(MARGIN, 58, WIDTH - MARGIN, 58)
        self.setFillColor(MUTED)
        self.setFont(REGULAR, 7.5)
        for i, text in enumerate(self._footer[:2]):
            self.drawString(MARGIN, 47 - i * 10, fit(text, REGULAR, 7.5, WIDTH - 2 * MARGIN))
        self.drawRightString(WIDTH - MARGIN, 27, f"Halaman {number} dari {total}")


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # a share of the text width; a table's shares add up to 1
    right: bool = False  # numbers are set right


class Document:
    """One printed document: draw on it from the top down, then ``finish()`` for bytes.

    ``footer`` is at most two short lines printed on every page above the page number
    (who made the document and when, what it may be used for)."""

    def __init__(self, title: str, *, subject: str, footer: Sequence[str] = ()) -> None:
        fonts()
        self._buffer = io.BytesIO()
        self.c = _NumberedCanvas(self._buffer, pagesize=A4, pageCompression=1, footer=tuple(footer))
        self.c.setTitle(title)
        self.c.setAuthor("Dinas Sosial Provinsi Kalimantan Selatan")
        self.c.setSubject(subject)
        self.c.setCreator("Datu Soban")
        self.width = WIDTH - 2 * MARGIN
        self.y = HEIGHT - MARGIN
        self.letterhead()

    # The page -----------------------------------------------------------------

    def letterhead(self) -> None:
        """The kop surat: government, agency, address, a double rule under them."""
        c = self.c
        top = HEIGHT - MARGIN
        centre = WIDTH / 2
        c.setFillColor(INK)
        c.setFont(REGULAR, 10)
        c.drawCentredString(centre, top - 10, GOVERNMENT)
        c.setFont(BOLD, 13)
        c.drawCentredString(centre, top - 26, AGENCY)
        c.setFillColor(MUTED)
        c.setFont(REGULAR, 8)
        c.drawCentredString(centre, top - 39, ADDRESS)
        c.setStrokeColor(INK)
        c.setLineWidth(1.6)
        c.line(MARGIN, top - 50, WIDTH - MARGIN, top - 50)
        c.setLineWidth(0.5)
        c.line(MARGIN, top - 53, WIDTH - MARGIN, top - 53)
        self.y = top - 72

    def new_page(self) -> None:
        self.c.showPage()
        self.letterhead()

    def room(self, height: float) -> None:
        """A new page unless ``height`` points still fit above the footer."""
        if self.y - height < BOTTOM:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    # Text ---------------------------------------------------------------------

    def title(self, text: str, subtitle: str = "", *, centred: bool = True) -> None:
        c = self.c
        self.room(40)
        c.setFillColor(INK)
        c.setFont(BOLD, 15)
        draw = c.drawCentredString if centred else c.drawString
        x = WIDTH / 2 if centred else MARGIN
        draw(x, self.y - 12, fit(text, BOLD, 15, self.width))
        self.y -= 20
        if subtitle:
            c.setFillColor(MUTED)
            c.setFont(REGULAR, 9.5)
            draw(x, self.y - 10, fit(subtitle, REGULAR, 9.5, self.width))
            self.y -= 16
        self.y -= 10

    def section(self, text: str) -> None:
        self.room(50)
        self.c.setFillColor(ACCENT)
        self.c.setFont(BOLD, 11)
        self.c.drawString(MARGIN, self.y - 12, text)
        self.y -= 20

    def paragraph(
        self, text: str, *, size: float = 10, bold: bool = False, muted: bool = False,
        centred: bool = False,
    ) -> None:  # fmt: skip
        font = BOLD if bold else REGULAR
        leading = size * 1.4
        self.c.setFillColor(MUTED if muted else INK)
        for line in wrap(text, font, size, self.width):
            self.room(leading)
            self.c.setFont(font, size)
            if centred:
                self.c.drawCentredString(WIDTH / 2, self.y - size, line)
            else:
                self.c.drawString(MARGIN, self.y - size, line)
            self.y -= leading
        self.y -= 4

    def facts(self, pairs: Sequence[tuple[str, str]], *, label_width: float = 150) -> None:
        """Label: value lines (a value too long for one line wraps under itself)."""
        size, leading = 10, 14
        for label, value in pairs:
            lines = wrap(value or "—", REGULAR, size, self.width - label_width - 10)
            self.room(leading * len(lines))
            self.c.setFillColor(MUTED)
            self.c.setFont(REGULAR, size)
            self.c.drawString(MARGIN, self.y - size, fit(label, REGULAR, size, label_width - 12))
            self.c.drawString(MARGIN + label_width - 8, self.y - size, ":")
            self.c.setFillColor(INK)
            for line in lines:
                self.c.drawString(MARGIN + label_width, self.y - size, line)
                self.y -= leading
        self.y -= 6

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
              empty: str = "Tidak ada data.") -> None:  # fmt: skip
        """Rows under a header; at a page break the header is drawn again. A cell too
        wide for its column is cut with an ellipsis (the page keeps the whole value)."""
        size, height = 8.5, 15
        widths = [col.width * self.width for col in columns]

        def header() -> None:
            self.room(2 * height)
            self.c.setFillColor(ACCENT)
            self.c.rect(MARGIN, self.y - height, self.width, height, stroke=0, fill=1)
            self.c.setFillColor(WHITE)
            self.c.setFont(BOLD, size)
            self._cells([col.label for col in columns], columns, widths, BOLD, size)
            self.y -= height

        header()
        if not rows:
            self.c.setFillColor(MUTED)
            self.c.setFont(REGULAR, size)
            self.c.drawString(MARGIN + 4, self.y - 11, empty)
            self.y -= height + 6
            return
        for i, row in enumerate(rows):
            if self.y - height < BOTTOM:
                self.new_page()
                header()
            if i % 2:
                self.c.setFillColor(HexColor("#f1f5f4"))
                self.c.rect(MARGIN, self.y - height, self.width, height, stroke=0, fill=1)
            self.c.setFillColor(INK)
            self.c.setFont(REGULAR, size)
            self._cells([str(v) for v in row], columns, widths, REGULAR, size)
            self.y -= height
        self.c.setStrokeColor(LINE)
        self.c.line(MARGIN, self.y, WIDTH - MARGIN, self.y)
        self.y -= 10

    def _cells(self, values, columns, widths, font: str, size: float) -> None:
        x = MARGIN
        for value, col, w in zip(values, columns, widths, strict=True):
            text = fit(value, font, size, w - 8)
            if col.right:
                self.c.drawRightString(x + w - 4, self.y - 11, text)
            else:
                self.c.drawString(x + 4, self.y - 11, text)
            x += w

    def signature(self, place_date: str, position: str, name: str = "") -> None:
        """The signing block at the right: place and date, position, room to sign, name
        (a blank line to write it on when none is given)."""
        self.room(110)
        x = WIDTH - MARGIN - 200
        self.c.setFillColor(INK)
        self.c.setFont(REGULAR, 10)
        self.c.drawString(x, self.y - 10, place_date)
        self.c.drawString(x, self.y - 24, position)
        self.c.setFont(BOLD, 10)
        self.c.drawString(
            x, self.y - 84, name or "(.................................................)"
        )
        self.y -= 100

    def finish(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self._buffer.getvalue()

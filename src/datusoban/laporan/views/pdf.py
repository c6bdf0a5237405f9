"""The one-page PDF summary of one kab/kota: title, date, the key figures, PPKS per
category and the desil distribution as small bar charts, the source and the time it was
produced. Drawn on a ReportLab canvas, so the layout is fixed and stays one page; the
fonts, colours and margins are the printed documents' own (datusoban.pdf).
"""

from __future__ import annotations

import io

from reportlab.lib.colors import white
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from datusoban.laporan.views.summaries import (
    DESIL,
    SOURCE_NOTE,
    KabKotaSummary,
    count_text,
    key_figures,
)
from datusoban.pdf import ACCENT, BOLD, HEIGHT, INK, LINE, MARGIN, MUTED, REGULAR, WIDTH, fonts
from datusoban.pdf import fit as _fit

TOP_CATEGORIES = 10  # PPKS categories drawn as bars; the rest are summed in one line


def _header(c: Canvas, summary: KabKotaSummary, produced: str) -> float:
    c.setFillColor(ACCENT)
    c.rect(0, HEIGHT - 56, WIDTH, 56, stroke=0, fill=1)
    c.setFillColor(white)
    c.setFont(BOLD, 13)
    c.drawString(MARGIN, HEIGHT - 34, "Datu Soban · Ringkasan Kabupaten/Kota")
    c.setFont(REGULAR, 9)
    c.drawRightString(WIDTH - MARGIN, HEIGHT - 34, "Dinas Sosial Provinsi Kalimantan Selatan")
    c.setFillColor(INK)
    c.setFont(BOLD, 20)
    c.drawString(MARGIN, HEIGHT - 92, summary.row["nama"])
    c.setFillColor(MUTED)
    c.setFont(REGULAR, 10)
    c.drawString(MARGIN, HEIGHT - 110, f"Kode wilayah {summary.row['kode']} · keadaan {produced}")
    return HEIGHT - 128


def _figures(c: Canvas, summary: KabKotaSummary, top: float) -> float:
    box_w, box_h, gap = (WIDTH - 2 * MARGIN - 12) / 2, 40, 6
    for i, (label, text) in enumerate(key_figures(summary.row)):
        x = MARGIN + (i % 2) * (box_w + 12)
        y = top - (i // 2 + 1) * (box_h + gap)
        c.setStrokeColor(LINE)
        c.setFillColor(white)
        c.roundRect(x, y, box_w, box_h, 4, stroke=1, fill=0)
        c.setFillColor(MUTED)
        c.setFont(REGULAR, 8.5)
        c.drawString(x + 8, y + box_h - 13, label)
        c.setFillColor(INK)
        c.setFont(BOLD, 14)
        c.drawString(x + 8, y + 8, text)
    return top - 5 * (box_h + gap) - 8


def _section(c: Canvas, title: str, top: float) -> float:
    c.setFillColor(INK)
    c.setFont(BOLD, 11)
    c.drawString(MARGIN, top - 12, title)
    return top - 22


def _ppks_bars(c: Canvas, summary: KabKotaSummary, top: float) -> float:
    top = _section(c, "PPKS per kategori (orang)", top)
    shown, rest = summary.ppks[:TOP_CATEGORIES], summary.ppks[TOP_CATEGORIES:]
    if not shown:
        c.setFont(REGULAR, 9)
        c.setFillColor(MUTED)
        c.drawString(MARGIN, top - 10, "Belum ada PPKS dengan kategori yang masih berlaku.")
        return top - 22
    label_w, value_w = 230, 50
    bar_w = WIDTH - 2 * MARGIN - label_w - value_w
    peak = max(n for _, _, n in shown) or 1
    for i, (_, nama, n) in enumerate(shown):
        y = top - (i + 1) * 15
        c.setFillColor(INK)
        c.setFont(REGULAR, 8.5)
        c.drawString(MARGIN, y + 2, _fit(nama, REGULAR, 8.5, label_w - 8))
        c.setFillColor(ACCENT)
        c.rect(MARGIN + label_w, y + 1, bar_w * n / peak, 9, stroke=0, fill=1)
        c.setFillColor(INK)
        c.drawRightString(WIDTH - MARGIN, y + 2, count_text(n))
    y = top - len(shown) * 15
    if rest:
        c.setFillColor(MUTED)
        c.setFont(REGULAR, 8.5)
        # Not a sum: one person can be in several categories.
        most = rest[0][2]  # sorted, most first
        each = "masing-masing" if rest[-1][2] == most else "masing-masing paling banyak"
        c.drawString(
            MARGIN, y - 12, f"dan {len(rest)} kategori lain, {each} {count_text(most)} orang"
        )
        y -= 14
    return y - 10


def _desil_bars(c: Canvas, summary: KabKotaSummary, top: float) -> None:
    top = _section(c, "Sebaran keluarga menurut desil kesejahteraan provinsi", top)
    c.setFont(REGULAR, 8.5)
    c.setFillColor(MUTED)
    if not summary.desil:
        c.drawString(MARGIN, top - 10, "Belum ada peringkat kesejahteraan.")
        return
    total = sum(summary.desil.values())
    c.drawString(
        MARGIN,
        top - 10,
        f"Desil 1 = 10% keluarga termiskin di provinsi · model {summary.versi} · "
        f"{count_text(total)} keluarga diperingkat",
    )
    chart_h, base = 90, top - 130
    slot = (WIDTH - 2 * MARGIN) / len(DESIL)
    peak = max(summary.desil.values()) or 1
    for i, d in enumerate(DESIL):
        n = summary.desil.get(d, 0)
        x = MARGIN + i * slot
        h = chart_h * n / peak
        c.setFillColor(ACCENT)
        c.rect(x + 6, base, slot - 12, h, stroke=0, fill=1)
        c.setFillColor(INK)
        c.drawCentredString(x + slot / 2, base + h + 3, count_text(n))
        c.setFillColor(MUTED)
        c.drawCentredString(x + slot / 2, base - 11, f"Desil {d}")
    c.setStrokeColor(LINE)
    c.line(MARGIN, base, WIDTH - MARGIN, base)


def _footer(c: Canvas, produced: str, by: str) -> None:
    c.setStrokeColor(LINE)
    c.line(MARGIN, 62, WIDTH - MARGIN, 62)
    c.setFillColor(MUTED)
    c.setFont(REGULAR, 8)
    c.drawString(MARGIN, 50, SOURCE_NOTE)
    c.drawString(
        MARGIN, 39, f"Dibuat {produced} oleh {by}. Angka agregat; tidak memuat data pribadi."
    )
    c.drawRightString(WIDTH - MARGIN, 28, "Halaman 1 dari 1")


def kabkota_pdf(summary: KabKotaSummary, *, produced: str, by: str) -> bytes:
    """The one-page summary of one kab/kota as PDF bytes; ``produced`` is the time as
    text (local), ``by`` the user name of who asked for it."""
    fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle(f"Ringkasan {summary.row['nama']}")
    c.setAuthor("Datu Soban")
    c.setSubject("Ringkasan kabupaten/kota: registri, PPKS, mutu impor, desil")
    top = _header(c, summary, produced)
    top = _figures(c, summary, top)
    top = _ppks_bars(c, summary, top)
    _desil_bars(c, summary, top)
    _footer(c, produced, by)
    c.showPage()
    c.save()
    return buffer.getvalue()

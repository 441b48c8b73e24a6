"""PDFs for the importer's tests, typeset with reportlab.

``typeset_pdf`` sets a text on A4 pages the way the council publishes its decisions: lines
wrapped to the page width and a running header "Gemeenteraad van ... - agendapunt nr. 24. <page>"
on every page. The text uses Bitstream Vera, which ships with reportlab and has the glyphs the
agreement needs (ë, é, –, ‘ ’ “ ”, •), so that the text layer reads back as written.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

COUNCIL_HEADER = "Gemeenteraad van 1 maart 2021 - agendapunt nr. 24."
FONT = "Vera"
FONT_SIZE = 10
LEADING = 13
MARGIN = 56


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))


def typeset_pdf(text: str, *, header: str | None = COUNCIL_HEADER, password: str = "") -> bytes:
    """``text`` as a PDF: every line wrapped to the page, blank lines kept, and
    "<header> <page number>" at the top of each page. With ``password`` the PDF is encrypted
    and opens only with it."""
    _register_font()
    buffer = io.BytesIO()
    encrypt = StandardEncryption(password, canPrint=0) if password else None
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1)
    width, height = A4
    page = 1

    def start_page() -> float:
        if header:
            pdf.setFont(FONT, FONT_SIZE - 1)
            pdf.drawString(MARGIN, height - MARGIN + LEADING, f"{header} {page}")
        pdf.setFont(FONT, FONT_SIZE)
        return height - MARGIN - LEADING

    y = start_page()
    for line in text.splitlines():
        for part in simpleSplit(line, FONT, FONT_SIZE, width - 2 * MARGIN) or [""]:
            if y < MARGIN:
                pdf.showPage()
                page += 1
                y = start_page()
            pdf.drawString(MARGIN, y, part)
            y -= LEADING
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf(text: str = "Samenwerkingsovereenkomst tussen stad Mechelen en VDAB") -> bytes:
    """A PDF with a text layer that opens only with a password."""
    return typeset_pdf(text, password="geheim")


def image_only_pdf() -> bytes:
    """A PDF like a scan: a page with only a drawn shape and no text layer."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFillGray(0.6)
    pdf.rect(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, stroke=1, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

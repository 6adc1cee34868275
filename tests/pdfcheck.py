"""Read a PDF as a person would: rasterise it on white, decode its barcodes, extract its text.

Shared by the test suites (slips, printing, GUI print-to-PDF). Everything returns plain
values so that tests can assert exact results.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp

DPI = 150


def _document(pdf: bytes | str | Path) -> pdfium.PdfDocument:
    if isinstance(pdf, (str, Path)):
        pdf = Path(pdf).read_bytes()
    return pdfium.PdfDocument(pdf)


def page_count(pdf: bytes | str | Path) -> int:
    return len(_document(pdf))


def rasterise(pdf: bytes | str | Path, page: int = 0, dpi: int = DPI):
    """Page *page* as an RGB PIL image at *dpi*, painted on white (as on paper)."""
    doc = _document(pdf)
    bitmap = doc[page].render(scale=dpi / 72, fill_color=(255, 255, 255, 255), may_draw_forms=True)
    return bitmap.to_pil().convert("RGB")


@dataclass(frozen=True)
class Decoded:
    """One symbol found on a page: its format (e.g. "Code128", "QRCode"), text and box (pixels)."""

    format: str
    text: str
    left: int
    top: int
    right: int
    bottom: int


def decode(image) -> list[Decoded]:
    """Every barcode zxing-cpp finds on *image*, left to right then top to bottom."""
    found = []
    for r in zxingcpp.read_barcodes(image):
        pos = r.position
        xs = [pos.top_left.x, pos.top_right.x, pos.bottom_left.x, pos.bottom_right.x]
        ys = [pos.top_left.y, pos.top_right.y, pos.bottom_left.y, pos.bottom_right.y]
        found.append(Decoded(r.format.name, r.text, min(xs), min(ys), max(xs), max(ys)))
    return sorted(found, key=lambda d: (d.left, d.top))


def decode_page(pdf: bytes | str | Path, page: int = 0, dpi: int = DPI) -> list[Decoded]:
    return decode(rasterise(pdf, page, dpi))


def texts_of(found: list[Decoded], fmt: str) -> list[str]:
    """Texts of the symbols of one format ("Code128", "QRCode"…), in reading order."""
    return [d.text for d in found if d.format == fmt]


def page_text(pdf: bytes | str | Path, page: int = 0) -> str:
    """The page's text as extracted by PDFium, in NFC."""
    doc = _document(pdf)
    textpage = doc[page].get_textpage()
    return unicodedata.normalize("NFC", textpage.get_text_range())


def all_text(pdf: bytes | str | Path) -> str:
    doc = _document(pdf)
    return "\n".join(page_text(pdf, i) for i in range(len(doc)))


def flat(text: str) -> str:
    """Whitespace (line breaks of wrapped lines included) collapsed to single spaces."""
    return " ".join(text.split())


_FONT = re.compile(rb"/BaseFont\s*/([A-Z]{6}\+)?([A-Za-z0-9_.-]+)")
_FONTFILE = re.compile(rb"/FontFile[23]?\b")


def embedded_fonts(pdf: bytes | str | Path) -> set[str]:
    """Base names of the fonts the PDF uses (subset prefixes removed), when it embeds font files.

    Returns only fonts of a PDF that carries /FontFile streams; a PDF that merely names fonts
    (non-embedded base-14 fonts) gives an empty set.
    """
    raw = Path(pdf).read_bytes() if isinstance(pdf, (str, Path)) else pdf
    if not _FONTFILE.search(raw):
        return set()
    return {m.group(2).decode("ascii") for m in _FONT.finditer(raw) if m.group(1)}


def dark_runs(image, y: int, x0: int = 0, x1: int | None = None, threshold: int = 128) -> list[tuple[bool, int]]:
    """Runs of (is_dark, length in pixels) along row *y* between x0 and x1."""
    gray = image.convert("L")
    x1 = gray.width if x1 is None else x1
    runs: list[tuple[bool, int]] = []
    for x in range(x0, x1):
        dark = gray.getpixel((x, y)) < threshold
        if runs and runs[-1][0] == dark:
            runs[-1] = (dark, runs[-1][1] + 1)
        else:
            runs.append((dark, 1))
    return runs

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


# -- where the text lies: runs, cells, overlaps ------------------------------------------------

@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points: left, bottom, right, top."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def area(self) -> float:
        return max(0.0, self.right - self.left) * max(0.0, self.top - self.bottom)

    def contains(self, other: Box, tol: float = 0.3) -> bool:
        return (other.left >= self.left - tol and other.right <= self.right + tol
                and other.bottom >= self.bottom - tol and other.top <= self.top + tol)

    def contains_point(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.bottom <= y <= self.top

    def overlap(self, other: Box) -> float:
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.top, other.top) - max(self.bottom, other.bottom)
        return w * h if w > 0 and h > 0 else 0.0


@dataclass(frozen=True)
class Run:
    """The visible characters drawn by one text operation (one drawString), as PDFium reads them."""

    text: str
    box: Box
    chars: tuple[Box, ...]


def text_runs(pdf: bytes | str | Path, page: int = 0) -> list[Run]:
    """Every text run of the page with the box of each visible character (page coordinates)."""
    import ctypes

    doc = _document(pdf)
    textpage = doc[page].get_textpage()
    groups: dict[int, list[tuple[str, Box]]] = {}
    order: list[int] = []
    for i in range(textpage.count_chars()):
        ch = textpage.get_text_range(i, 1)
        if not ch.strip():
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        obj = textpage.get_textobj(i)
        key = ctypes.cast(obj.raw, ctypes.c_void_p).value or 0
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((ch, Box(left, bottom, right, top)))
    runs = []
    for key in order:
        chars = groups[key]
        boxes = tuple(b for _, b in chars)
        box = Box(min(b.left for b in boxes), min(b.bottom for b in boxes),
                  max(b.right for b in boxes), max(b.top for b in boxes))
        runs.append(Run(unicodedata.normalize("NFC", "".join(c for c, _ in chars)), box, boxes))
    return runs


def overlapping_runs(runs: list[Run], share: float = 0.2) -> list[tuple[str, str]]:
    """Pairs of runs with characters printed over each other (overlap above *share* of the smaller)."""
    found = []
    for i, a in enumerate(runs):
        for b in runs[i + 1:]:
            if a.box.overlap(b.box) <= 0:
                continue
            if any(ca.overlap(cb) > share * min(ca.area, cb.area) > 0 for ca in a.chars for cb in b.chars):
                found.append((a.text, b.text))
    return found


def cells(pdf: bytes | str | Path, page: int = 0, min_side: float = 5.0) -> list[Box]:
    """Rectangles drawn as paths on the page (table cells, frames), at least *min_side* points each way."""
    import pypdfium2.raw as pdfium_c

    doc = _document(pdf)
    found = []
    for obj in doc[page].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
        left, bottom, right, top = obj.get_bounds()
        if right - left >= min_side and top - bottom >= min_side:
            found.append(Box(left, bottom, right, top))
    return found


def runs_outside_their_cell(runs: list[Run], boxes: list[Box], inset: float = 0.5) -> list[str]:
    """Runs that start inside a cell (the smallest holding their first character) but do not
    fit in it, *inset* points clear of its borders (text touching a rule is overflowing)."""
    bad = []
    for run in runs:
        first = run.chars[0]
        cx, cy = (first.left + first.right) / 2, (first.bottom + first.top) / 2
        holding = [b for b in boxes if b.contains_point(cx, cy)]
        if holding and not min(holding, key=lambda b: b.area).contains(run.box, tol=-inset):
            bad.append(run.text)
    return bad


def vertical_rules(pdf: bytes | str | Path, page: int = 0, min_height: float = 5.0) -> list[tuple[float, float, float]]:
    """The vertical rules drawn on the page as ``(x, bottom, top)`` (a table's column borders
    when its grid is drawn as lines rather than rectangles), sorted by x."""
    import pypdfium2.raw as pdfium_c

    doc = _document(pdf)
    found = set()
    for obj in doc[page].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
        left, bottom, right, top = obj.get_bounds()
        if right - left < 1.5 and top - bottom >= min_height:
            found.add((round((left + right) / 2, 1), round(bottom, 1), round(top, 1)))
    return sorted(found)


def runs_across_a_rule(runs: list[Run], rules: list[tuple[float, float, float]], inset: float = 0.5) -> list[str]:
    """Runs that start between two vertical rules at their height and end past the right one
    (or touch it)."""
    bad = []
    for run in runs:
        first = run.chars[0]
        start, middle = (first.left + first.right) / 2, (first.bottom + first.top) / 2
        right = next((x for x, low, high in rules if x > start and low <= middle <= high), None)
        if right is not None and run.box.right > right - inset:
            bad.append(run.text)
    return bad

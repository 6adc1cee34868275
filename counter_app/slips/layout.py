"""A small text-flow engine on a reportlab canvas: wrapped lines of bold/plain runs, codes.

A :class:`Pen` writes top-down inside a box. With ``canvas=None`` it only measures, so a
form can be fitted (its font scaled down) before anything is drawn.
"""

from __future__ import annotations

import functools
import math
import re
import string
from dataclasses import dataclass

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from counter_app.slips.fonts import face

_TOKEN = re.compile(r"\S+\s*|\s+")
BLACK = colors.Color(0, 0, 0)
MM_PER_INCH = 25.4
#: Bar width reduction, in dots of the printer grid (thermal and laser printing spread dark
#: edges; rasterisers round bar edges outward): a quarter of a dot.
BAR_REDUCTION_DOTS = 0.25


class Overflow(Exception):
    """The content does not fit in the box at this scale."""


Run = tuple[str, bool]  # (text, bold)


def markup_runs(template: str, values: dict[str, str]) -> list[Run]:
    """Fill *template*'s placeholders; ``**…**`` spans are bold. Values never open markup."""
    runs: list[Run] = []
    for i, part in enumerate(template.split("**")):
        if part:
            runs.append((string.Formatter().vformat(part, (), values), i % 2 == 1))
    return [r for r in runs if r[0]]


def placeholders_empty(template: str, values: dict[str, str]) -> bool:
    """True when the template names fields and every one of them is empty."""
    names = [n for _, n, _, _ in string.Formatter().parse(template) if n]
    return bool(names) and all(not values.get(n) for n in names)


@dataclass(frozen=True)
class Code128Geometry:
    """How a Code 128 symbol is drawn: module (X-dimension), quiet zones, total size, in mm.

    With ``grid_dpi`` the module is a whole number of dots of that printer grid and the
    symbol starts on a dot: every bar edge then falls on the grid, so a printer of that
    resolution (or a multiple) prints each module as the same number of dots.
    """

    value: str
    module_mm: float
    quiet_modules: int
    modules: int  # bars and spaces of the symbol, quiet zones excluded
    height_mm: float
    grid_dpi: float | None = None

    @property
    def module_dots(self) -> float | None:
        """The module in dots of the grid (a whole number), or None without a grid."""
        return None if self.grid_dpi is None else round(self.module_mm * self.grid_dpi / MM_PER_INCH, 6)

    @property
    def quiet_mm(self) -> float:
        return self.module_mm * self.quiet_modules

    @property
    def width_mm(self) -> float:
        """Symbol plus both quiet zones."""
        return self.module_mm * (self.modules + 2 * self.quiet_modules)


def code128_modules(value: str) -> int:
    """Number of modules of *value*'s Code 128 symbol (reportlab's encoding, quiet zones excluded)."""
    symbol = Code128(value, barWidth=1, quiet=0)
    symbol.validate()
    symbol.encode()
    symbol.decompose()
    return sum(int(ch, 16) if ch.isdigit() else "ABCD".index(ch.upper()) + 1 for ch in symbol.decomposed)


def grid_mm(dpi: float) -> float:
    """One dot of a *dpi* printer, in mm."""
    return MM_PER_INCH / dpi


def snap_up(x_pt: float, grid_dpi: float | None) -> float:
    """*x_pt* (points) moved right onto the next dot of the grid (unchanged without a grid)."""
    if not grid_dpi:
        return x_pt
    dot = 72.0 / grid_dpi
    return math.ceil(x_pt / dot - 1e-6) * dot


def snap_down(x_pt: float, grid_dpi: float | None) -> float:
    """*x_pt* (points) moved left onto the previous dot of the grid (unchanged without a grid)."""
    if not grid_dpi:
        return x_pt
    dot = 72.0 / grid_dpi
    return math.floor(x_pt / dot + 1e-6) * dot


def code128_geometry(value: str, *, module_mm: float, quiet_modules: int, height_mm: float,
                     max_width_mm: float | None = None, grid_dpi: float | None = None) -> Code128Geometry:
    """The geometry for *value*; with *max_width_mm*, the module shrinks to fit that width.

    With *grid_dpi* the module is rounded up to whole dots of that grid (0.33 mm on a 150 dpi
    grid is 2 dots, 0.339 mm: 4 dots at 300 dpi, 8 at 600), and shrinking keeps whole dots.
    """
    modules = code128_modules(value)
    if grid_dpi:
        dot = grid_mm(grid_dpi)
        module_mm = math.ceil(module_mm / dot - 1e-6) * dot
    if max_width_mm is not None:
        fit = max_width_mm / (modules + 2 * quiet_modules)
        if grid_dpi and fit < module_mm:
            fit = max(1, math.floor(fit / grid_mm(grid_dpi) + 1e-6)) * grid_mm(grid_dpi)
        module_mm = min(module_mm, fit)
    return Code128Geometry(value, module_mm, quiet_modules, modules, height_mm, grid_dpi)


class _Code128(Code128):
    """reportlab's Code 128 with bar width reduction: each bar is drawn *bar_reduction* points
    narrower (half on each side), so that a rasteriser or a printer that grows dark edges (dot
    gain, rounding bars outward to whole pixels) still prints bars and spaces of whole modules."""

    bar_reduction = 0.0

    def rect(self, x, y, w, h):
        r = min(self.bar_reduction, w / 4)
        self.canv.rect(x + r / 2, y, w - r, h, stroke=0, fill=1)


def draw_code128(canvas, geo: Code128Geometry, x: float, y: float) -> float:
    """Draw the symbol with its left quiet zone starting at (x, y), or at the next dot of the
    geometry's grid: pure black vector bars (on a grid, each BAR_REDUCTION_DOTS of a dot
    narrower). Returns the x where it was drawn."""
    x = snap_up(x, geo.grid_dpi)
    symbol = _Code128(geo.value, barWidth=geo.module_mm * mm, barHeight=geo.height_mm * mm,
                     quiet=1, lquiet=geo.quiet_mm * mm, rquiet=geo.quiet_mm * mm,
                     barFillColor=BLACK, barStrokeColor=BLACK, barStrokeWidth=0, humanReadable=0)
    if geo.grid_dpi:
        symbol.bar_reduction = BAR_REDUCTION_DOTS * 72.0 / geo.grid_dpi
    symbol.drawOn(canvas, x, y)
    return x


@functools.lru_cache(maxsize=256)
def qr_matrix(value: str, level: str = "m") -> tuple[tuple[bool, ...], ...]:
    """The QR code of *value* (level M, best mask) as rows of dark modules, no quiet zone."""
    qr = segno.make_qr(value, error=level, boost_error=False)
    return tuple(tuple(bool(v) for v in row) for row in qr.matrix)


def qr_cell_pt(value: str, size_mm: float, quiet_modules: int = 4, grid_dpi: float | None = None,
               max_dots: int | None = None) -> float:
    """The module of *value*'s QR code (points) that fits *size_mm* with its quiet zone; on a
    grid, whole dots (at least one, at most *max_dots*)."""
    cells = len(qr_matrix(value)) + 2 * quiet_modules
    cell = size_mm * mm / cells
    if grid_dpi:
        dot = 72.0 / grid_dpi
        dots = max(1, math.floor(cell / dot + 1e-6))
        cell = (min(dots, max_dots) if max_dots else dots) * dot
    return cell


def draw_qr(canvas, value: str, x: float, y: float, size_mm: float, quiet_modules: int = 4,
            grid_dpi: float | None = None, max_dots: int | None = None) -> float:
    """A QR code with its quiet zone, at most *size_mm* square, lower-left at (x, y) (on a grid:
    modules of whole dots, moved right and down onto the next dot): one black vector path.
    Returns its side in points."""
    matrix = qr_matrix(value)
    n = len(matrix)
    cell = qr_cell_pt(value, size_mm, quiet_modules, grid_dpi, max_dots)
    if grid_dpi:  # rasterisers count rows from the top of the page: snap the top edge
        page_h = canvas._pagesize[1]
        side = cell * (n + 2 * quiet_modules)
        x = snap_up(x, grid_dpi)
        y = page_h - snap_up(page_h - (y + side), grid_dpi) - side
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + (n + quiet_modules - r) * cell
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(x + (quiet_modules + start) * cell, top - cell, (c - start) * cell, cell)
            else:
                c += 1
    canvas.saveState()
    canvas.setFillColor(BLACK)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return cell * (n + 2 * quiet_modules)


class Pen:
    """Writes wrapped text downwards inside [x, x + width] from *top* to *bottom* (points)."""

    def __init__(self, canvas, x: float, top: float, width: float, bottom: float, *,
                 size: float = 10.5, leading: float = 1.22):
        self.canvas = canvas
        self.x = x
        self.y = top
        self.width = width
        self.bottom = bottom
        self.size = size
        self.leading = leading
        # A figure floated at the right (the slip's QR code): lines whose top is above
        # ``float_bottom`` are narrowed by ``float_width``.
        self.float_width = 0.0
        self.float_bottom: float | None = None

    def float_right(self, width: float, bottom: float) -> None:
        """Keep the next lines out of *width* at the right edge until they are below *bottom*."""
        self.float_width, self.float_bottom = width, bottom

    def clear_float(self) -> None:
        """Move below the floated figure (before a block that spans the whole width)."""
        if self.float_bottom is not None:
            self.y = min(self.y, self.float_bottom)
            self.float_bottom = None
            if self.y < self.bottom - 0.5:
                raise Overflow()

    # -- measuring -------------------------------------------------------------------
    @staticmethod
    def _width(text: str, bold: bool, size: float, italic: bool = False) -> float:
        return stringWidth(text, face(bold, italic), size)

    def wrap(self, runs: list[Run], size: float, width: float, italic: bool = False) -> list[list[Run]]:
        """Greedy line breaking of bold/plain runs into lines no wider than *width*."""
        lines: list[list[Run]] = [[]]
        used = 0.0
        for text, bold in runs:
            for token in self._pieces(_TOKEN.findall(text), bold, size, width, italic):
                w = self._width(token, bold, size, italic)
                w_trim = self._width(token.rstrip(), bold, size, italic)
                if used + w_trim > width and used > 0:
                    lines.append([])
                    used = 0.0
                    token = token.lstrip()
                    if not token:
                        continue
                    w = self._width(token, bold, size, italic)
                lines[-1].append((token, bold))
                used += w
        return [self._merge(line) for line in lines if line]

    def _pieces(self, tokens: list[str], bold: bool, size: float, width: float, italic: bool) -> list[str]:
        """The tokens, each one wider than a whole line (a 25-character dossier code in a
        narrow cell) cut into pieces that fit: after a '-', '.' or '/' where possible."""
        out: list[str] = []
        for token in tokens:
            if self._width(token.rstrip(), bold, size, italic) <= width:
                out.append(token)
                continue
            rest = token
            while rest and self._width(rest.rstrip(), bold, size, italic) > width:
                fits = 1
                while fits < len(rest) and self._width(rest[:fits + 1], bold, size, italic) <= width:
                    fits += 1
                cut = max((i + 1 for i in range(fits) if rest[i] in "-./"), default=fits)
                cut = cut if cut >= fits // 2 else fits  # a break mark too early wastes the line
                out.append(rest[:cut])
                rest = rest[cut:]
            if rest:
                out.append(rest)
        return out

    @staticmethod
    def _merge(line: list[Run]) -> list[Run]:
        merged: list[Run] = []
        for text, bold in line:
            if merged and merged[-1][1] == bold:
                merged[-1] = (merged[-1][0] + text, bold)
            else:
                merged.append((text, bold))
        if merged:
            merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
        return merged

    def take(self, height: float) -> float:
        """Move down by *height*; returns the new baseline area's top. Overflow past the bottom."""
        self.y -= height
        if self.y < self.bottom - 0.5:
            raise Overflow()
        return self.y

    # -- writing ---------------------------------------------------------------------
    def runs(self, runs: list[Run], *, size: float | None = None, align: str = "left",
             indent: float = 0.0, italic: bool = False, x: float | None = None,
             width: float | None = None) -> int:
        """Write *runs* wrapped; returns the number of lines. Continuation lines keep *indent*."""
        size = size or self.size
        x = self.x if x is None else x
        width = self.width if width is None else width
        if self.float_bottom is not None:
            if self.y > self.float_bottom:  # beside the figure: the run keeps clear of it
                width -= self.float_width
            else:
                self.float_bottom = None
        lines = self.wrap(runs, size, width - indent, italic)
        for line in lines:
            self.take(size * self.leading)
            if self.canvas is None:
                continue
            line_w = sum(self._width(t, b, size, italic) for t, b in line)
            if align == "center":
                cx = x + (width - line_w) / 2
            elif align == "right":
                cx = x + width - line_w
            else:
                cx = x + indent
            for text, bold in line:
                self.canvas.setFont(face(bold, italic), size)
                self.canvas.drawString(cx, self.y + size * 0.22, text)
                cx += self._width(text, bold, size, italic)
        return len(lines)

    def text(self, text: str, **kw) -> int:
        bold = kw.pop("bold", False)
        return self.runs([(text, bold)], **kw) if text else 0

    def rule(self, length: float, *, x_center: float | None = None, gap: float = 3.0) -> None:
        """A short horizontal rule centred under the last line (e.g. under the national motto)."""
        self.take(gap)
        if self.canvas is not None:
            cx = (self.x + self.width / 2) if x_center is None else x_center
            self.canvas.setLineWidth(0.6)
            self.canvas.line(cx - length / 2, self.y + gap * 0.3, cx + length / 2, self.y + gap * 0.3)

    def fit_size(self, text: str, size: float, width: float, bold: bool = False) -> float:
        """The largest size ≤ *size* at which *text* fits on one line of *width*."""
        w = self._width(text, bold, size)
        return size if w <= width else max(6.0, size * width / w * 0.995)


class Table:
    """A ruled table of *block*'s ``columns`` (relative ``width``s, ``font_size``), drawn row by
    row under *pen*; a row that does not fit starts a new page (*new_pen()* gives its pen) and
    the heading is drawn again there. Cells are lists of lines of runs (:meth:`cell`)."""

    PAD = 1.2 * mm

    def __init__(self, canvas, pen: Pen, block: dict, new_pen):
        cols = block["columns"]
        total = sum(float(c["width"]) for c in cols)
        self.canvas, self.pen, self.new_pen = canvas, pen, new_pen
        self.widths = [float(c["width"]) / total * pen.width for c in cols]
        self.size = float(block.get("font_size", 9.5))
        self.heading: list | None = None

    def cell(self, text: str, values: dict[str, str], column: int, bold: bool = False) -> list:
        """A cell's wrapped lines (measured as drawn: all bold in the heading); a line break in
        the template starts a new paragraph; an empty cell has one empty line."""
        lines = []
        for part in text.split("\n"):
            runs = [(t, b or bold) for t, b in markup_runs(part, values)]
            lines.extend(self.pen.wrap(runs, self.size, self.widths[column] - 2 * self.PAD) or [[("", False)]])
        return lines

    def head(self, titles: list[str], values: dict[str, str]) -> None:
        """Draw the heading row (bold, centred); it is repeated on each new page."""
        self.heading = [self.cell(t, values, i, bold=True) for i, t in enumerate(titles)]
        self.row(self.heading, heading=True)

    def row(self, cells: list, *, heading: bool = False, minimum: float = 0.0) -> None:
        h = max(max(len(lines) for lines in cells) * self.size * 1.2 + 2 * self.PAD, minimum)
        if self.pen.y - h < self.pen.bottom:
            self.canvas.showPage()
            self.pen = self.new_pen()
            if self.heading is not None:
                self.row(self.heading, heading=True)
        y_top, x = self.pen.y, self.pen.x
        self.canvas.setLineWidth(0.5)
        for lines, w in zip(cells, self.widths):
            self.canvas.rect(x, y_top - h, w, h, stroke=1, fill=0)
            cell = Pen(self.canvas, x + self.PAD, y_top - self.PAD, w - 2 * self.PAD, 0, size=self.size, leading=1.2)
            for line in lines:
                cell.runs([(t, b or heading) for t, b in line], align="center" if heading else "left")
            x += w
        self.pen.y = y_top - h

"""Where a rendered slip goes: a real printer through Qt, or a fake in tests (same contract)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ui.printing.render import PrintFailed, _Loaded, paint_into_printer

#: Every form keeps its content this far from the paper's edges; a printer that cannot print
#: that close to the edge would cut it off, so it is refused.
CONTENT_MARGIN_MM = 5.0
_PT_PER_MM = 72 / 25.4
_TOLERANCE_PT = 2.0


class PrinterSink(Protocol):
    """Sends a PDF to a printer; returns the printer's name or raises PrintFailed.

    Called on a worker thread (printing may take seconds and must not stall the window).
    """

    def print_pdf(self, data: bytes, printer_name: str | None, title: str) -> str: ...


def available_printers() -> list[str]:
    """The names of the printers the system knows."""
    return list(QPrinterInfo.availablePrinterNames())


def default_printer() -> str | None:
    """The system's default printer, or None when there is none."""
    return QPrinterInfo.defaultPrinterName() or None


def paper_name(width_pt: float, height_pt: float) -> str:
    """How the officer names the paper: "A4 ngang (297 × 210 mm)", "khổ 100 × 50 mm"."""
    w, h = round(width_pt / _PT_PER_MM), round(height_pt / _PT_PER_MM)
    for name, (a, b) in (("A4", (210, 297)), ("A5", (148, 210))):
        if {w, h} == {a, b}:
            return f"{name} {'ngang' if w > h else 'dọc'} ({w} × {h} mm)"
    return f"khổ {w} × {h} mm"


class QtPrinterSink:
    """Prints through Qt print support at 100 %, on the paper the PDF was made for.

    The paper size (a standard size by its id, else the printer's own size of the same
    dimensions, else an exact custom size) and the orientation are set one after the other,
    then margins of :data:`CONTENT_MARGIN_MM`; each call's answer is checked, and a printer
    that cannot take the paper is refused with a message (nothing is sent). Pages are drawn
    in full-page mode from the paper's corner, rasterised at the printer's own resolution
    (see :func:`ui.printing.render.render_dpi`).

    With *output_file* the QPrinter writes a PDF file instead (print to file), which is how
    the printing path is checked without a physical printer; *dpi* then overrides the
    rasterising resolution.
    """

    def __init__(self, output_file: Path | None = None, dpi: int | None = None):
        self.output_file = output_file
        self.dpi = dpi

    def _printer(self, printer_name: str | None) -> tuple[QPrinter, str]:
        if self.output_file is not None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.output_file))
            return printer, str(self.output_file)
        name = printer_name or default_printer()
        if not name:
            raise PrintFailed("Chưa có máy in nào được cài đặt hoặc chọn.")
        info = QPrinterInfo.printerInfo(name)
        if info.isNull():
            raise PrintFailed(f"Không tìm thấy máy in «{name}».")
        return QPrinter(info, QPrinter.PrinterMode.HighResolution), name

    def print_pdf(self, data: bytes, printer_name: str | None, title: str) -> str:
        loaded = _Loaded(data)
        try:
            points = loaded.doc.pagePointSize(0)
            printer, name = self._printer(printer_name)
            printer.setDocName(title)
            set_paper(printer, name, points.width(), points.height())
            printer.setFullPage(True)
            paint_into_printer(loaded, printer, self.dpi)
            return name
        finally:
            loaded.close()


def _page_size(printer: QPrinter, short_pt: float, long_pt: float) -> QPageSize:
    """The QPageSize of a paper *short_pt* × *long_pt* points (Qt keeps sizes portrait)."""
    portrait = QSizeF(short_pt, long_pt)
    size_id = QPageSize.id(portrait, QPageSize.Unit.Point, QPageSize.SizeMatchPolicy.FuzzyMatch)
    if size_id != QPageSize.PageSizeId.Custom:
        standard = QPageSize(size_id)
        pts = standard.sizePoints()
        if abs(pts.width() - short_pt) <= _TOLERANCE_PT and abs(pts.height() - long_pt) <= _TOLERANCE_PT:
            return standard
    for own in QPrinterInfo(printer).supportedPageSizes():  # e.g. the label printer's roll
        pts = own.sizePoints()
        dims = sorted((pts.width(), pts.height()))
        if abs(dims[0] - short_pt) <= _TOLERANCE_PT and abs(dims[1] - long_pt) <= _TOLERANCE_PT:
            return own
    w_mm, h_mm = round(short_pt / _PT_PER_MM, 1), round(long_pt / _PT_PER_MM, 1)
    return QPageSize(QSizeF(w_mm, h_mm), QPageSize.Unit.Millimeter, f"{w_mm:g} x {h_mm:g} mm",
                     QPageSize.SizeMatchPolicy.ExactMatch)


def _takes(info: QPrinterInfo, size: QPageSize) -> bool:
    """Whether the printer has paper of *size* or takes custom sizes (a PDF file takes all)."""
    if info.isNull() or info.supportsCustomPageSizes():
        return True
    want = size.sizePoints()
    return any(abs(own.sizePoints().width() - want.width()) <= _TOLERANCE_PT
               and abs(own.sizePoints().height() - want.height()) <= _TOLERANCE_PT
               for own in info.supportedPageSizes())


def set_paper(printer: QPrinter, name: str, width_pt: float, height_pt: float) -> None:
    """Set *printer* to a page of *width_pt* × *height_pt* points with content margins, or
    raise PrintFailed (in Vietnamese) naming what the printer cannot do."""
    paper = paper_name(width_pt, height_pt)
    landscape = width_pt > height_pt + 0.5
    size = _page_size(printer, min(width_pt, height_pt), max(width_pt, height_pt))
    # Qt's CUPS support accepts any size (and a Windows driver may swap in another): ask the
    # printer itself whether it has this paper or takes custom sizes.
    if not printer.setPageSize(size) or not _takes(QPrinterInfo(printer), size):
        raise PrintFailed(f"Máy in «{name}» không nhận giấy {paper}. Hãy chọn máy in có khổ giấy "
                          "này (hoặc thêm khổ giấy này trong trình điều khiển máy in).")
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    if not printer.setPageOrientation(orientation):
        raise PrintFailed(f"Máy in «{name}» không in được giấy {paper} theo chiều "
                          f"{'ngang' if landscape else 'dọc'}.")
    margins = QMarginsF(*[CONTENT_MARGIN_MM] * 4)
    if not printer.setPageMargins(margins, QPageLayout.Unit.Millimeter):
        least = printer.pageLayout().minimumMargins()
        unit_mm = _unit_mm(printer.pageLayout().units())
        widest = max(least.left(), least.top(), least.right(), least.bottom()) * unit_mm
        raise PrintFailed(f"Máy in «{name}» không in được sát mép giấy: lề tối thiểu của máy "
                          f"{widest:.1f} mm, phiếu cần in tới cách mép {CONTENT_MARGIN_MM:g} mm.")
    full = printer.pageLayout().fullRectPoints()
    if abs(full.width() - width_pt) > _TOLERANCE_PT or abs(full.height() - height_pt) > _TOLERANCE_PT:
        raise PrintFailed(f"Máy in «{name}» không nhận giấy {paper} (máy đặt khổ "
                          f"{paper_name(full.width(), full.height())}).")


def _unit_mm(unit: QPageLayout.Unit) -> float:
    return {QPageLayout.Unit.Millimeter: 1.0, QPageLayout.Unit.Point: 1 / _PT_PER_MM,
            QPageLayout.Unit.Inch: 25.4, QPageLayout.Unit.Pica: 12 / _PT_PER_MM,
            QPageLayout.Unit.Didot: 0.376, QPageLayout.Unit.Cicero: 4.512}.get(unit, 1.0)

"""Where a rendered slip goes: a real printer through Qt, or a fake in tests (same contract)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ui.printing.render import PrintFailed, paint_into_printer


class PrinterSink(Protocol):
    """Sends a PDF to a printer; returns the printer's name or raises PrintFailed."""

    def print_pdf(self, data: bytes, printer_name: str | None, title: str) -> str: ...


def available_printers() -> list[str]:
    """The names of the printers the system knows."""
    return list(QPrinterInfo.availablePrinterNames())


def default_printer() -> str | None:
    """The system's default printer, or None when there is none."""
    return QPrinterInfo.defaultPrinterName() or None


class QtPrinterSink:
    """Prints through Qt print support: QtPdf renders each page on white into the QPrinter.

    With *output_file* the QPrinter writes a PDF file instead (print to file), which is how
    the printing path is checked without a physical printer.
    """

    def __init__(self, output_file: Path | None = None, dpi: int = 300):
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
        printer, name = self._printer(printer_name)
        printer.setDocName(title)
        printer.setFullPage(True)
        printer.setResolution(self.dpi)
        size = _page_size_of(data)
        if size is not None:
            page_size, landscape = size
            orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
            printer.setPageLayout(QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0)))
        paint_into_printer(data, printer, self.dpi)
        return name


def _page_size_of(data: bytes) -> tuple[QPageSize, bool] | None:
    """The first page's paper size of *data* (points) and whether it lies in landscape."""
    from ui.printing.render import _Loaded

    try:
        loaded = _Loaded(data)
    except PrintFailed:
        return None
    try:
        points = loaded.doc.pagePointSize(0)
        size = QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        return size, points.width() > points.height()
    finally:
        loaded.close()

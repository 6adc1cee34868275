"""Render a slip PDF with QtPdf onto white pages, for the screen or a QPrinter."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter


class PrintFailed(Exception):
    """The slip did not reach the printer; ``str()`` is a Vietnamese message."""


class _Loaded:
    """A QPdfDocument reading from an in-memory buffer (both must live together)."""

    def __init__(self, data: bytes):
        self.bytes = QByteArray(data)
        self.buffer = QBuffer(self.bytes)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.doc = QPdfDocument()
        self.doc.load(self.buffer)
        if self.doc.status() != QPdfDocument.Status.Ready or self.doc.pageCount() < 1:
            raise PrintFailed("Không đọc được tệp PDF của phiếu.")

    def close(self) -> None:
        self.doc.close()
        self.buffer.close()


def _page_on_white(doc: QPdfDocument, page: int, size: QSize) -> QImage:
    """The page rendered at *size* and painted over white (QtPdf renders on transparent)."""
    rendered = doc.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def render_pages(data: bytes, dpi: int = 96) -> list[QImage]:
    """Every page of the PDF *data* as a white-backed image at *dpi*."""
    loaded = _Loaded(data)
    try:
        images = []
        for page in range(loaded.doc.pageCount()):
            points = loaded.doc.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            images.append(_page_on_white(loaded.doc, page, size))
        return images
    finally:
        loaded.close()


MAX_RENDER_PIXELS = 40_000_000  # an A4 page at 600 dpi is 35 million; a label at 1200 dpi 11
BAND_BYTES = 16 * 1024 * 1024  # one band of a page rendered at a time: memory stays bounded


def render_dpi(printer_dpi: int, width_pt: float, height_pt: float) -> int:
    """The resolution a page of *width_pt* × *height_pt* points is rasterised at for a printer
    of *printer_dpi*: the printer's own, or its largest whole fraction (1200 → 600) whose
    page stays under MAX_RENDER_PIXELS, so that every pixel still falls on whole printer dots."""
    def pixels(dpi: int) -> float:
        return width_pt * height_pt * (dpi / 72) ** 2

    if pixels(printer_dpi) <= MAX_RENDER_PIXELS:
        return max(1, printer_dpi)
    for k in range(2, printer_dpi + 1):
        if printer_dpi % k == 0 and pixels(printer_dpi // k) <= MAX_RENDER_PIXELS:
            return printer_dpi // k
    return 300


def _band_on_white(doc: QPdfDocument, page: int, full: QSize, top: int, rows: int) -> QImage:
    """Rows [top, top + rows) of the page rendered at *full* size, painted over white."""
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(full)
    options.setScaledClipRect(QRect(0, top, full.width(), rows))
    rendered = doc.render(page, QSize(full.width(), rows), options)
    image = QImage(full.width(), rows, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def paint_into_printer(data: bytes | _Loaded, printer: QPrinter, dpi: int | None = None) -> int:
    """Print every page of *data* into *printer* at 100 %, on white; returns the number of pages.

    Each page is rasterised at *dpi* (default: :func:`render_dpi` of the printer's resolution
    and the page's size) in bands and drawn from the paper's corner at its own size: the printer must be in
    full-page mode with the page's paper size and orientation already set.
    """
    loaded = data if isinstance(data, _Loaded) else _Loaded(data)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintFailed("Máy in không sẵn sàng (không mở được lệnh in).")
        count = loaded.doc.pageCount()
        for page in range(count):
            if page and not printer.newPage():
                raise PrintFailed("Máy in từ chối trang tiếp theo.")
            points = loaded.doc.pagePointSize(page)
            page_dpi = dpi or render_dpi(printer.resolution(), points.width(), points.height())
            device_per_px = printer.resolution() / page_dpi
            full = QSize(round(points.width() * page_dpi / 72), round(points.height() * page_dpi / 72))
            band = max(1, BAND_BYTES // (4 * full.width()))
            for top in range(0, full.height(), band):
                rows = min(band, full.height() - top)
                image = _band_on_white(loaded.doc, page, full, top, rows)
                painter.drawImage(QRectF(0, top * device_per_px, full.width() * device_per_px,
                                         rows * device_per_px), image)
        return count
    finally:
        if painter.isActive():
            painter.end()
        if loaded is not data:
            loaded.close()

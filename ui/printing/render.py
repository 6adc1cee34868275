"""Render a slip PDF with QtPdf onto white pages, for the screen or a QPrinter."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
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


def paint_into_printer(data: bytes, printer: QPrinter, dpi: int = 300) -> int:
    """Print every page of *data* into *printer* on white; returns the number of pages."""
    loaded = _Loaded(data)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintFailed("Máy in không sẵn sàng (không mở được lệnh in).")
        count = loaded.doc.pageCount()
        for page in range(count):
            if page:
                if not printer.newPage():
                    raise PrintFailed("Máy in từ chối trang tiếp theo.")
            points = loaded.doc.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = _page_on_white(loaded.doc, page, size)
            target = QRectF(painter.viewport())
            scale = min(target.width() / image.width(), target.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(0, 0, w, h), image)
        return count
    finally:
        if painter.isActive():
            painter.end()
        loaded.close()

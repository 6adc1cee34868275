"""Print preview of a slip: its pages on white, a printer chooser, print and save as PDF.

Rasterising the pages (a logbook can have hundreds) and asking Windows for its printers (a
network printer can take seconds to answer) are done on a worker by :func:`prepare_preview`;
the dialog only shows the result, so the window never stalls and typed or scanned keys are
never held up behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.printing.render import render_pages
from ui.printing.sinks import available_printers
from ui.screen_fit import fit_to_screen

PREVIEW_DPI = 96


@dataclass(frozen=True)
class PreparedPreview:
    """What a preview shows, made off the GUI thread: the pages and the printers' names."""

    pages: list[QImage]
    printers: list[str]


def prepare_preview(data: bytes, printers: Callable[[], list[str]] = available_printers) -> PreparedPreview:
    """Rasterise *data*'s pages for the screen and list the printers (call on a worker)."""
    return PreparedPreview(render_pages(data, dpi=PREVIEW_DPI), list(printers()))


class PrintPreviewDialog(QDialog):
    """Shows a rendered slip (*pages*: made by :func:`prepare_preview` on a worker; rendered
    here when not given). Signals: ``print_requested(str printer)``, ``save_requested(str path)``."""

    print_requested = Signal(str)
    save_requested = Signal(str)

    def __init__(self, data: bytes, title: str, printers: list[str], chosen: str | None = None,
                 parent: QWidget | None = None, *, pages: list[QImage] | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xem trước khi in: %1").replace("%1", title))
        self.data = data
        images = pages if pages is not None else render_pages(data, dpi=PREVIEW_DPI)
        pages = QWidget()
        column = QVBoxLayout(pages)
        self.page_labels: list[QLabel] = []
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setFrameShape(QLabel.Shape.Box)
            column.addWidget(label, alignment=Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)

        self.printer_box = QComboBox()
        self.printer_box.addItems(printers)
        if chosen and chosen in printers:
            self.printer_box.setCurrentText(chosen)
        self.print_button = QPushButton(self.tr("&In"))
        self.print_button.setEnabled(bool(printers))
        self.save_button = QPushButton(self.tr("&Lưu PDF…"))
        close_button = QPushButton(self.tr("Đó&ng"))
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._save)
        close_button.clicked.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Máy in:")))
        bar.addWidget(self.printer_box, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        fit_to_screen(self, 760, 900)  # A4 portrait at 96 dpi, on a 768-pixel screen too

    def _print(self) -> None:
        self.print_requested.emit(self.printer_box.currentText())
        self.accept()

    def _save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu phiếu thành PDF"), "",
                                              self.tr("Tệp PDF (*.pdf)"))
        if path:
            self.save_requested.emit(path)

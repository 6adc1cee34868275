"""The digitising dialog: one document's pages as thumbnails, scanned or added from files,
put in order, turned, removed or scanned again one at a time, then saved as its PDF/A.

Keys (an officer scans forty dossiers a day): F5 scan pages, F6 scan the selected page again,
R turn the selected page, Delete remove it, Ctrl+Up/Down move it, Ctrl+S save.
Signals: ``saved(AttachResult)`` once the document's scan is stored.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from counter_app.capture import CaptureSource, ScanSettings
from counter_app.capture.pages import Page, drop_blank, read_pages, rotated
from counter_app.domain.errors import CounterError
from counter_app.store.lookup import DossierCard
from counter_app.services import digitising
from ui.context import AppContext
from ui.messages import error_text

THUMB = 150


def _thumbnail(page: Page) -> QPixmap:
    small = page.image.copy()
    small.thumbnail((THUMB, THUMB))
    gray = small.convert("L") if small.mode != "L" else small
    image = QImage(gray.tobytes(), gray.width, gray.height, gray.width, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(image.copy())


class DigitiseDialog(QDialog):
    """Scan or attach the pages of one document of *card* (chosen in the dialog)."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, card: DossierCard, scanner: CaptureSource, settings: ScanSettings,
                 parent=None):
        super().__init__(parent)
        self.ctx, self.card, self.scanner, self.settings = ctx, card, scanner, settings
        self.pages: list[Page] = []
        self.setWindowTitle(self.tr("Số hóa hồ sơ %1").replace("%1", card.code))
        self.document = QComboBox()
        for i, doc in enumerate(card.documents, 1):
            if doc.handed_in:
                self.document.addItem(f"{i}. {doc.name}", i)
        self.document.currentIndexChanged.connect(self._load_document)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        self.scan_button = self._button(buttons, self.tr("Quét (F5)"), self.scan_pages, "F5")
        self._button(buttons, self.tr("Quét lại trang (F6)"), self.rescan_selected, "F6")
        self._button(buttons, self.tr("Thêm tệp…"), self.choose_files)
        self._button(buttons, self.tr("Xoay (R)"), self.rotate_selected, "R")
        self._button(buttons, self.tr("Lên"), lambda: self.move_selected(-1), "Ctrl+Up")
        self._button(buttons, self.tr("Xuống"), lambda: self.move_selected(1), "Ctrl+Down")
        self._button(buttons, self.tr("Xóa trang"), self.delete_selected, QKeySequence.StandardKey.Delete)
        self.save_button = self._button(buttons, self.tr("Lưu (Ctrl+S)"), self.save, "Ctrl+S")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Thành phần hồ sơ")))
        layout.addWidget(self.document)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.resize(900, 600)
        self._load_document()

    def _button(self, row: QHBoxLayout, text: str, slot, key=None) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setAutoDefault(False)
        row.addWidget(button)
        if key is not None:
            QShortcut(QKeySequence(key), self, activated=slot)
        return button

    @property
    def position(self) -> int:
        return int(self.document.currentData() or 0)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020" if error else "")
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._say(error_text(exc) if isinstance(exc, CounterError) else self.tr("Lỗi không mong đợi: %1").replace(
            "%1", error_text(exc)[:200]), error=True)

    def _busy(self, on: bool) -> None:
        self.scan_button.setEnabled(not on)
        self.save_button.setEnabled(not on)

    def _show_pages(self, select: int | None = None) -> None:
        self.list.clear()
        for i, page in enumerate(self.pages, 1):
            item = QListWidgetItem(QIcon(_thumbnail(page)), self.tr("Trang %1").replace("%1", str(i)))
            self.list.addItem(item)
        if self.pages:
            self.list.setCurrentRow(min(select if select is not None else len(self.pages) - 1, len(self.pages) - 1))

    def _load_document(self) -> None:
        if not self.position:
            return
        store, profile, code, position = self.ctx.store, self.ctx.profile_dir, self.card.code, self.position
        self.ctx.tasks.run(lambda: digitising.stored_pages(store, profile, code, position), self._loaded,
                           self._failed)

    def _loaded(self, pages: list[Page]) -> None:
        self.pages = list(pages)
        self._show_pages(0)
        self._say(self.tr("Đã có bản số hóa %n trang.", "", len(pages)) if pages else self.tr("Chưa số hóa."))

    def _capture(self, settings: ScanSettings, on_done) -> None:
        scanner = self.scanner
        self._busy(True)
        self._say(self.tr("Đang quét…"))

        def run() -> list[Page]:
            with tempfile.TemporaryDirectory(prefix="counter-scan-") as tmp:
                files = scanner.capture(settings, Path(tmp))
                pages = read_pages(files)
            if settings.remove_blank:  # dropped here, where the officer sees the pages kept
                pages, _dropped = drop_blank(pages)
            done = getattr(scanner, "done", None)  # a watched folder: its files, read, go to da-nhap/
            if done is not None:
                done(files)
            return pages

        self.ctx.tasks.run(run, on_done, self._failed)

    def scan_pages(self) -> None:
        """Scan pages and add them after the last one."""
        self._capture(self.settings, self._scanned)

    def _scanned(self, result) -> None:
        self._busy(False)
        pages = result
        self.pages += pages
        self._show_pages()
        self._say(self.tr("Đã quét thêm %n trang; chưa lưu.", "", len(pages)))

    def rescan_selected(self) -> None:
        """Scan one page from the flatbed in place of the selected page."""
        row = self.list.currentRow()
        if row < 0:
            return
        from dataclasses import replace

        self._capture(replace(self.settings, feeder=False, duplex=False), lambda r, row=row: self._rescanned(row, r))

    def _rescanned(self, row: int, result) -> None:
        self._busy(False)
        pages = result
        self.pages[row:row + 1] = pages[:1]
        self._show_pages(row)
        self._say(self.tr("Đã quét lại trang %1; chưa lưu.").replace("%1", str(row + 1)))

    def add_files(self, paths: list[str | Path]) -> None:
        """Add the pages of *paths* (PDF, JPEG, PNG, TIFF) after the last one."""
        try:
            pages = read_pages(paths)
        except CounterError as exc:
            self._failed(exc)
            return
        self.pages += pages
        self._show_pages()
        self._say(self.tr("Đã thêm %n trang; chưa lưu.", "", len(pages)))

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn tệp bản quét"), "",
                                                self.tr("Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"))
        if paths:
            self.add_files(paths)

    def rotate_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.pages[row] = rotated(self.pages[row], 90)
            self._show_pages(row)

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if row >= 0 and 0 <= to < len(self.pages):
            self.pages[row], self.pages[to] = self.pages[to], self.pages[row]
            self._show_pages(to)

    def delete_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            del self.pages[row]
            self._show_pages(row)

    def save(self) -> None:
        """Store the pages, in their order, as the document's scan (replacing the one before)."""
        if not self.pages:
            self._say(self.tr("Chưa có trang nào để lưu."), error=True)
            return
        store, profile, code, position = self.ctx.store, self.ctx.profile_dir, self.card.code, self.position
        pages, officer = list(self.pages), self.ctx.officer_id

        def run():
            current = digitising.check_target(store, code, position, digitising.AttachMode.REPLACE)[1]
            mode = digitising.AttachMode.REPLACE if current else digitising.AttachMode.NEW
            return digitising.attach_pages(store, profile, code, position, pages, officer=officer, mode=mode,
                                           source=digitising.Source.SCANNER, color=self.settings.mode)

        self._busy(True)
        self._say(self.tr("Đang lưu…"))
        self.ctx.tasks.write(run, self._saved, self._failed)

    def _saved(self, result) -> None:
        self._busy(False)
        self._say(self.tr("Đã lưu bản số hóa: %n trang.", "", result.pages))
        self.saved.emit(result)


def capture_setup(store, profile_dir) -> tuple[CaptureSource, ScanSettings]:
    """This workstation's capture back end and scan settings, from its profile (run on a worker)."""
    import sys

    from counter_app.store.queries import scan_setup

    setup = scan_setup(store)
    settings, backend, folder = setup.settings, setup.backend, setup.folder
    if backend == "folder" and folder:
        from counter_app.capture.folder import WatchedFolder

        return WatchedFolder(folder), settings
    if backend == "wia" or (backend is None and sys.platform == "win32"):
        from counter_app.capture.wia import WiaScanner

        return WiaScanner(), settings
    from counter_app.capture.sane import SaneScanner

    return SaneScanner(), settings


def open_digitise(ctx: AppContext, code: str, now, parent, on_saved, on_error) -> None:
    """Open the digitising dialog for the dossier *code* (looked up with the capture set-up on a
    worker; a dossier that cannot be digitised is refused by the service when saving)."""
    from counter_app.store.lookup import lookup

    store, profile = ctx.store, ctx.profile_dir

    def load():
        return lookup(store, code, now=now), capture_setup(store, profile)

    def opened(found) -> None:
        card, setup = found
        dialog = DigitiseDialog(ctx, card, *setup, parent=parent)
        dialog.saved.connect(on_saved)
        parent.digitise_dialog = dialog  # kept alive while open
        dialog.open()

    ctx.tasks.run(load, opened, on_error)

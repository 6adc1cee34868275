"""The main window: pages in tabs and a status bar; it only wires, it holds no logic."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from ui.context import AppContext


class MainWindow(QMainWindow):
    """The counter's main window."""

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Tiếp nhận và trả kết quả hồ sơ"))
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.officer_label = QLabel(ctx.officer_name or "")
        self.statusBar().addPermanentWidget(self.officer_label)
        self.resize(1280, 800)

    def add_page(self, page: QWidget, title: str) -> None:
        """Add a page as a tab (Ctrl+1…9 switch between them in order)."""
        self.tabs.addTab(page, title)

    def show_page(self, page: QWidget) -> None:
        """Bring *page* to the front."""
        self.tabs.setCurrentWidget(page)

"""The main window: pages in tabs and a status bar; it only wires, it holds no logic.

Only the first page is built before the window is painted. Other pages are added with
:meth:`MainWindow.add_lazy_page`: a tab holds an empty placeholder until the page is needed (its
tab is chosen, :meth:`MainWindow.page` asks for it, e.g. a scan opening the card) or until the
event-loop turns right after the first paint, which build the remaining pages one per turn.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from ui.context import AppContext
from ui.screen_fit import fit_to_screen


class _LazyPage:
    """A page of the window that is built on first use."""

    def __init__(self, key: str, title: str, build: Callable[[], QWidget], placeholder: QWidget):
        self.key, self.title, self.build = key, title, build
        self.placeholder = placeholder
        self.widget: QWidget | None = None


class MainWindow(QMainWindow):
    """The counter's main window.

    Signals: ``page_built(str key, QWidget page)`` (a lazy page has just been built).
    """

    page_built = Signal(str, QWidget)

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Tiếp nhận và trả kết quả hồ sơ"))
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.officer_label = QLabel(ctx.officer_name or "")
        self.statusBar().addPermanentWidget(self.officer_label)
        fit_to_screen(self, 1280, 800)  # until show_for_work maximises it
        self._lazy: dict[str, _LazyPage] = {}
        self._after_paint: list[Callable[[], None]] = []
        self._painted = False
        self.tabs.currentChanged.connect(self._current_changed)
        for number in range(1, 10):  # Ctrl+1…9: the pages in order, from anywhere in the window
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number: self._show_tab(n - 1))

    def show_for_work(self) -> None:
        """Open maximised, within the screen's work area (a counter's 1366×768 less its taskbar),
        in front, with the keyboard: the officer types at once, without a click."""
        self.showMaximized()
        self.raise_()
        self.activateWindow()

    def add_page(self, page: QWidget, title: str) -> None:
        """Add a page as a tab (Ctrl+1…9 switch between them in order)."""
        self.tabs.addTab(page, title)

    def _show_tab(self, index: int) -> None:
        if index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def add_lazy_page(self, key: str, title: str, build: Callable[[], QWidget]) -> None:
        """Add a tab whose page *build()* makes on first use (see the module docstring)."""
        placeholder = QWidget()
        self._lazy[key] = _LazyPage(key, title, build, placeholder)
        self.tabs.addTab(placeholder, title)
        if self._painted:
            self.after_first_paint(lambda: self.page(key))

    def has_page(self, key: str) -> bool:
        """True when a lazy page *key* was added (built or not)."""
        return key in self._lazy

    def built_page(self, key: str) -> QWidget | None:
        """The page *key* if it is built already, else None (never builds it)."""
        lazy = self._lazy.get(key)
        return lazy.widget if lazy else None

    def page(self, key: str) -> QWidget:
        """The page *key*, built now if it was not yet (it takes its placeholder's tab)."""
        lazy = self._lazy[key]
        if lazy.widget is not None:
            return lazy.widget
        page = lazy.build()
        lazy.widget = page
        index = self.tabs.indexOf(lazy.placeholder)
        if index >= 0:
            current = self.tabs.currentIndex()
            blocked = self.tabs.blockSignals(True)  # the swap is not a change of page
            try:
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, page, lazy.title)
                self.tabs.setCurrentIndex(current)
            finally:
                self.tabs.blockSignals(blocked)
            if current == index:
                page.setFocus()
        lazy.placeholder.deleteLater()
        self.page_built.emit(key, page)
        return page

    def show_page(self, page: QWidget | str) -> None:
        """Bring *page* (a widget, or the key of a lazy page) to the front."""
        self.tabs.setCurrentWidget(self.page(page) if isinstance(page, str) else page)

    @property
    def card_page(self) -> QWidget:
        """The dossier card page (built on first use)."""
        return self.page("card")

    def after_first_paint(self, fn: Callable[[], None]) -> None:
        """Run *fn* in an event-loop turn of its own once the window has been painted."""
        if self._painted:
            QTimer.singleShot(0, self, fn)
        else:
            self._after_paint.append(fn)

    def _current_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        for lazy in self._lazy.values():
            if lazy.widget is None and lazy.placeholder is widget:
                self.page(lazy.key)
                return

    def _build_remaining(self) -> None:
        """After the first paint: queued work first, then the pages not built yet, one per turn."""
        queued = [fn for fn in self._after_paint]
        self._after_paint.clear()
        queued += [lambda key=key: self.page(key) for key, lazy in self._lazy.items() if lazy.widget is None]
        for fn in queued:
            QTimer.singleShot(0, self, fn)

    def event(self, event: QEvent) -> bool:  # noqa: D401 - Qt override
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._build_remaining)
        return super().event(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """A closed window syncs no more: its rounds would run against a store its owner may
        be closing (sign-out stops it too, before the next officer's window opens)."""
        runner = getattr(self, "sync_runner", None)
        if runner is not None:
            runner.stop()
        super().closeEvent(event)

"""One officer's session in the window, and signing out to let the next officer sign in.

:class:`Session` shows the main window for the signed-in officer (``ui.app.build_window``, then
``ui.startup.install_session``: integrity check, backups, idle screen lock). "Đăng xuất" in the
"Hệ thống" menu hides that window and asks for a sign-in; the next officer gets a new window
(their role decides its pages and menu), and "Thoát" at that sign-in ends the application.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from ui.context import AppContext


class Session(QObject):
    """Signals: ``window_opened(QMainWindow)``, ``signed_out()`` (the sign-in is shown),
    ``ended()`` (nobody signed in again: the application quits)."""

    window_opened = Signal(object)
    signed_out = Signal()
    ended = Signal()

    def __init__(self, app: QApplication, ctx: AppContext, agency_name: str | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.app, self.ctx, self.agency_name = app, ctx, agency_name
        self.window = None
        self.login = None  # the sign-in dialog while signed out

    def open_window(self):
        """Build and show the window for the officer in the context."""
        from ui.app import build_window
        from ui.startup import install_session

        window = build_window(self.ctx)
        window.system_menu.sign_out_requested.connect(self.sign_out)
        window.show_for_work()  # maximised in the work area, with the keyboard
        window.receive_page.focus_start()  # the cursor where a receive starts
        install_session(self.app, window, self.ctx)
        self.window = window
        self.window_opened.emit(window)
        return window

    def sign_out(self) -> None:
        """Hide the window, forget the officer and ask who signs in next."""
        from ui.login import LoginDialog

        window = self.window
        if window is None or self.login is not None:
            return
        self._quiet(window)
        self.ctx.officer_id = self.ctx.officer_name = self.ctx.officer_role = None
        dialog = LoginDialog(self.ctx.store, self.ctx.tasks, agency_name=self.agency_name or "")
        # The next window is shown before the dialog hides: never a moment without a window.
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(self._ended)
        dialog.finished.connect(dialog.deleteLater)
        self.login = dialog
        dialog.open()  # shown first, so hiding the window leaves one open
        window.hide()
        self.signed_out.emit()

    def _quiet(self, window) -> None:
        """Stop what the old window runs by itself (sync rounds, the idle lock)."""
        runner = getattr(window, "sync_runner", None)
        if runner is not None:
            runner.stop()
        lock = getattr(window, "screen_lock", None)
        if lock is not None:
            lock.watcher.uninstall()
        scanner = getattr(window, "scan_filter", None)
        if scanner is not None:
            scanner.enabled = False
        serial = getattr(window, "serial_scanner", None)
        if serial is not None:
            serial.stop()  # the next window opens the port again (Windows lets one program hold it)

    def _signed_in(self, signed) -> None:
        from ui.startup import sign_in

        old, self.login = self.window, None
        sign_in(self.ctx, signed)
        self.open_window()
        if old is not None:
            old.deleteLater()

    def _ended(self) -> None:
        old, self.login = self.window, None
        self.window = None
        if old is not None:
            old.deleteLater()
        self.ended.emit()
        self.app.quit()

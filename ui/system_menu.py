"""The window's "Hệ thống" menu: sync now (F5), enroll this workstation, settings, change my
password, lock the screen, sign out, about.

The menu is made with the window (before the first paint: a menu bar and its actions only);
what needs more is wired later by the part that owns it: ``ui.sync_status.install_sync`` gives
"sync now" its runner, ``ui.startup.install_admin`` adds "Cài đặt…", ``ui.startup.install_session``
gives the window the screen lock, and ``ui.session.Session`` listens for the sign-out.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QMenu, QVBoxLayout

from ui.context import AppContext

LOCK_SHORTCUT = "Ctrl+Shift+L"


class SystemMenu(QObject):
    """The "Hệ thống" menu of a main window.

    Signals: ``sign_out_requested()``, ``enrolled(str device_id)``.
    """

    sign_out_requested = Signal()
    enrolled = Signal(str)

    def __init__(self, window, ctx: AppContext):
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.dialog: QDialog | None = None  # the dialog opened last (tests and the walk read it)
        self.menu: QMenu = window.menuBar().addMenu(self.tr("Hệ thống"))
        self.menu.setObjectName("system_menu")
        self.sync_now = self._action(self.tr("Đồng bộ ngay"), None, QKeySequence("F5"))
        self.sync_now.setEnabled(False)  # until the sync runner is installed (after the first paint)
        self.sync_now.setToolTip(self.tr("Gửi và nhận dữ liệu với máy chủ tỉnh ngay bây giờ"))
        self.enroll = self._action(self.tr("Đăng ký máy trạm với máy chủ tỉnh…"), self.open_enroll)
        self._settings_place = self.menu.addSeparator()
        self.change_password = self._action(self.tr("Đổi mật khẩu…"), self.open_change_password)
        self.menu.addSeparator()
        self.lock = self._action(self.tr("Khoá màn hình"), self.lock_screen, QKeySequence(LOCK_SHORTCUT))
        self.sign_out = self._action(self.tr("Đăng xuất"), self.sign_out_requested.emit)
        self.menu.addSeparator()
        self.about = self._action(self.tr("Giới thiệu…"), self.open_about)
        self._apply_role()

    def _action(self, text: str, slot=None, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        return action

    def _apply_role(self) -> None:
        """Enrolling points this workstation's data at a server: administrators only."""
        from counter_app.domain.enums import Role

        role = self.ctx.officer_role
        allowed = role is None or str(role) == str(Role.ADMIN)  # no role: a window opened without sign-in
        self.enroll.setEnabled(allowed)
        if not allowed:
            self.enroll.setToolTip(self.tr("Chỉ quản trị viên được đăng ký máy trạm."))

    # --- parts installed later --------------------------------------------------------------
    def add_settings(self, action: QAction) -> None:
        """Put "Cài đặt…" in its place (before "Đổi mật khẩu…")."""
        self.menu.insertAction(self.change_password, action)

    def set_sync_runner(self, runner) -> None:
        """Sync now (F5) asks *runner* for a forced round."""
        self.sync_now.triggered.connect(lambda _checked=False: runner.wake())
        self.sync_now.setEnabled(True)

    # --- the actions ------------------------------------------------------------------------
    def lock_screen(self) -> None:
        lock = getattr(self.window, "screen_lock", None)
        if lock is not None:
            lock.lock()

    def open_change_password(self) -> QDialog:
        from ui.account_dialogs import ChangePasswordDialog

        return self._open(ChangePasswordDialog(self.ctx, parent=self.window))

    def open_enroll(self) -> QDialog:
        from ui.account_dialogs import EnrollDialog

        dialog = EnrollDialog(self.ctx, parent=self.window)
        dialog.enrolled.connect(self._enrolled)
        return self._open(dialog)

    def _enrolled(self, device_id: str) -> None:
        runner = getattr(self.window, "sync_runner", None)
        if runner is not None:
            runner.wake()  # the status bar says at once whether the server answers
        self.enrolled.emit(device_id)

    def open_about(self) -> QDialog:
        return self._open(AboutDialog(self.ctx, parent=self.window))

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog


class AboutDialog(QDialog):
    """Version, the profile folder and the log file (what a support call asks for first)."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        from counter_app import __version__
        from counter_app.domain.paths import log_file

        self.setWindowTitle(self.tr("Giới thiệu"))
        title = QLabel(self.tr("Phần mềm Tiếp nhận và trả kết quả hồ sơ"))
        title.setStyleSheet("font-weight: bold; font-size: 13pt")
        self.version = QLabel(__version__)
        self.profile = QLabel(str(ctx.profile_dir))
        log = log_file(ctx.profile_dir)
        self.log = QLabel(str(log) if log.exists() else self.tr("%1 (chưa có)").replace("%1", str(log)))
        self.officer = QLabel(ctx.officer_name or "—")
        form = QFormLayout()
        form.addRow(self.tr("Phiên bản"), self.version)
        form.addRow(self.tr("Thư mục dữ liệu"), self.profile)
        form.addRow(self.tr("Tệp nhật ký"), self.log)
        form.addRow(self.tr("Cán bộ đăng nhập"), self.officer)
        for label in (self.profile, self.log):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        open_folder = buttons.addButton(self.tr("Mở thư mục dữ liệu"), QDialogButtonBox.ButtonRole.ActionRole)
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.profile_dir))))
        buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)


def install_system_menu(window, ctx: AppContext) -> SystemMenu:
    """Give *window* its "Hệ thống" menu (``window.system_menu``)."""
    window.system_menu = SystemMenu(window, ctx)
    return window.system_menu

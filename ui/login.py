"""Signing in, and locking the screen after a configurable idle time.

:class:`LoginDialog` checks the password on the writer thread (a failure is counted and may
lock the account). :class:`IdleWatcher` is an application-wide event filter that restarts a
timer on every keyboard, mouse or touch input; when it fires, :class:`LockOverlay` covers
the window and asks the signed-in officer's password again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.clock import now_vn
from ui.tasks import TaskRunner
from ui.messages import error_text

if TYPE_CHECKING:  # SQLAlchemy and argon2 load on the store's opening thread, behind the dialog
    from counter_app.services import auth
    from counter_app.store.db import Store

Clock = Callable[[], datetime]

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


def _is_enter(event) -> bool:
    from PySide6.QtCore import Qt  # after the dialog's first paint

    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class LoginDialog(QDialog):
    """Asks for a username and password. Signals: ``signed_in(SignedIn)``."""

    signed_in = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner, *, clock: Clock | None = None,
                 agency_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.tasks, self.clock = store, tasks, clock or now_vn
        self.result_officer: auth.SignedIn | None = None
        self.setWindowTitle(self.tr("Đăng nhập"))
        self.setModal(True)
        title = QLabel(agency_name or self.tr("Tiếp nhận và trả kết quả hồ sơ"))
        # Centred by the style sheet: PySide6 makes the whole ``Qt`` namespace on first import
        # (about 15 ms), which the dialog, painted before anything else, does without.
        title.setStyleSheet("font-weight: bold; font-size: 14pt; qproperty-alignment: AlignCenter")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(self.tr("Đăng nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        # Enter in the user name goes to the password and nowhere else: a QLineEdit passes Enter on
        # to the dialog's default button, which would check an empty password and spend one of the
        # attempts before the lock-out (and clear what the officer is typing when it answers).
        self.username.installEventFilter(self)
        self.password.returnPressed.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    def submit(self) -> None:
        """Check the password in the background; accept on success, show why otherwise."""
        username, password = self.username.text().strip(), self.password.text()
        if not username:
            self.error.setText(self.tr("Hãy nhập tên đăng nhập."))
            self.username.setFocus()
            return
        if not password:
            self.error.setText(self.tr("Hãy nhập mật khẩu."))
            self.password.setFocus()
            return
        self.login_button.setEnabled(False)
        self.error.setText(self.tr("Đang kiểm tra…"))
        now = self.clock()
        store = self.store

        def check():
            from counter_app.services import auth  # on the writer thread: the core never touches Qt

            return auth.login(store, username, password, now=now)

        self.tasks.write(check, self._succeeded, self._failed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.username and event.type() == QEvent.Type.KeyPress and _is_enter(event):
            self.password.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _succeeded(self, signed: auth.SignedIn) -> None:
        self.result_officer = signed
        self.error.clear()
        self.signed_in.emit(signed)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.login_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.error.setText(error_text(exc))


class IdleWatcher(QObject):
    """Watches every input event of the application. Signals: ``idle_reached()``."""

    idle_reached = Signal()

    def __init__(self, app: QObject, timeout_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.app = app
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle_reached)
        self.set_timeout_ms(timeout_ms)
        app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Idle time before locking; 0 disables the lock."""
        self.timeout_ms = max(0, int(timeout_ms))
        self.timer.stop()
        if self.timeout_ms:
            self.timer.start(self.timeout_ms)

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        if self.timeout_ms:
            self.timer.start(self.timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _INPUT_EVENTS and self.timer.isActive():
            self.timer.start(self.timeout_ms)
        return False

    def uninstall(self) -> None:
        self.app.removeEventFilter(self)
        self.timer.stop()


class LockOverlay(QFrame):
    """Covers the window until the officer types the password again. Signals: ``unlocked()``."""

    unlocked = Signal()

    def __init__(self, window: QMainWindow, store: Store, tasks: TaskRunner, officer_id: str, officer_name: str,
                 *, clock: Clock | None = None):
        from PySide6.QtCore import Qt  # the window is open: the namespace is loaded by then

        super().__init__(window)
        self.window_, self.store, self.tasks, self.clock = window, store, tasks, clock or now_vn
        self.officer_id = officer_id
        self.setObjectName("lock_overlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lock_overlay { background: #eceff1; }")
        self.message = QLabel(self.tr("Màn hình đã khoá. Cán bộ %1 hãy nhập lại mật khẩu để tiếp tục.")
                              .replace("%1", officer_name))
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(320)
        self.unlock_button = QPushButton(self.tr("Mở khoá"))
        self.error = QLabel()
        self.error.setObjectName("unlock_error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (self.message, self.password, self.unlock_button, self.error):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.password.returnPressed.connect(self.submit)
        self.unlock_button.clicked.connect(self.submit)
        window.installEventFilter(self)
        self.hide()

    @property
    def locked(self) -> bool:
        return self.isVisible()

    def lock(self) -> None:
        """Hide the window's contents behind the overlay (and mark the window locked, which the
        application-wide scanner filter reads: no scan acts while locked)."""
        from ui.scanner import LOCKED_PROPERTY  # already loaded by then; kept off the sign-in path

        self.window_.setProperty(LOCKED_PROPERTY, True)
        for part in (self.window_.centralWidget(), self.window_.menuBar()):
            if part is not None:
                part.setEnabled(False)
        self.setGeometry(self.window_.rect())
        self.error.clear()
        self.password.clear()
        self.show()
        self.raise_()
        self.password.setFocus()

    def submit(self) -> None:
        password = self.password.text()
        self.unlock_button.setEnabled(False)
        now = self.clock()
        from counter_app.services import auth  # loaded long before: the window opens after a sign-in

        self.tasks.write(lambda: auth.verify_officer_password(self.store, self.officer_id, password, now=now),
                         self._succeeded, self._failed)

    def _succeeded(self, _signed) -> None:
        self.unlock_button.setEnabled(True)
        for part in (self.window_.centralWidget(), self.window_.menuBar()):
            if part is not None:
                part.setEnabled(True)
        self.hide()
        from ui.scanner import LOCKED_PROPERTY

        self.window_.setProperty(LOCKED_PROPERTY, False)
        self.unlocked.emit()

    def _failed(self, exc: Exception) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.error.setText(error_text(exc))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window_ and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.window_.rect())
        return False


class ScreenLock(QObject):
    """Ties an IdleWatcher to a LockOverlay for the signed-in officer. Signals: ``locked_changed(bool)``."""

    locked_changed = Signal(bool)

    def __init__(self, app: QObject, window: QMainWindow, store: Store, tasks: TaskRunner, officer_id: str,
                 officer_name: str, idle_minutes: float, *, clock: Clock | None = None):
        super().__init__(window)
        self.overlay = LockOverlay(window, store, tasks, officer_id, officer_name, clock=clock)
        self.watcher = IdleWatcher(app, int(idle_minutes * 60_000), self)
        self.watcher.idle_reached.connect(self.lock)
        self.overlay.unlocked.connect(self._unlocked)

    def lock(self) -> None:
        self.watcher.pause()
        self.overlay.lock()
        self.locked_changed.emit(True)

    def _unlocked(self) -> None:
        self.watcher.resume()
        self.locked_changed.emit(False)

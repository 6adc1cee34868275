"""Dialogs of the "Hệ thống" menu that talk to the store or the server: change my password,
enroll this workstation with the provincial server. Each runs its work on a worker and says
what went wrong in Vietnamese, next to the field concerned when there is one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.messages import error_text, field_texts

ERROR_STYLE = "color: #b00020"


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """A button box with our own Vietnamese captions (Qt ships no Vietnamese for its own)."""
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(dialog.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.submit)
    box.rejected.connect(dialog.reject)
    return box, ok


class ChangePasswordDialog(QDialog):
    """The signed-in officer changes their own password (the current one is asked).

    Signals: ``password_changed()``.
    """

    password_changed = Signal()

    def __init__(self, ctx: AppContext, *, clock: Callable[[], datetime] = datetime.now,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.clock = ctx, clock
        self.setWindowTitle(self.tr("Đổi mật khẩu"))
        self.current, self.new, self.repeat = (self._password(name) for name in ("current", "new", "repeat"))
        self.errors = {name: _error_label() for name in ("old_password", "new_password", "repeat")}
        form = QFormLayout()
        form.addRow(self.tr("Mật khẩu hiện tại"), self.current)
        form.addRow("", self.errors["old_password"])
        form.addRow(self.tr("Mật khẩu mới"), self.new)
        form.addRow("", self.errors["new_password"])
        form.addRow(self.tr("Nhập lại mật khẩu mới"), self.repeat)
        form.addRow("", self.errors["repeat"])
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons, self.ok_button = _buttons(self, self.tr("Đổi mật khẩu"))
        self.current.returnPressed.connect(self.new.setFocus)
        self.new.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.current.setFocus()

    def _password(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(f"{name}_password")
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def submit(self) -> None:
        """Check the repeat here, the rest (current password, strength) on the writer thread."""
        for label in self.errors.values():
            label.clear()
        old, new = self.current.text(), self.new.text()
        if new != self.repeat.text():
            self.errors["repeat"].setText(self.tr("Mật khẩu nhập lại không khớp với mật khẩu mới."))
            self.repeat.setFocus()
            return
        if not self.ctx.officer_id:
            self.status.setText(self.tr("Chưa có cán bộ nào đăng nhập."))
            return
        from counter_app.services import auth

        store, officer_id, now = self.ctx.store, self.ctx.officer_id, self.clock()
        self.ok_button.setEnabled(False)
        self.status.setText(self.tr("Đang đổi mật khẩu…"))
        self.ctx.tasks.write(lambda: auth.change_own_password(store, officer_id, old, new, now=now),
                             self._changed, self._failed)

    def _changed(self, _result) -> None:
        self.ok_button.setEnabled(True)
        self.status.setText(self.tr("Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới."))
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.password_changed.emit()

    def _failed(self, exc: Exception) -> None:
        from counter_app.domain.errors import CounterError, ValidationFailed

        self.ok_button.setEnabled(True)
        self.status.clear()
        if isinstance(exc, ValidationFailed):
            for field, message in field_texts(exc).items():
                self.errors.get(field, self.errors["new_password"]).setText(message)
            (self.current if "old_password" in field_texts(exc) else self.new).setFocus()
        elif isinstance(exc, CounterError):
            self.status.setText(error_text(exc))
        else:
            self.status.setText(self.tr("Lỗi không mong đợi: %1").replace("%1", error_text(exc)))


class EnrollDialog(QDialog):
    """Enroll (or enroll again) this workstation with the provincial server: the server's
    address and the one-time enrollment code the province issued. The exchange runs on a
    worker (``sync.config.enroll``, as ``counter-app enroll`` does).

    Signals: ``enrolled(str device_id)``.
    """

    enrolled = Signal(str)

    def __init__(self, ctx: AppContext, *, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Đăng ký máy trạm với máy chủ tỉnh"))
        self.setMinimumWidth(420)
        intro = QLabel(self.tr("Nhập địa chỉ máy chủ của tỉnh và mã đăng ký một lần do quản trị tỉnh cấp. "
                               "Đăng ký lại khi đồng bộ báo “cần đăng ký lại máy trạm”: các mục đang chờ "
                               "gửi được giữ nguyên."))
        intro.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setObjectName("server_url")
        self.url.setPlaceholderText("https://motcua.example.gov.vn")
        self.code = QLineEdit()
        self.code.setObjectName("enroll_code")
        self.code.setPlaceholderText(self.tr("Mã đăng ký do quản trị tỉnh cấp"))
        self.url_error, self.code_error = _error_label(), _error_label()
        form = QFormLayout()
        form.addRow(self.tr("Địa chỉ máy chủ"), self.url)
        form.addRow("", self.url_error)
        form.addRow(self.tr("Mã đăng ký"), self.code)
        form.addRow("", self.code_error)
        self.status = QLabel()
        self.status.setObjectName("enroll_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons, self.ok_button = _buttons(self, self.tr("Đăng ký"))
        self.url.returnPressed.connect(self.code.setFocus)
        self.code.returnPressed.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._load_address()

    def _load_address(self) -> None:
        """Fill in the address this workstation knows (from the wizard or an earlier enrollment)."""
        store = self.ctx.store

        def read():
            from counter_app.store.queries import setting

            return setting(store, "sync.server_url")

        self.ctx.tasks.run(read, on_done=self._address_read)  # a method: dropped if the dialog is gone

    def _address_read(self, url: str | None) -> None:
        if not self.url.text():
            self.url.setText(url or "")

    def submit(self) -> None:
        self.url_error.clear()
        self.code_error.clear()
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url:
            self.url_error.setText(self.tr("Địa chỉ máy chủ: chưa nhập."))
            self.url.setFocus()
            return
        if not code:
            self.code_error.setText(self.tr("Mã đăng ký: chưa nhập."))
            self.code.setFocus()
            return
        store = self.ctx.store
        self.ok_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Đang đăng ký với máy chủ…"))

        def job():
            from sync.config import enroll

            return enroll(store, url, code)

        self.ctx.tasks.run(job, self._enrolled, self._failed)  # network: not on the writer thread

    def _enrolled(self, device_id: str) -> None:
        self.ok_button.setEnabled(True)
        self.code.clear()
        self.status.setStyleSheet("color: #1b5e20")
        self.status.setText(self.tr("Đã đăng ký máy trạm với máy chủ tỉnh. Đồng bộ bắt đầu ngay."))
        self.enrolled.emit(str(device_id))

    def _failed(self, exc: Exception) -> None:
        from sync.transport import InsecureServerUrl, SyncError

        self.ok_button.setEnabled(True)
        self.status.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, InsecureServerUrl):
            self.status.clear()
            self.url_error.setText(error_text(exc))
            self.url.setFocus()
        elif isinstance(exc, SyncError):
            self.status.setText(self.tr("Không đăng ký được: %1").replace("%1", error_text(exc)))
        else:
            self.status.setText(self.tr("Không đăng ký được (lỗi không mong đợi): %1").replace("%1", error_text(exc)))

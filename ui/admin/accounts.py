"""Accounts management for administrators: list, create, reset password, enable/disable, role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import auth
from counter_app.services.auth import OfficerView
from counter_app.domain.enums import Role
from ui.context import AppContext
from ui.row_model import RowTableModel
from ui.messages import error_text, role_text


def role_label(role: Role) -> str:
    return role_text(Role(role)).capitalize()


class OfficerTableModel(RowTableModel):
    """Accounts as rows: username, full name, role, state."""

    def headers(self) -> tuple[str, ...]:
        return self.tr("Tên đăng nhập"), self.tr("Họ và tên"), self.tr("Quyền"), self.tr("Trạng thái")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        o = self.rows[index.row()]
        if index.column() == 0:
            return o.username
        if index.column() == 1:
            return o.full_name
        if index.column() == 2:
            return role_label(o.role)
        if not o.active:
            return self.tr("Đã vô hiệu hoá")
        if o.locked_until is not None:
            return self.tr("Bị khoá đến %1").replace("%1", f"{o.locked_until:%H:%M %d/%m/%Y}")
        return self.tr("Đang dùng") if o.has_password else self.tr("Chưa có mật khẩu")


class NewOfficerDialog(QDialog):
    """Username, full name, role and first password of a new account."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tạo tài khoản"))
        self.username, self.full_name = QLineEdit(), QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        form = QFormLayout(self)
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Họ và tên"), self.full_name)
        form.addRow(self.tr("Quyền"), self.role)
        form.addRow(self.tr("Mật khẩu"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AccountsView(QWidget):
    """Signals: ``accounts_changed()`` after a change was stored."""

    accounts_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = OfficerTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Tạo tài khoản…"), self._ask_create),
                           (self.tr("Đặt lại mật khẩu…"), self._ask_reset),
                           (self.tr("Vô hiệu hoá / kích hoạt"), self._toggle_active),
                           (self.tr("Đổi quyền…"), self._ask_role)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        def load():
            return auth.officers(self.ctx.store)

        self.ctx.tasks.run(load, self.model.set_rows, self._failed)

    def selected(self) -> OfficerView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    # Each change runs on the writer thread, then the list is reloaded.
    def _write(self, fn, done_message: str) -> None:
        def ok(_):
            self.message.setText(done_message)
            self.refresh()
            self.accounts_changed.emit()

        self.ctx.tasks.write(fn, ok, self._failed)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))

    def create(self, username: str, full_name: str, role: Role, password: str) -> None:
        store, actor = self.ctx.store, self.ctx.officer_id
        self._write(lambda: auth.create_officer(store, actor, username, full_name, role, password),
                    self.tr("Đã tạo tài khoản %1.").replace("%1", username.strip().lower()))

    def reset_password(self, username: str, password: str) -> None:
        store, actor = self.ctx.store, self.ctx.officer_id
        self._write(lambda: auth.reset_password(store, actor, username, password),
                    self.tr("Đã đặt lại mật khẩu cho %1.").replace("%1", username))

    def set_active(self, username: str, active: bool) -> None:
        store, actor = self.ctx.store, self.ctx.officer_id
        self._write(lambda: auth.set_active(store, actor, username, active),
                    (self.tr("Đã kích hoạt %1.") if active else self.tr("Đã vô hiệu hoá %1.")).replace("%1", username))

    def change_role(self, username: str, role: Role) -> None:
        store, actor = self.ctx.store, self.ctx.officer_id
        self._write(lambda: auth.change_role(store, actor, username, role),
                    self.tr("Đã đổi quyền của %1.").replace("%1", username))

    def _ask_create(self) -> None:
        dialog = NewOfficerDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create(dialog.username.text(), dialog.full_name.text(), Role(dialog.role.currentData()),
                        dialog.password.text())

    def _ask_reset(self) -> None:
        officer = self.selected()
        if officer is None:
            return
        password, ok = QInputDialog.getText(self, self.tr("Đặt lại mật khẩu"),
                                            self.tr("Mật khẩu mới cho %1").replace("%1", officer.username),
                                            QLineEdit.EchoMode.Password)
        if ok:
            self.reset_password(officer.username, password)

    def _toggle_active(self) -> None:
        officer = self.selected()
        if officer is not None:
            self.set_active(officer.username, not officer.active)

    def _ask_role(self) -> None:
        officer = self.selected()
        if officer is None:
            return
        labels = [role_label(r) for r in Role]
        choice, ok = QInputDialog.getItem(self, self.tr("Đổi quyền"), officer.username, labels,
                                          list(Role).index(officer.role), False)
        if ok:
            self.change_role(officer.username, list(Role)[labels.index(choice)])

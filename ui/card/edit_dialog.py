"""Correcting a received dossier: the applicant's fields pre-filled, a required reason and an
optional reissue of the receipt slip. Messages appear beside the fields they are about; the
checks are the service's own (counter_app.services.editing), run before anything is sent."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.enums import ApplicantKind
from counter_app.domain.errors import FieldError, ValidationFailed
from counter_app.services.editing import EditableDossier, clean_changes, clean_reason
from ui.id_kinds import id_kind_choices
from ui.messages import error_text, field_texts

#: The text fields of the form, in order (service field name → label).
TEXT_FIELDS = ("applicant_name", "id_number", "phone", "email", "address", "representative_name")
ERROR_STYLE = "color: #b00020"


class EditDialog(QDialog):
    """Asks for the corrections. ``submitted(dict changes, str reason, bool reissue)`` is emitted
    when the form passes the checks; the dialog stays open until :meth:`finish` (saved) or
    :meth:`show_failure` (refused: the message is shown, the form kept)."""

    submitted = Signal(dict, str, bool)

    def __init__(self, current: EditableDossier, *, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.current = current
        self.today = today
        self.setWindowTitle(self.tr("Sửa hồ sơ %1").replace("%1", current.code))
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Sửa thông tin hồ sơ %1 sau khi tiếp nhận (cần quyền giám sát).")
                                .replace("%1", current.code)))
        self.form = QFormLayout()
        layout.addLayout(self.form)
        business = current.applicant_kind == str(ApplicantKind.BUSINESS)
        self._line("applicant_name", self.tr("Tên tổ chức, doanh nghiệp") if business else self.tr("Họ và tên"),
                   current.applicant_name)
        kind = QComboBox()
        for value, label in id_kind_choices(business):
            kind.addItem(label, str(value))
        kind.setCurrentIndex(max(0, kind.findData(current.id_kind)))
        self._row("id_kind", self.tr("Loại giấy tờ"), kind)
        self._line("id_number", self.tr("Số giấy tờ"), current.id_number)
        self._line("phone", self.tr("Số điện thoại"), current.phone or "")
        self._line("email", self.tr("Email"), current.email or "")
        self._line("address", self.tr("Địa chỉ"), current.address)
        self._line("representative_name", self.tr("Người đại diện"),
                   current.representative_name or "")
        note = QPlainTextEdit(current.note or "")
        note.setFixedHeight(60)
        self._row("note", self.tr("Ghi chú"), note)
        reason = QLineEdit()
        reason.setPlaceholderText(self.tr("Bắt buộc: vì sao phải sửa"))
        self._row("reason", self.tr("Lý do"), reason)
        self.reissue = QCheckBox(self.tr("In lại giấy tiếp nhận (Mẫu 01) với thông tin đã sửa"))
        self.form.addRow("", self.reissue)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Lưu thay đổi"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- building -----------------------------------------------------------------------

    def _row(self, name: str, label: str, widget: QWidget) -> None:
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        self.fields[name], self.errors[name] = widget, error
        self.form.addRow(label, box)

    def _line(self, name: str, label: str, text: str) -> None:
        self._row(name, label, QLineEdit(text))

    # -- values -------------------------------------------------------------------------

    def _raw(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: self.fields[name].text() for name in TEXT_FIELDS}
        out["id_kind"] = self.fields["id_kind"].currentData()
        out["note"] = self.fields["note"].toPlainText()
        return out

    def changes(self) -> dict[str, Any]:
        """The fields whose text differs from the dossier's (raw, as typed; the service cleans)."""
        before: dict[str, Any] = {name: getattr(self.current, name) or "" for name in (*TEXT_FIELDS, "note")}
        before["id_kind"] = self.current.id_kind
        return {name: value for name, value in self._raw().items() if value.strip() != str(before[name]).strip()}

    def reason(self) -> str:
        return self.fields["reason"].text()

    # -- checking and outcome -----------------------------------------------------------

    def show_errors(self, by_field: dict[str, str], general: str = "") -> None:
        """Put each message beside its field; the rest (and *general*) under the form."""
        for name, label in self.errors.items():
            label.setText(by_field.get(name, ""))
            label.setVisible(name in by_field)
        rest = [m for f, m in by_field.items() if f not in self.errors]
        self.message.setText("\n".join([*rest, general] if general else rest))

    def check(self) -> dict[str, str]:
        """Run the service's checks on the form; the messages by field (empty when all good)."""
        errors: list[FieldError] = []
        try:
            clean_reason(self.reason())
        except ValidationFailed as exc:
            errors.extend(exc.errors)
        changes = self.changes()
        if not changes:
            errors.append(FieldError("changes", self.tr("Chưa sửa thông tin nào.")))
        else:
            try:
                clean_changes(self.current, changes, self.today)
            except ValidationFailed as exc:
                errors.extend(exc.errors)
        return field_texts(ValidationFailed(errors)) if errors else {}

    def submit(self) -> None:
        """Check the form; when it passes, emit ``submitted`` and wait for the outcome."""
        errors = self.check()
        self.show_errors(errors)
        if errors:
            return
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.changes(), self.reason(), self.reissue.isChecked())

    def show_failure(self, exc: BaseException) -> None:
        """The service refused: show why, keep the form for a correction or a cancel."""
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.show_errors(field_texts(exc))
        else:
            self.show_errors({}, error_text(exc))

    def finish(self) -> None:
        """Saved: close."""
        self.ok_button.setEnabled(True)
        self.accept()

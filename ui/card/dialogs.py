"""The inputs an action needs, asked in one small dialog per action (validated by the service)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.clock import now_vn
from counter_app.domain.lifecycle import Action
from counter_app.store.lookup import DossierCard
from counter_app.services.actions import COLLECTOR_APPLICANT, COLLECTOR_AUTHORISED
from ui.card.labels import action_label
from ui.id_kinds import id_kind_choices



def set_wall_time(edit: QDateTimeEdit, value: datetime) -> None:
    """Show the Vietnam wall time *value* in *edit* as it is. The edit works in UTC, which has
    no daylight-saving gaps: in the PC's own zone Qt would move 02:30 to 03:30 on a night the
    clocks of that zone go forward."""
    edit.setTimeZone(QTimeZone.utc())
    edit.setDateTime(QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute),
                               QTimeZone.utc()))


def wall_time_of(edit: QDateTimeEdit) -> datetime:
    """The wall time shown in *edit* (set with :func:`set_wall_time`), naive."""
    shown = edit.dateTime()
    return datetime.combine(shown.date().toPython(), shown.time().toPython())


class ActionDialog(QDialog):
    """Asks for the inputs of one action on one dossier; ``inputs()`` gives them as keywords."""

    def __init__(self, action: Action, card: DossierCard, parent: QWidget | None = None):
        super().__init__(parent)
        self.action = action
        self.card = card
        self.setWindowTitle(action_label(action))
        self.fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Hồ sơ %1 – %2").replace("%1", card.code).replace("%2", card.applicant_name))
        layout.addWidget(heading)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ghi nhận"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._build()
        first = next((w for w in self.fields.values() if w.isEnabled()), None)
        if first is not None:
            first.setFocus()  # the officer types at once; Enter records (the default button)

    # -- fields -------------------------------------------------------------------------

    def _line(self, name: str, label: str, text: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        self.fields[name] = edit
        self.form.addRow(label, edit)
        return edit

    def _check(self, name: str, label: str, checked: bool) -> QCheckBox:
        box = QCheckBox(label)
        box.setChecked(checked)
        self.fields[name] = box
        self.form.addRow("", box)
        return box

    def _build(self) -> None:
        a = self.action
        if a is Action.HAND_OVER:
            self._line("department", self.tr("Phòng chuyên môn nhận"))
        elif a is Action.RETURN:
            self._build_return()
        elif a is Action.REQUEST_SUPPLEMENT:
            missing = QPlainTextEdit()
            missing.setPlaceholderText(self.tr("Mỗi dòng một giấy tờ cần bổ sung, hoàn thiện"))
            self.fields["missing"] = missing
            self.form.addRow(self.tr("Giấy tờ cần bổ sung"), missing)
            self._line("reason", self.tr("Lý do"))
        elif a is Action.REQUIRE_PAYMENT:
            amount = QSpinBox()
            amount.setRange(0, 2_000_000_000)
            amount.setSingleStep(1000)
            amount.setSuffix(" đ")
            self.fields["amount"] = amount
            self.form.addRow(self.tr("Số tiền phải nộp"), amount)
        elif a is Action.PAYMENT_DONE:
            self._line("receipt_no", self.tr("Số biên lai, chứng từ"))
        elif a in (Action.WITHDRAW, Action.STOP, Action.REFUSE):
            self._line("reason", self.tr("Lý do"))
            if a is Action.STOP:
                self._line("decided_by", self.tr("Người quyết định dừng"))
                self._line("notice", self.tr("Nội dung thông báo cho người nộp"))
        elif a is Action.APOLOGISE:
            self._line("reason", self.tr("Lý do chậm trả kết quả"))
            when = QDateTimeEdit()
            when.setDisplayFormat("HH:mm dd/MM/yyyy")
            when.setCalendarPopup(True)
            start = max(self.card.due_at, now_vn()) + timedelta(days=1)
            set_wall_time(when, start)
            self.fields["new_due_at"] = when
            self.form.addRow(self.tr("Ngày hẹn mới"), when)
        if a not in (Action.WITHDRAW, Action.STOP, Action.REFUSE, Action.APOLOGISE):
            self._line("note", self.tr("Ghi chú"))

    def _build_return(self) -> None:
        who = QComboBox()
        who.addItem(self.tr("Người nộp hồ sơ"), COLLECTOR_APPLICANT)
        who.addItem(self.tr("Người được ủy quyền"), COLLECTOR_AUTHORISED)
        self.fields["collector"] = who
        self.form.addRow(self.tr("Người nhận kết quả"), who)
        name = self._line("collector_name", self.tr("Họ tên người được ủy quyền"))
        kind = QComboBox()
        for value, label in id_kind_choices():
            kind.addItem(label, str(value))
        self.fields["collector_id_kind"] = kind
        self.form.addRow(self.tr("Loại giấy tờ"), kind)
        number = self._line("collector_id_number", self.tr("Số giấy tờ"))

        def toggle() -> None:
            authorised = who.currentData() == COLLECTOR_AUTHORISED
            for w in (name, kind, number):
                w.setEnabled(authorised)

        who.currentIndexChanged.connect(toggle)
        toggle()
        settled = self.card.fee_paid or self.card.fee_amount == 0
        fee = f"{self.card.fee_amount:,}".replace(",", ".")
        paid = self._check("fees_paid", self.tr("Đã thu phí, lệ phí (%1 đ)").replace("%1", fee), settled)
        paid.setEnabled(not settled)
        self._check("slip_returned", self.tr("Đã thu lại giấy tiếp nhận (liên giao người nộp)"), True)

    # -- values -------------------------------------------------------------------------

    def set_error(self, message: str) -> None:
        """Show the service's refusal without closing."""
        self.error.setText(message)

    def inputs(self) -> dict[str, Any]:
        """The action's keyword inputs, raw (the service validates them)."""
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                if name.startswith("collector_") and not widget.isEnabled():
                    continue
                out[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                out[name] = [line for line in widget.toPlainText().splitlines() if line.strip()]
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[name] = widget.value()
            elif isinstance(widget, QDateTimeEdit):
                out[name] = wall_time_of(widget)
            elif isinstance(widget, QComboBox):
                if name == "collector_id_kind" and not widget.isEnabled():
                    continue
                out[name] = widget.currentData()
        return out

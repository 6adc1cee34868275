"""The applicant's fields, each validated as typed with its message beside it."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from counter_app.domain.clock import today_vn
from counter_app.domain.enums import ApplicantKind, IdentityCheck, IdKind
from counter_app.domain.errors import FieldError, ValidationFailed
from counter_app.domain.validation import (
    clean_address,
    clean_birth_date,
    clean_email,
    clean_id_number,
    clean_name,
    clean_phone,
)
from ui.id_kinds import id_kind_choices
from ui.messages import said_text

_DATE = re.compile(r"([0-9]{1,2})[/.-]?([0-9]{1,2})[/.-]?([0-9]{4})")
ERROR_STYLE = "color: #b00020;"



def parse_birth_date(text: str) -> date | None:
    """A date typed as dd/mm/yyyy (or ddmmyyyy); None when empty; ValidationFailed when bad."""
    text = text.strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    try:
        if not match:
            raise ValueError
        day, month, year = (int(x) for x in match.groups())
        return date(year, month, day)
    except ValueError:
        raise ValidationFailed([FieldError(
            "birth_date", f"Ngày sinh: «{text}» không phải ngày hợp lệ (nhập dạng 05/09/1990)")]) from None


class ApplicantForm(QWidget):
    """Applicant fields with a message label beside each.

    Signals: ``changed()``, ``id_number_valid(str)`` (a well-formed ID number was typed).
    """

    changed = Signal()
    id_number_valid = Signal(str)

    FIELDS = ("applicant_name", "id_number", "birth_date", "phone", "email", "address",
              "representative_name")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Cá nhân"), ApplicantKind.PERSON)
        self.kind.addItem(self.tr("Tổ chức, doanh nghiệp"), ApplicantKind.BUSINESS)
        self.id_kind = QComboBox()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        labels = {
            "applicant_name": self.tr("Họ và tên"),
            "id_number": self.tr("Số giấy tờ"),
            "birth_date": self.tr("Ngày sinh"),
            "phone": self.tr("Số điện thoại"),
            "email": self.tr("Email"),
            "address": self.tr("Địa chỉ"),
            "representative_name": self.tr("Người đại diện / được ủy quyền"),
        }
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("Đối tượng")), 0, 0)
        grid.addWidget(self.kind, 0, 1)
        grid.addWidget(QLabel(self.tr("Loại giấy tờ")), 1, 0)
        grid.addWidget(self.id_kind, 1, 1)
        self.kind_error = QLabel()
        self.kind_error.setStyleSheet(ERROR_STYLE)
        grid.addWidget(self.kind_error, 1, 2)
        self.name_label = QLabel(labels["applicant_name"])
        for row, field in enumerate(self.FIELDS, start=2):
            edit = QLineEdit()
            edit.setObjectName(field)
            error = QLabel()
            error.setObjectName(f"{field}_error")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            grid.addWidget(self.name_label if field == "applicant_name" else QLabel(labels[field]), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(error, row, 2)
            edit.textEdited.connect(lambda _t, f=field: self._edited(f))
            self.edits[field] = edit
            self.errors[field] = error
        self.identity = QComboBox()  # how the identity was checked (recorded with the dossier)
        self.identity.setObjectName("identity_check")
        for value, label in (("", self.tr("(chưa ghi)")), (IdentityCheck.CCCD_QR, self.tr("Quét mã QR thẻ căn cước")),
                             (IdentityCheck.CHIP, self.tr("Đọc chip thẻ căn cước")),
                             (IdentityCheck.VNEID, self.tr("Tài khoản VNeID")),
                             (IdentityCheck.DOCUMENTS, self.tr("Giấy tờ xuất trình"))):
            self.identity.addItem(label, value)
        row = len(self.FIELDS) + 2
        grid.addWidget(QLabel(self.tr("Kiểm tra nhân thân")), row, 0)
        grid.addWidget(self.identity, row, 1)
        self.edits["birth_date"].setPlaceholderText("dd/mm/yyyy")
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.id_kind.currentIndexChanged.connect(lambda _i: self._edited("id_number"))
        self._kind_changed()
        self.dirty = False

    # --- values -----------------------------------------------------------------------------
    def identity_check(self) -> IdentityCheck | None:
        return self.identity.currentData() or None

    def applicant_kind(self) -> ApplicantKind:
        return self.kind.currentData()

    def text(self, field: str) -> str:
        return self.edits[field].text()

    def birth_date(self) -> date | None:
        """The typed birth date, or None when empty or not a date."""
        try:
            return parse_birth_date(self.text("birth_date"))
        except ValidationFailed:
            return None

    def _kind_changed(self) -> None:
        business = self.applicant_kind() is ApplicantKind.BUSINESS
        current = self.id_kind.currentData()
        self.id_kind.blockSignals(True)
        self.id_kind.clear()
        for value, label in id_kind_choices(business):
            self.id_kind.addItem(label, value)
        index = self.id_kind.findData(current)
        self.id_kind.setCurrentIndex(max(index, 0))
        self.id_kind.blockSignals(False)
        self.name_label.setText(self.tr("Tên tổ chức, doanh nghiệp") if business else self.tr("Họ và tên"))
        for field in ("applicant_name", "id_number"):
            if self.text(field):
                self.validate_field(field)
        self.changed.emit()

    # --- validation as typed ----------------------------------------------------------------
    def _check(self, field: str) -> object:
        text = self.text(field)
        business = self.applicant_kind() is ApplicantKind.BUSINESS
        if field == "applicant_name":
            return clean_name(text, business=business)
        if field == "id_number":
            birth = self.birth_date()
            return clean_id_number(self.id_kind.currentData(), text, birth.year if birth else None)
        if field == "birth_date":
            return clean_birth_date(parse_birth_date(text), today=today_vn())
        if field == "phone":
            return clean_phone(text)
        if field == "email":
            return clean_email(text)
        if field == "address":
            return clean_address(text)
        return clean_name(text, "representative_name", required=False)

    def validate_field(self, field: str) -> bool:
        """Check one field now and show (or clear) its message; True when it is valid."""
        try:
            value = self._check(field)
        except ValidationFailed as exc:
            self.errors[field].setText(said_text(exc.errors[0].message))
            return False
        self.errors[field].clear()
        if field == "id_number" and value:
            self.id_number_valid.emit(value)
        return True

    def _edited(self, field: str) -> None:
        self.dirty = True
        self.validate_field(field)
        if field == "birth_date" and self.text("id_number"):
            self.validate_field("id_number")
        self.changed.emit()

    def show_errors(self, by_field: dict[str, str]) -> None:
        """Show the messages of a refused save beside their fields."""
        for field, label in self.errors.items():
            label.setText(by_field.get(field, ""))
        self.kind_error.setText(by_field.get("id_kind", "") or by_field.get("applicant_kind", ""))

    def message(self, field: str) -> str:
        return self.errors[field].text()

    # --- filling ----------------------------------------------------------------------------
    def fill(self, **values) -> None:
        """Set fields from a card or an earlier dossier (None leaves a field as it is)."""
        kind = values.pop("applicant_kind", None)
        if kind is not None:
            self.kind.setCurrentIndex(self.kind.findData(ApplicantKind(kind)))
        id_kind = values.pop("id_kind", None)
        if id_kind is not None:
            index = self.id_kind.findData(IdKind(id_kind))
            if index >= 0:
                self.id_kind.setCurrentIndex(index)
        birth = values.pop("birth_date", None)
        if birth is not None:
            values["birth_date"] = f"{birth:%d/%m/%Y}"
        for field, value in values.items():
            if value is not None and field in self.edits:
                self.edits[field].setText(str(value))
        self.dirty = True
        for field in self.FIELDS:
            if self.text(field):
                self.errors[field].clear() if self._valid_quiet(field) else self.validate_field(field)
        self.changed.emit()

    def _valid_quiet(self, field: str) -> bool:
        try:
            self._check(field)
        except ValidationFailed:
            return False
        return True

    def clear(self) -> None:
        """Empty every field for the next person."""
        for field in self.FIELDS:
            self.edits[field].clear()
            self.errors[field].clear()
        self.kind_error.clear()
        self.kind.setCurrentIndex(0)
        self.id_kind.setCurrentIndex(0)
        self.identity.setCurrentIndex(0)
        self.dirty = False
        self.changed.emit()

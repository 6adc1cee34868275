"""The dossier's personal-data access log (counter_app.store.pii_access) as a table model."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt

from counter_app.store.pii_access import AccessAction, AccessRow
from ui.card.labels import form_name
from ui.row_model import RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("AccessTableModel", text)


def action_text(action: AccessAction) -> str:
    """What was done, in words."""
    return {AccessAction.VIEW: _tr("Xem"), AccessAction.PRINT: _tr("In hoặc lưu tệp"),
            AccessAction.EXPORT: _tr("Trích xuất"), AccessAction.ERASE: _tr("Xoá")}[AccessAction(action)]


def form_text(form: str | None) -> str:
    """Which form: the card, a slip (by its name; ".pdf" when saved as a file), an export file."""
    if not form:
        return ""
    if form == "card":
        return _tr("Thẻ hồ sơ")
    if form in ("json", "pdf"):
        return _tr("Tệp %1").replace("%1", form.upper())
    kind, _, saved = form.partition(".")
    name = form_name(kind) or kind
    if not saved:
        return name
    if saved == "preview":  # shown on screen in the print preview
        return name + " " + _tr("(xem trước khi in)")
    if saved == "pdf":
        return name + " " + _tr("(tệp PDF)")
    return name + " (" + _tr("Tệp %1").replace("%1", saved.upper()) + ")"  # an export: xlsx, csv, json


class AccessTableModel(RowTableModel):
    """AccessRow list. Columns: time, officer, workstation, action, form."""

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Thời gian"), self.tr("Cán bộ"), self.tr("Quầy"), self.tr("Thao tác"), self.tr("Biểu mẫu"))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row: AccessRow = self.rows[index.row()]
        return (
            row.at.strftime("%H:%M:%S %d/%m/%Y"),
            row.officer_name or row.officer_id or "",
            "" if row.workstation_no is None else str(row.workstation_no),
            action_text(row.action),
            form_text(row.form),
        )[index.column()]

"""The dossier's history as a table model over the card's plain HistoryRow data."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from counter_app.lookup import HistoryRow
from counter_app.validation import label_of
from ui.card.labels import event_label, status_label

_DETAIL_KEYS = ("department", "reason", "missing", "result_timing", "new_due_at", "name", "id_number", "note",
                "receipt_no", "amount")


def detail_text(row: HistoryRow) -> str:
    """The event's inputs, one "key: value" after another."""
    parts = []
    for key in _DETAIL_KEYS:
        value = row.data.get(key)
        if value in (None, "", []):
            continue
        parts.append(", ".join(value) if isinstance(value, list) else str(value))
    changes = row.data.get("changes")
    if isinstance(changes, dict):  # a correction after receipt: {field: [old, new]}
        for field, pair in changes.items():
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            parts.append(f"{label_of(field)}: {old or '—'} → {new or '—'}")
    return " · ".join(parts)


class HistoryTableModel(QAbstractTableModel):
    """Columns: time, event, officer, new status, details."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[HistoryRow] = []

    def headers(self) -> list[str]:
        return [self.tr("Thời gian"), self.tr("Sự kiện"), self.tr("Cán bộ"), self.tr("Trạng thái"),
                self.tr("Chi tiết")]

    def set_rows(self, rows) -> None:
        """Replace the history shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else 5

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        return (
            row.at.strftime("%H:%M %d/%m/%Y"),
            event_label(row.kind),
            row.officer_name or "",
            status_label(row.to_status),
            detail_text(row),
        )[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 5:
            return self.headers()[section]
        return None

"""The dossier's history as a table model over the card's plain HistoryRow data."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from counter_app.lookup import HistoryRow
from counter_app.validation import label_of
from ui.card.labels import event_label, status_label
from ui.row_model import RowTableModel

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


class HistoryTableModel(RowTableModel):
    """The card's HistoryRow list. Columns: time, event, officer, new status, details."""

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Thời gian"), self.tr("Sự kiện"), self.tr("Cán bộ"), self.tr("Trạng thái"),
                self.tr("Chi tiết"))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row: HistoryRow = self.rows[index.row()]
        return (
            row.at.strftime("%H:%M %d/%m/%Y"),
            event_label(row.kind),
            row.officer_name or "",
            status_label(row.to_status),
            detail_text(row),
        )[index.column()]

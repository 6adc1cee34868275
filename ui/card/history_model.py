"""The dossier's history as a table model over the card's plain HistoryRow data."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from datetime import datetime

from counter_app.domain.fees import format_vnd
from counter_app.store.lookup import HistoryRow
from counter_app.domain.validation import label_of
from ui.messages import said_text
from ui.card.labels import event_label, status_label, timing_label
from ui.row_model import RowTableModel

_DETAIL_KEYS = ("department", "reason", "missing", "result_timing", "new_due_at", "name", "id_number", "note",
                "receipt_no", "amount")


def _when(value) -> str:
    """An ISO time of the event's data as the card writes times (the text itself if not one)."""
    try:
        return datetime.fromisoformat(str(value)).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return str(value)


def _value_text(key: str, value) -> str:
    """One input of an event in words: codes (result timing), times and amounts are never
    shown as stored ("early", "2026-03-25T16:00:00", 20000)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if key == "result_timing":
        return timing_label(str(value)) or str(value)
    if key == "new_due_at":
        return _when(value)
    if key == "amount" and isinstance(value, int | float):
        return format_vnd(int(value))
    return str(value)


def detail_text(row: HistoryRow) -> str:
    """The event's inputs, one after another, in words."""
    parts = []
    for key in _DETAIL_KEYS:
        value = row.data.get(key)
        if value in (None, "", []):
            continue
        parts.append(_value_text(key, value))
    changes = row.data.get("changes")
    if isinstance(changes, dict):  # a correction after receipt: {field: [old, new]}
        for field, pair in changes.items():
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            parts.append(f"{said_text(label_of(field))}: {old or '—'} → {new or '—'}")
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

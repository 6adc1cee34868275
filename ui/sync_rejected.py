"""The screen of items the provincial server refused, each with its reason, for a person to act on."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from sync.engine import RoundResult
from sync.outbox import RejectedRow, list_rejected, requeue
from ui.card.labels import event_label
from ui.messages import error_text, said_text


class RejectedTableModel(QAbstractTableModel):
    """Rows of set-aside outbox items."""

    COLUMNS = ("dossier", "kind", "created", "attempts", "reason")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[RejectedRow] = []
        self._headers = [self.tr("Mã hồ sơ"), self.tr("Loại thay đổi"), self.tr("Thời điểm"),
                         self.tr("Số lần gửi"), self.tr("Lý do máy chủ từ chối")]

    def set_rows(self, rows: list[RejectedRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RejectedRow:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [r.dossier_code or "", event_label(r.kind), r.created_at.strftime("%H:%M %d/%m/%Y"),
                    str(r.attempts), said_text(r.reason)][index.column()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None


class RejectedView(QWidget):
    """Lists set-aside items; "send again" puts the selected ones back in the queue.

    Signals: ``sync_requested()`` (after items were queued again).
    """

    sync_requested = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RejectedTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # the whole code, to look it up
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self.tr("Không có mục nào bị từ chối."))
        self.refresh_button = QPushButton(self.tr("Làm mới"))
        self.requeue_button = QPushButton(self.tr("Gửi lại mục đã chọn"))
        self.refresh_button.clicked.connect(self.refresh)
        self.requeue_button.clicked.connect(self._requeue_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.requeue_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self._shown_total: int | None = None

    @Slot()
    def refresh(self) -> None:
        store = self.ctx.store
        self.ctx.tasks.run(lambda: list_rejected(store), self._show, self._read_failed)

    def _read_failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("Không đọc được danh sách mục bị từ chối: %1").replace("%1", error_text(exc)[:200]))

    def _show(self, rows: list[RejectedRow]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.summary.setText(self.tr("%n mục bị máy chủ từ chối, cần xem xét.", "", len(rows)))
        else:
            self.summary.setText(self.tr("Không có mục nào bị từ chối."))

    @Slot(object)
    def on_status(self, result: RoundResult) -> None:
        """Reload when the number of set-aside items changed."""
        if result.rejected_total != self._shown_total:
            self._shown_total = result.rejected_total
            self.refresh()

    def _requeue_selected(self) -> None:
        seqs = [self.model.row_at(i.row()).seq for i in self.table.selectionModel().selectedRows()]
        if not seqs:
            return
        store = self.ctx.store
        self.ctx.tasks.write(lambda: requeue(store, seqs), lambda _n: (self.refresh(), self.sync_requested.emit()))

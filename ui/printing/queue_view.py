"""The print queue: slips not printed yet ("Chưa in"), each printable again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from ui.printing.controller import PrintController
from ui.row_model import RowTableModel
from ui.messages import said_text

KIND_LABELS = {
    "receipt": "Giấy tiếp nhận và hẹn trả (Mẫu 01)",
    "supplement": "Phiếu yêu cầu bổ sung (Mẫu 02)",
    "refusal": "Phiếu từ chối tiếp nhận (Mẫu 03)",
    "apology": "Văn bản xin lỗi, gia hạn (Mẫu 04)",
    "stop": "Thông báo dừng giải quyết (Mẫu 05)",
    "control": "Phiếu kiểm soát (Mẫu 06)",
    "handover": "Danh sách bàn giao hồ sơ",
    "label": "Nhãn mã vạch",
}


@dataclass(frozen=True)
class QueueRow:
    """One unprinted slip as the queue shows it."""

    job_id: str
    kind: str
    code: str
    created_at: datetime | None
    error: str


def _field(job: Any, *names: str, default=None):
    for name in names:
        if isinstance(job, dict) and name in job:
            return job[name]
        if hasattr(job, name):
            return getattr(job, name)
    return default


def row_of(job: Any) -> QueueRow:
    """Turn an item of the service's unprinted list into a row."""
    return QueueRow(
        job_id=str(_field(job, "id", "job_id")),
        kind=str(_field(job, "kind", default="")),
        code=str(_field(job, "dossier_code", "code", default="") or ""),
        created_at=_field(job, "created_at"),
        error=said_text(_field(job, "error", default="") or ""),
    )


class PrintQueueTableModel(RowTableModel):
    """Unprinted slips: slip, dossier, queued at, state."""

    def headers(self) -> tuple[str, ...]:
        return self.tr("Phiếu"), self.tr("Mã hồ sơ"), self.tr("Thời gian"), self.tr("Trạng thái")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return self.tr(KIND_LABELS.get(row.kind, row.kind))
            if col == 1:
                return row.code
            if col == 2:
                return row.created_at.strftime("%H:%M %d/%m/%Y") if row.created_at else ""
            return self.tr("Chưa in") + (f" — {row.error}" if row.error else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.error or None
        return None


class PrintQueueView(QWidget):
    """Lists slips not printed yet with a reprint button. Signals: ``count_changed(int)``."""

    count_changed = Signal(int)

    def __init__(self, printing: PrintController, parent: QWidget | None = None):
        super().__init__(parent)
        self.printing = printing
        self.model = PrintQueueTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.reprint_button = QPushButton(self.tr("In &lại phiếu đã chọn"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        refresh = QPushButton(self.tr("&Làm mới"))
        refresh.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(refresh)
        bar.addWidget(self.reprint_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        printing.queue_changed.connect(self.refresh)

    def refresh(self) -> None:
        """Reload the unprinted slips on a worker."""
        store, service = self.printing.ctx.store, self.printing.service
        self.printing.ctx.tasks.run(
            lambda: [row_of(job) for job in service.unprinted_jobs(store)], on_done=self._loaded
        )

    def _loaded(self, rows: list[QueueRow]) -> None:
        self.model.set_rows(rows)
        self.summary.setText(self.tr("%n phiếu chưa in", "", len(rows)) if rows
                             else self.tr("Không có phiếu nào chờ in"))
        self.count_changed.emit(len(rows))

    def reprint_selected(self) -> None:
        """Print the selected unprinted slip again."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        self.printing.print_job(row.job_id, row.kind, title=row.code)

"""The logbook's table model: a window of pages over a million dossiers, read off the GUI thread.

The model knows how many rows match the filter and keeps a bounded cache of pages. A row that
is not cached shows "…" and asks for its page on the task runner's pool; the page continues by
keyset from a cached neighbour (cheap anywhere) or, after a jump, skips rows from the nearer
end. When the page arrives, ``dataChanged`` repaints it. A filter change or a refresh counts
again and resets the model; late answers of an older filter are dropped.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from counter_app.domain.clock import now_vn
from counter_app.domain.enums import DossierStatus
from counter_app.store.ledger import (
    Deadline,
    LedgerFilter,
    LedgerRow,
    row_key,
)
from counter_app.store.queries import logbook_count, logbook_page
from ui.card.labels import late_text, status_label
from ui.tasks import TaskRunner
from ui.messages import error_text

if TYPE_CHECKING:
    from counter_app.store.db import Store

PAGE_SIZE = 200
MAX_PAGES = 60
LATE_BACKGROUND = QColor("#f8d7da")
DUE_TODAY_BACKGROUND = QColor("#fff3cd")
MARK_FOREGROUND = QColor("#212529")


def _when(value: datetime | None) -> str:
    return f"{value:%d/%m/%Y %H:%M}" if value else ""



class LogbookTableModel(QAbstractTableModel):
    """Dossiers of the logbook in pages. Signals: ``count_changed(int)``, ``page_loaded(int)``,
    ``load_failed(str)``."""

    count_changed = Signal(int)
    page_loaded = Signal(int)
    load_failed = Signal(str)

    COLUMNS = ("line", "code", "applicant", "procedure", "status", "received", "due", "deadline")

    def __init__(self, store: Store, tasks: TaskRunner, clock: Callable[[], datetime] = now_vn,
                 parent=None):
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.clock = clock
        self.filter = LedgerFilter()
        self.now = clock()
        self._total = 0
        self._generation = 0
        self._pages: OrderedDict[int, list[LedgerRow]] = OrderedDict()
        self._late: dict[int, dict[str, object]] = {}  # page → {dossier id: DueInfo} of its late rows
        self._pending: set[int] = set()
        self._headers = (self.tr("Số TT"), self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"),
                         self.tr("Trạng thái"), self.tr("Ngày nhận"), self.tr("Hẹn trả"), self.tr("Thời hạn"))

    # -- loading ---------------------------------------------------------------------------

    def set_filter(self, flt: LedgerFilter) -> None:
        """Show the dossiers matching *flt* (counted and loaded in the background)."""
        self.filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Count again and reload the visible pages (after a change in the store)."""
        self._generation += 1
        generation, flt, now, store = self._generation, self.filter, self.clock(), self.store

        def count():
            return generation, now, logbook_count(store, flt, now)

        self.tasks.run(count, self._counted, self._failed)

    def _counted(self, result) -> None:
        generation, now, total = result
        if generation != self._generation:
            return
        self.beginResetModel()
        self.now = now
        self._total = total
        self._pages.clear()
        self._late.clear()
        self._pending.clear()
        self.endResetModel()
        self.count_changed.emit(total)

    def _failed(self, exc: Exception) -> None:
        self.load_failed.emit(error_text(exc))

    def _page_bounds(self, page: int) -> tuple[int, int]:
        start = page * PAGE_SIZE
        return start, min(start + PAGE_SIZE, self._total)

    def _request(self, page: int) -> None:
        if page in self._pending or page in self._pages:
            return
        self._pending.add(page)
        start, end = self._page_bounds(page)
        kwargs: dict = {"limit": end - start}
        if page - 1 in self._pages:
            kwargs["after"] = row_key(self.filter, self._pages[page - 1][-1])
        elif page + 1 in self._pages:
            kwargs["before"] = row_key(self.filter, self._pages[page + 1][0])
        elif start <= self._total - end:
            kwargs["offset"] = start
        else:
            kwargs.update(offset=self._total - end, from_end=True)
        generation, flt, now, store = self._generation, self.filter, self.now, self.store

        def load():
            rows, late = logbook_page(store, flt, now=now, **kwargs)
            return generation, page, rows, late

        self.tasks.run(load, self._loaded, lambda exc: self._page_failed(generation, page, exc))

    def _page_failed(self, generation: int, page: int, exc: Exception) -> None:
        if generation == self._generation:  # asked again when a view next shows it
            self._pending.discard(page)
        self._failed(exc)

    def _loaded(self, result) -> None:
        generation, page, rows, late = result
        if generation != self._generation:
            return
        self._pending.discard(page)
        start, end = self._page_bounds(page)
        self._pages[page] = rows[: end - start]
        self._late[page] = late
        while len(self._pages) > MAX_PAGES:
            dropped, _rows = self._pages.popitem(last=False)
            self._late.pop(dropped, None)
        if end > start:
            self.dataChanged.emit(self.index(start, 0), self.index(end - 1, self.columnCount() - 1))
        self.page_loaded.emit(page)

    def row_at(self, row: int) -> LedgerRow | None:
        """The loaded row at *row*, or None while its page is being read."""
        if not 0 <= row < self._total:
            return None
        page = self._pages.get(row // PAGE_SIZE)
        if page is None:
            self._request(row // PAGE_SIZE)
            return None
        self._pages.move_to_end(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def is_loaded(self, row: int) -> bool:
        page = self._pages.get(row // PAGE_SIZE)
        return page is not None and row % PAGE_SIZE < len(page)

    # -- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None

    def deadline_text(self, row: LedgerRow) -> str:
        """"Quá hạn 1 ngày 2 giờ làm việc" (the card's words and count), "Đến hạn hôm nay" or empty."""
        state = row.deadline(self.now)
        if state is Deadline.LATE:
            for late in self._late.values():
                if row.id in late:
                    return late_text(late[row.id])
            return self.tr("Quá hạn")
        if state is Deadline.DUE_TODAY:
            return self.tr("Đến hạn hôm nay")
        return ""

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.parent().isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            state = row.deadline(self.now)
            if state is Deadline.NONE:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(MARK_FOREGROUND)
            return QBrush(LATE_BACKGROUND if state is Deadline.LATE else DUE_TODAY_BACKGROUND)
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.deadline_text(row) or None
        values = {
            "line": str(row.logbook_line),
            "code": row.code,
            "applicant": row.applicant_name,
            "procedure": row.procedure_name,
            "status": status_label(DossierStatus(row.status)),
            "received": _when(row.received_at),
            "due": _when(row.due_at),
            "deadline": self.deadline_text(row),
        }
        return values[column]

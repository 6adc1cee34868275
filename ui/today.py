"""The "today" page of the counter: received today, due today, late, results waiting for pickup.

The counts follow the work in two ways: :meth:`TodayView.refresh` is a slot the window connects
to any signal that announces a write (a dossier received, an action taken), and a timer
refreshes them every ``interval_ms`` (30 s by default) through the task runner's pool, which
also catches changes made by another program (the CLI, sync) and the clock passing an
appointment. Each refresh is four indexed COUNTs in a read snapshot, off the GUI thread.
"""

from __future__ import annotations


from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.domain.clock import now_vn
from counter_app.store.ledger import LedgerFilter, TodayCounts
from counter_app.domain.enums import DossierStatus
from ui.context import AppContext
from ui.messages import error_text

REFRESH_MS = 30_000


class TodayView(QWidget):
    """Signals: ``counts_changed(object TodayCounts)``, ``filter_requested(object LedgerFilter)``
    (a tile was clicked: show these dossiers in the logbook)."""

    counts_changed = Signal(object)
    filter_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, clock=now_vn,
                 interval_ms: int = REFRESH_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.counts: TodayCounts | None = None
        self._busy = False
        self._again = False
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        tiles = (
            ("received_today", self.tr("Tiếp nhận hôm nay"), "#0d6efd"),
            ("due_today", self.tr("Đến hạn hôm nay"), "#b58105"),
            ("late", self.tr("Quá hạn"), "#b02a37"),
            ("waiting_pickup", self.tr("Kết quả chờ trả"), "#146c43"),
        )
        big = QFont()
        big.setPointSize(28)
        big.setBold(True)
        for i, (key, title, colour) in enumerate(tiles):
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            value = QLabel("–")
            value.setFont(big)
            value.setStyleSheet(f"color: {colour}")
            value.setObjectName(key)
            box.addWidget(value)
            box.addWidget(QLabel(title))
            button = QPushButton(self.tr("Xem danh sách"))
            button.clicked.connect(lambda _=False, k=key: self.filter_requested.emit(self.filter_for(k)))
            box.addWidget(button)
            self.values[key] = value
            grid.addWidget(frame, i // 2, i % 2)
        self.updated_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.updated_label)
        layout.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def filter_for(self, key: str) -> LedgerFilter:
        """The logbook filter that lists the dossiers behind tile *key*."""
        today = self.clock().date()
        return {
            "received_today": LedgerFilter(date_from=today, date_to=today),
            "due_today": LedgerFilter(due_today=True),
            "late": LedgerFilter(late=True),
            "waiting_pickup": LedgerFilter(status=DossierStatus.RESULT_READY),
        }[key]

    def refresh(self) -> None:
        """Count again in the background (coalesced: at most one count in flight)."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        store, now = self.ctx.store, self.clock()

        def count():
            from counter_app.store.queries import counts_of_today  # SQLAlchemy: on the worker

            return now, counts_of_today(store, now)

        self.ctx.tasks.run(count, self._show, self._failed)

    def _finish(self) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, result) -> None:
        now, counts = result
        self.counts = counts
        for key, label in self.values.items():
            label.setText(f"{getattr(counts, key):,}".replace(",", "."))
        self.updated_label.setText(self.tr("Cập nhật lúc %1").replace("%1", f"{now:%H:%M:%S}"))
        self.counts_changed.emit(counts)
        self._finish()

    def _failed(self, exc: Exception) -> None:
        self.updated_label.setText(self.tr("Không đọc được số liệu: %1").replace("%1", error_text(exc)))
        self._finish()

"""Sync in the window: a runner that keeps rounds off the GUI thread, and the status-bar part."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel

from sync.engine import RoundResult, SyncEngine, SyncState
from counter_app.domain.clock import now_vn
from ui.messages import error_text

DEFAULT_INTERVAL_MS = 60_000


class SyncRunner(QObject):
    """Runs :meth:`SyncEngine.run_once` on a background thread, every interval and on `wake()`.

    *submit(fn, on_done, on_error)* runs *fn* off the GUI thread and calls back on it (the
    application's TaskRunner.run). Signals: ``status_changed(RoundResult)``, and
    ``files_progress(FileProgress)`` while a round sends scans (emitted on the round's thread,
    delivered on the GUI thread).
    """

    status_changed = Signal(object)
    files_progress = Signal(object)

    def __init__(self, engine: SyncEngine, submit: Callable, *, interval_ms: int = DEFAULT_INTERVAL_MS,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.engine = engine
        self._submit = submit
        self._running = False
        self._again: bool | None = None  # a round asked for while one runs (True: forced)
        self.last: RoundResult | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    @property
    def engine(self) -> SyncEngine:
        return self._engine

    @engine.setter
    def engine(self, engine: SyncEngine) -> None:
        self._engine = engine
        engine.on_file_progress = self.files_progress.emit  # called on the round's thread

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def wake(self) -> None:
        """Sync now (F5): a forced round that ignores the backoff."""
        self._run(force=True)

    @Slot()
    def _tick(self) -> None:
        self._run(force=False)

    def _run(self, *, force: bool) -> None:
        if self._running:
            self._again = bool(self._again) or force
            return
        self._running = True
        engine = self.engine
        self._submit(lambda: engine.run_once(force=force), self._finished, self._failed)

    def _finished(self, result: RoundResult) -> None:
        self._running = False
        self.last = result
        self.status_changed.emit(result)
        if self._again is not None:
            force, self._again = self._again, None
            self._run(force=force)

    def _failed(self, exc: Exception) -> None:
        """A round that raised: offline with its error; the outbox figures are the last known
        ones (not zero), and a round asked for meanwhile still runs."""
        last = self.last or RoundResult(SyncState.OFFLINE)
        self._finished(replace(last, state=SyncState.OFFLINE, error=error_text(exc), pushed=0, acknowledged=0,
                               rejected=0, pulled=0, retry_at=None))


def _age(delta_s: float, tr) -> str:
    minutes = int(delta_s // 60)
    if minutes < 1:
        return tr("dưới 1 phút")
    if minutes < 60:
        return tr("%n phút", "", minutes)
    return tr("%n giờ", "", minutes // 60)


class SyncStatusWidget(QLabel):
    """Status-bar part: online or offline, items waiting, age of the oldest, last success.

    Signals: ``sync_requested()`` (a click asks for a round now).
    """

    sync_requested = Signal()

    def __init__(self, clock: Callable[[], datetime] = now_vn, parent=None):
        super().__init__(parent)
        self.clock = clock
        self.setToolTip(self.tr("Nhấn F5 để đồng bộ ngay"))
        self._parts: list[str] = []  # the last round's words
        self._files = ""  # the scans: being sent now, or waiting
        self._compose()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.sync_requested.emit()
        super().mouseReleaseEvent(event)

    def _state_text(self, state: SyncState) -> str:
        return {
            SyncState.ONLINE: self.tr("Trực tuyến"),
            SyncState.OFFLINE: self.tr("Ngoại tuyến"),
            SyncState.PAUSED: self.tr("Tạm dừng: cần đăng ký lại máy trạm"),
            SyncState.NOT_ENROLLED: self.tr("Chưa đăng ký máy chủ tỉnh"),
        }[state]

    @Slot(object)
    def show_result(self, result: RoundResult) -> None:
        now = self.clock()
        parts = [self._state_text(result.state), self.tr("Chờ gửi: %1").replace("%1", str(result.pending))]
        if result.oldest_pending_at is not None:
            age = _age((now - result.oldest_pending_at).total_seconds(), self.tr)
            parts.append(self.tr("Cũ nhất: %1").replace("%1", age))
        if result.rejected_total:
            parts.append(self.tr("Bị từ chối: %1").replace("%1", str(result.rejected_total)))
        if result.last_success_at is not None:
            parts.append(self.tr("Đồng bộ lần cuối: %1").replace("%1", result.last_success_at.strftime("%H:%M %d/%m/%Y")))
        tip = result.error or self.tr("Nhấn F5 để đồng bộ ngay")
        if result.clock_skewed:
            parts.append(self._skew_text(result.clock_skew_s))
            tip = self.tr("Giờ tiếp nhận, ngày hẹn và thời hạn đều lấy theo đồng hồ của máy tính này: "
                          "hãy chỉnh lại đồng hồ (múi giờ Việt Nam, đồng bộ giờ tự động).") + "\n" + tip
        self._parts = parts
        self._files = (self.tr("Bản quét chờ gửi: %1").replace("%1", str(result.files_pending))
                       if result.files_pending else "")
        self._compose()
        self.setToolTip(tip)
        self.setProperty("syncState", result.state.value)
        self.setProperty("clockSkewed", result.clock_skewed)

    @Slot(object)
    def show_files(self, progress) -> None:
        """While a round sends scans: "files sent of the round's, and how much of their bytes"."""
        if progress.files_done >= progress.files_total:
            self._files = ""
        else:
            share = 100 * progress.bytes_done // progress.bytes_total if progress.bytes_total else 0
            self._files = (self.tr("Đang gửi bản quét: %1/%2 tệp (%3%)")
                           .replace("%1", str(progress.files_done)).replace("%2", str(progress.files_total))
                           .replace("%3", str(share)))
        self._compose()

    def _compose(self) -> None:
        parts = self._parts or [self.tr("Đồng bộ: đang kiểm tra…")]
        self.setText(" · ".join([*parts, self._files] if self._files else parts))

    def _skew_text(self, skew_s: float) -> str:
        """"The PC's clock is N minutes fast/slow against the server's"."""
        amount = _age(abs(skew_s), self.tr)
        if skew_s > 0:
            return self.tr("Đồng hồ máy này nhanh hơn máy chủ %1").replace("%1", amount)
        return self.tr("Đồng hồ máy này chậm hơn máy chủ %1").replace("%1", amount)


def install_sync(window, ctx, *, interval_ms: int = DEFAULT_INTERVAL_MS) -> SyncRunner:
    """Add the status-bar part, the set-aside items page (built on first use) and F5 (the
    window's "Đồng bộ ngay" when it has the "Hệ thống" menu) to *window*; start the timer."""
    runner = SyncRunner(SyncEngine(ctx.store), ctx.tasks.run, interval_ms=interval_ms, parent=window)
    widget = SyncStatusWidget()
    window.statusBar().addPermanentWidget(widget)

    def build_rejected():
        from ui.sync_rejected import RejectedView

        rejected = RejectedView(ctx)  # loads its rows when built
        runner.status_changed.connect(rejected.on_status)
        rejected.sync_requested.connect(runner.wake)
        if runner.last is not None:
            rejected.on_status(runner.last)
        return rejected

    title = QCoreApplication.translate("RejectedView", "Mục đồng bộ bị từ chối")  # the page's own context
    window.add_lazy_page("sync_rejected", title, build_rejected)
    runner.status_changed.connect(widget.show_result)
    runner.files_progress.connect(widget.show_files)
    widget.sync_requested.connect(runner.wake)
    menu = getattr(window, "system_menu", None)
    if menu is not None:  # "Đồng bộ ngay" in the "Hệ thống" menu owns F5
        menu.set_sync_runner(runner)
    else:
        shortcut = QShortcut(QKeySequence("F5"), window)
        shortcut.activated.connect(runner.wake)
    window.sync_runner, window.sync_status = runner, widget
    runner.start()
    return runner

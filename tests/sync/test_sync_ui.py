"""The sync runner off the GUI thread, the status-bar part, F5, and the set-aside items screen."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from counter_app.store.models import OutboxItem
from sync.engine import RoundResult, SyncState
from sync.outbox import list_rejected
from ui.context import AppContext
from ui.i18n import install_translators, remove_translators
from ui.sync_rejected import RejectedTableModel, RejectedView
from ui.sync_status import SyncRunner, SyncStatusWidget
from ui.tasks import TaskRunner

NOW = datetime(2026, 3, 10, 10, 0)


class FakeEngine:
    """Counts rounds; each blocks until released, on whatever thread runs it."""

    def __init__(self):
        self.calls: list[tuple[bool, str]] = []
        self.release = threading.Event()

    def run_once(self, *, force=False):
        self.calls.append((force, threading.current_thread().name))
        self.release.wait(10)
        return RoundResult(SyncState.ONLINE, pushed=2, acknowledged=2, pending=0, last_success_at=NOW)


def test_rounds_run_off_the_gui_thread_and_wake_forces_one(qtbot):
    tasks, engine = TaskRunner(), FakeEngine()
    runner = SyncRunner(engine, tasks.run, interval_ms=3_600_000)
    with qtbot.waitSignal(runner.status_changed, timeout=5000) as got:
        runner.wake()
        runner.wake()  # asked again while one runs: one more round afterwards, not two at once
        assert engine.calls == [] or engine.calls[0][1] != threading.current_thread().name
        engine.release.set()
    assert got.args[0].acknowledged == 2
    qtbot.waitUntil(lambda: len(engine.calls) == 2 and not runner._running, timeout=5000)
    assert [force for force, _ in engine.calls] == [True, True]
    assert all(name != threading.current_thread().name for _, name in engine.calls)
    tasks.wait_all()


def test_status_widget_shows_state_waiting_items_age_and_last_success(qtbot):
    widget = SyncStatusWidget(clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.show_result(RoundResult(SyncState.OFFLINE, pending=37, rejected_total=1,
                                   oldest_pending_at=NOW - timedelta(minutes=42),
                                   last_success_at=datetime(2026, 3, 10, 8, 5), error="Không kết nối được máy chủ"))
    assert widget.text() == ("Ngoại tuyến · Chờ gửi: 37 · Cũ nhất: 42 phút · Bị từ chối: 1"
                             " · Đồng bộ lần cuối: 08:05 10/03/2026")
    assert widget.toolTip() == "Không kết nối được máy chủ"
    widget.show_result(RoundResult(SyncState.PAUSED, pending=3))
    assert widget.text() == "Tạm dừng: cần đăng ký lại máy trạm · Chờ gửi: 3"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's notice on show()
def test_f5_in_the_window_syncs_now(qtbot, store):
    from ui.app import build_window

    tasks = TaskRunner()
    ctx = AppContext(profile_dir=store.path.parent, store=store, tasks=tasks)
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):  # shortcuts only reach the active window
        window.activateWindow()
    qtbot.waitUntil(lambda: getattr(window, "sync_runner", None) is not None)  # installed after the first paint
    with qtbot.waitSignal(window.sync_runner.status_changed, timeout=10_000) as got:
        qtbot.keyClick(window, Qt.Key.Key_F5)  # through the shortcut map, as a keyboard would
    assert got.args[0].state is SyncState.NOT_ENROLLED
    qtbot.waitUntil(lambda: window.sync_status.text().startswith("Chưa đăng ký máy chủ tỉnh"), timeout=5000)
    window.sync_runner.stop()
    tasks.wait_all()


def test_rejected_screen_lists_reasons_and_sends_again(qtbot, store, make_draft):
    from counter_app.services.receiving import receive

    receipt = receive(store, make_draft())
    with store.write() as s:
        s.execute(update(OutboxItem).values(state="rejected", rejected_reason="Trạng thái hồ sơ không hợp lệ: 42."))
    tasks = TaskRunner()
    view = RejectedView(AppContext(profile_dir=store.path.parent, store=store, tasks=tasks))
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view.on_status(RoundResult(SyncState.ONLINE, rejected_total=1))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    m = view.model
    assert [m.data(m.index(0, c)) for c in (0, 1, 4)] == [receipt.code, "Tiếp nhận", "Trạng thái hồ sơ không hợp lệ: 42."]
    assert view.summary.text() == "1 mục bị máy chủ từ chối, cần xem xét."
    view.table.selectRow(0)
    with qtbot.waitSignal(view.sync_requested, timeout=5000):
        view.requeue_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    with store.read() as s:
        assert [(i.state, i.rejected_reason) for i in s.scalars(select(OutboxItem))] == [("pending", None)]
    assert list_rejected(store) == []
    tasks.wait_all()


def test_rejected_model_passes_the_model_tester(qtbot):
    model = RejectedTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == 0 and model.columnCount() == 5


class FailingEngine:
    """The first round reports 37 waiting items; the second raises; the third succeeds."""

    def __init__(self):
        self.calls = 0
        self.release = threading.Event()

    def run_once(self, *, force=False):
        self.calls += 1
        if self.calls == 2:
            self.release.wait(10)
            raise RuntimeError("đĩa đầy")
        return RoundResult(SyncState.ONLINE, pushed=5, acknowledged=5, pending=37, rejected_total=2,
                           oldest_pending_at=NOW - timedelta(minutes=42), last_success_at=NOW)


def test_a_round_that_raises_keeps_the_last_figures_and_a_queued_wake(qtbot):
    tasks, engine = TaskRunner(), FailingEngine()
    runner = SyncRunner(engine, tasks.run, interval_ms=3_600_000)
    seen: list[RoundResult] = []
    runner.status_changed.connect(seen.append)
    runner.wake()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    runner.wake()
    runner.wake()  # asked while the failing round runs: still runs afterwards
    engine.release.set()
    qtbot.waitUntil(lambda: len(seen) == 3 and not runner._running, timeout=5000)
    failed = seen[1]
    assert failed == RoundResult(SyncState.OFFLINE, pending=37, rejected_total=2,
                                 oldest_pending_at=NOW - timedelta(minutes=42), last_success_at=NOW,
                                 error="đĩa đầy")
    assert (engine.calls, seen[2].state, runner.last) == (3, SyncState.ONLINE, seen[2])
    tasks.wait_all()


def test_an_item_the_server_keeps_failing_on_is_shown_on_the_rejected_screen(qtbot, make_workstation, proxy,
                                                                             server_store):
    ws = make_workstation(1)
    ws.receive_many(4)
    ws.enroll(proxy.url, server_store)
    with ws.store.read() as s:
        bad_id = s.scalars(select(OutboxItem).order_by(OutboxItem.seq).offset(1)).first().event_id
    proxy.fail_matching("/v1/events", bad_id.encode(), 500)
    engine = ws.engine(batch_size=4)
    results = [engine.run_once(force=True) for _ in range(3)]
    assert [(r.acknowledged, r.rejected_total) for r in results] == [(3, 0), (0, 0), (0, 1)]
    tasks = TaskRunner()
    view = RejectedView(AppContext(profile_dir=ws.profile_dir, store=ws.store, tasks=tasks))
    qtbot.addWidget(view)
    view.on_status(results[-1])
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    m = view.model
    assert m.data(m.index(0, 3)) == "3"
    assert m.data(m.index(0, 1)) == "Tiếp nhận"  # the event's kind in words, not "received"
    view.resize(1366, 700)
    code = m.data(m.index(0, 0))
    assert view.table.columnWidth(0) > view.table.fontMetrics().horizontalAdvance(code)  # shown whole
    assert m.data(m.index(0, 4)).startswith("Máy chủ gặp lỗi mỗi lần nhận riêng mục này (3 lần; ")
    # The counter's own reason is kept as a code: the English interface says it in English.
    translators = install_translators(QApplication.instance(), "en")
    try:
        assert m.data(m.index(0, 1)) == "Received"
        assert m.data(m.index(0, 4)).startswith("The server failed each time it received this item alone (3 times; ")
    finally:
        remove_translators(QApplication.instance(), translators)
    tasks.wait_all()

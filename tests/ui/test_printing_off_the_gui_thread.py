"""Printing never stalls the window: while a slip renders, spools or is prepared for preview,
the GUI thread keeps running its timers and a scan made meanwhile is a scan.

On Windows a stall is worse than a pause: keys typed during it are delivered together and
look like a scanner's burst. Each slow step below blocks on a worker until the GUI thread has
shown it is alive (its timer fired five more times while the step was running); done on
the GUI thread, the step would wait in vain, time out and fail the test.
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from counter_app.store.lookup import ScannerConfig
from counter_app.services import printing
from counter_app.services.counter_outcomes import receive_and_queue
from tests.ui.keys import scanner_type
from tests.ui.test_scanner import FakeClock
from ui.context import AppContext
from ui.printing.controller import PrintController
from ui.scanner import ScanFilter
from ui.tasks import TaskRunner

NOW = datetime(2026, 3, 10, 9, 0)
CODE = "000.00.14.H56-260310-0001"
TICKS = 5

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only


class Heartbeat:
    """A 10 ms timer on the GUI thread, and a way for a worker to wait until it has fired
    *TICKS* more times (False after 10 s: the GUI thread was blocked)."""

    def __init__(self):
        self.count = 0
        self._cond = threading.Condition()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        with self._cond:
            self.count += 1
            self._cond.notify_all()

    def wait_for_beats(self, n: int = TICKS, timeout: float = 10.0) -> bool:
        with self._cond:
            target = self.count + n
            return self._cond.wait_for(lambda: self.count >= target, timeout)


class SlowStep:
    """Wraps a slow step: it starts, waits for the heartbeat and the test's go-ahead, and
    records whether the GUI thread ran meanwhile and which thread it ran on."""

    def __init__(self, heartbeat: Heartbeat):
        self.heartbeat = heartbeat
        self.started = threading.Event()
        self.go = threading.Event()
        self.gui_alive: bool | None = None
        self.thread: threading.Thread | None = None

    def run(self, fn, *args):
        self.thread = threading.current_thread()
        self.started.set()
        self.gui_alive = self.heartbeat.wait_for_beats()
        self.go.wait(10)
        return fn(*args)


class SlowService:
    """The real printing service whose rendering is a :class:`SlowStep`."""

    def __init__(self, step: SlowStep):
        self.step = step

    def render_job(self, store, job_id, **kwargs):  # signer= (the slip's signed QR)
        return self.step.run(lambda: printing.render_job(store, job_id, **kwargs))

    def __getattr__(self, name):
        return getattr(printing, name)


class SlowSink:
    """A printer that takes its time to spool (the PDF is kept)."""

    def __init__(self, step: SlowStep):
        self.step = step
        self.sent: list[bytes] = []

    def print_pdf(self, data: bytes, printer_name, title: str) -> str:
        return self.step.run(lambda: (self.sent.append(data), "Máy in quầy 1")[1])


@pytest.fixture
def rig(qtbot, store, profile_dir, make_draft):
    tasks = TaskRunner()
    ctx = AppContext(profile_dir=profile_dir, store=store, tasks=tasks)
    outcome = receive_and_queue(store, make_draft(received_at=None), "canbo1", now=NOW)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    scanner = ScanFilter(ScannerConfig(max_gap_ms=30), clock=FakeClock(4), alert=lambda: None, parent=field)
    scanner.install(QApplication.instance())
    heartbeat = Heartbeat()
    yield ctx, outcome, field, scanner, heartbeat
    heartbeat.timer.stop()
    QApplication.instance().removeEventFilter(scanner)
    tasks.wait_all()


def _scan_while(qtbot, step: SlowStep, field, scanner) -> list[str]:
    """Scan a code while *step* is running; return what the filter made of it."""
    qtbot.waitUntil(step.started.is_set, timeout=10_000)
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    scanner_type(field, CODE)
    QTest.keyClick(field, Qt.Key.Key_Return)
    return scanned


def test_the_window_runs_and_scans_while_a_slip_renders(qtbot, rig):
    ctx, outcome, field, scanner, heartbeat = rig
    step = SlowStep(heartbeat)
    sink = SlowSink(SlowStep(heartbeat))
    sink.step.go.set()
    controller = PrintController(ctx, sink=sink, service=SlowService(step))
    assert controller.print_job(outcome.job_id, "receipt", title=outcome.code)  # returns at once
    scanned = _scan_while(qtbot, step, field, scanner)
    assert scanned == [CODE] and field.text() == ""
    assert not step.go.is_set()  # the slip is still rendering
    with qtbot.waitSignal(controller.job_printed, timeout=20_000):
        step.go.set()
    assert step.gui_alive is True and step.thread is not threading.main_thread()
    assert sink.step.gui_alive is True and sink.step.thread is not threading.main_thread()
    assert sink.sent and sink.sent[0].startswith(b"%PDF")


def test_the_window_runs_and_scans_while_a_slip_spools(qtbot, rig):
    ctx, outcome, field, scanner, heartbeat = rig
    sink = SlowSink(SlowStep(heartbeat))
    controller = PrintController(ctx, sink=sink)
    controller.print_job(outcome.job_id, "receipt", title=outcome.code)
    scanned = _scan_while(qtbot, sink.step, field, scanner)
    assert scanned == [CODE]
    with qtbot.waitSignal(controller.job_printed, timeout=20_000) as printed:
        sink.step.go.set()
    assert printed.args == [outcome.job_id, "Máy in quầy 1"]
    assert sink.step.gui_alive is True


def test_the_preview_s_pages_and_printers_are_made_off_the_gui_thread(qtbot, rig):
    """Listing Windows' printers can take seconds (a network printer asleep); rasterising a
    long logbook too."""
    ctx, outcome, field, scanner, heartbeat = rig
    step = SlowStep(heartbeat)
    controller = PrintController(ctx, sink=SlowSink(SlowStep(heartbeat)))
    results: list = []
    controller.render_for_preview(outcome.job_id, "receipt", on_done=results.append,
                                  printers=lambda: step.run(lambda: ["Máy in quầy 1", "Máy in quầy 2"]))
    scanned = _scan_while(qtbot, step, field, scanner)
    assert scanned == [CODE]
    step.go.set()
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    data, remembered, prepared = results[0]
    assert step.gui_alive is True and step.thread is not threading.main_thread()
    assert data.startswith(b"%PDF") and remembered is None
    assert prepared.printers == ["Máy in quầy 1", "Máy in quầy 2"]
    assert len(prepared.pages) >= 1 and prepared.pages[0].width() > 500  # A4 landscape at 96 dpi

"""Scans while the screen is locked: swallowed and ignored, while the password can still be typed."""

from __future__ import annotations

from datetime import datetime

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from counter_app.services import auth
from counter_app.store.lookup import ScannerConfig
from counter_app.store.models import Officer
from ui.login import ScreenLock
from ui.scanner import LOCKED_PROPERTY, ScanFilter
from ui.tasks import TaskRunner

CODE = "000.00.14.H56-260310-0001"
QR = "001092012345|123456789|Nguyen Van An|01011992|Nam|So 1 Tran Phu|01012021"  # ASCII: QTest keys
PASSWORD = "matkhau123"
T0 = datetime(2026, 3, 10, 8, 0)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only


class StepClock:
    """Milliseconds advancing by ``step`` on every key press the filter times (changeable)."""

    def __init__(self, step: float):
        self.now, self.step = 1000.0, step

    def __call__(self, _event) -> float:
        self.now += self.step
        return self.now


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait_all()


@pytest.fixture
def rig(qtbot, store, tasks):
    with store.write() as session:
        officer = session.query(Officer).filter_by(username="canbo1").one()
        officer.password_hash = auth.hash_password(PASSWORD)
        officer_id, name = officer.id, officer.full_name
    window = QMainWindow()
    field = QLineEdit()
    window.setCentralWidget(field)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    clock = StepClock(5)
    beeps: list[int] = []
    scanner = ScanFilter(ScannerConfig(max_gap_ms=30), clock=clock, alert=lambda: beeps.append(1),
                         scope=window, parent=window)
    scanner.install(QApplication.instance())
    lock = ScreenLock(QApplication.instance(), window, store, tasks, officer_id, name, idle_minutes=60,
                      clock=lambda: T0)
    scanned: list[str] = []
    ignored: list[int] = []
    scanner.code_scanned.connect(scanned.append)
    scanner.scan_rejected.connect(scanned.append)
    scanner.scan_ignored.connect(lambda: ignored.append(1))
    yield window, field, scanner, lock, clock, scanned, ignored, beeps
    lock.watcher.uninstall()
    QApplication.instance().removeEventFilter(scanner)


def _scan(qtbot, widget, text):
    qtbot.keyClicks(widget, text)       # QTest: spontaneous key events, like the scanner
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_scan_behind_the_lock_is_swallowed_and_opens_nothing(qtbot, rig, store):
    window, field, scanner, lock, clock, scanned, ignored, beeps = rig
    _scan(qtbot, field, CODE)
    assert scanned == [CODE] and ignored == []                    # unlocked: a scan

    lock.lock()
    assert window.property(LOCKED_PROPERTY) is True and scanner.is_locked()
    password = lock.overlay.password
    _scan(qtbot, password, CODE)
    _scan(qtbot, password, "not-a-code")                          # would be refused when unlocked
    assert scanned == [CODE] and ignored == [1, 1] and beeps == []
    assert password.text() == "" and field.text() == ""
    assert lock.overlay.error.text() == "" and lock.overlay.unlock_button.isEnabled()  # no unlock attempt
    with store.read() as session:
        assert session.query(Officer).filter_by(username="canbo1").one().failed_logins == 0


def test_a_cccd_qr_burst_does_not_land_in_the_unlock_field(qtbot, rig):
    window, field, scanner, lock, clock, scanned, ignored, beeps = rig
    lock.lock()
    _scan(qtbot, lock.overlay.password, QR)
    assert lock.overlay.password.text() == "" and ignored == [1] and scanned == []


def test_the_password_is_still_typed_and_scans_act_again_after_unlocking(qtbot, rig):
    window, field, scanner, lock, clock, scanned, ignored, beeps = rig
    lock.lock()
    password = lock.overlay.password
    clock.step = 200                                              # a person's pace
    qtbot.keyClicks(password, PASSWORD)
    qtbot.waitUntil(lambda: password.text() == PASSWORD, timeout=2000)  # the last key is replayed by the timer
    with qtbot.waitSignal(lock.locked_changed, timeout=10_000) as unlocked:
        qtbot.keyClick(password, Qt.Key.Key_Return)
    assert unlocked.args == [False] and window.property(LOCKED_PROPERTY) is False and not scanner.is_locked()
    clock.step = 5
    field.setFocus()
    _scan(qtbot, field, CODE)
    assert scanned == [CODE] and ignored == [] and field.text() == ""


def test_the_lock_signal_can_drive_a_filter_without_a_scope(qtbot, rig):
    window, field, _scoped, lock, clock, scanned, ignored, beeps = rig
    free = ScanFilter(ScannerConfig(max_gap_ms=30), clock=clock, parent=window)  # no scope window
    lock.locked_changed.connect(free.set_locked)
    seen: list[str] = []
    swallowed: list[int] = []
    free.code_scanned.connect(seen.append)
    free.scan_ignored.connect(lambda: swallowed.append(1))
    free.install(QApplication.instance())
    try:
        lock.lock()
        assert free.is_locked()
        _scan(qtbot, lock.overlay.password, CODE)
        assert seen == [] and swallowed == [1]
        free.set_locked(False)
        _scan(qtbot, field, CODE)
        assert seen == [CODE]
    finally:
        QApplication.instance().removeEventFilter(free)

"""The application-wide scanner filter: fast bursts become scans, people's typing passes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from counter_app.lookup import ScannerConfig
from tests.ui.keys import type_text
from ui.scanner import PASSTHROUGH_PROPERTY, ScanFilter

CODE = "000.00.14.H56-260310-0001"

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only


class FakeClock:
    """Milliseconds advancing by *step* on every key press the filter times."""

    def __init__(self, step: float):
        self.now, self.step = 1000.0, step

    def __call__(self, _event) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def rig(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    field, other = QLineEdit(), QLineEdit()
    layout.addWidget(field)
    layout.addWidget(other)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    field.setFocus()
    clock = FakeClock(5)
    beeps: list[int] = []
    scanner = ScanFilter(ScannerConfig(prefix="]C1", max_gap_ms=30), clock=clock,
                         alert=lambda: beeps.append(1), parent=page)
    scanner.install(QApplication.instance())
    yield field, other, scanner, clock, beeps
    QApplication.instance().removeEventFilter(scanner)


def scan(qtbot, widget, text, terminator=Qt.Key.Key_Return):
    qtbot.keyClicks(widget, text)      # QTest: spontaneous key events, like a device
    qtbot.keyClick(widget, terminator)


@pytest.mark.parametrize("raw", [CODE, CODE.lower(), f"]C1{CODE}", f"]c1{CODE.lower()}"])
@pytest.mark.parametrize("terminator", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_a_fast_burst_with_terminator_is_a_scan_and_nothing_lands_in_the_field(qtbot, rig, raw, terminator):
    field, other, scanner, _clock, beeps = rig
    field.setText("Nguyễn")
    with qtbot.waitSignal(scanner.code_scanned) as sig:
        scan(qtbot, field, raw, terminator)
    assert sig.args == [CODE]
    assert field.text() == "Nguyễn"
    assert scanner.pending_text() == ""
    assert beeps == []


def test_human_speed_typing_is_not_a_scan(qtbot, rig):
    field, _other, scanner, clock, _beeps = rig
    clock.step = 180  # a fast typist: 180 ms between keys
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    scan(qtbot, field, CODE)
    assert scanned == []
    assert entered == [CODE]  # every character and the Enter arrived, in order


def test_fast_keys_without_a_terminator_are_replayed_after_the_gap(qtbot, rig):
    field, _other, scanner, _clock, _beeps = rig
    qtbot.keyClicks(field, "abc")
    assert field.text() == ""          # held back: it might still be a scan
    assert scanner.pending_text() == "abc"
    qtbot.waitUntil(lambda: field.text() == "abc")


def test_a_short_burst_is_typing(qtbot, rig):
    field, _other, scanner, _clock, _beeps = rig
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    scan(qtbot, field, "12")
    assert (scanned, field.text()) == ([], "12")


def test_a_slow_terminator_is_not_a_scan(qtbot, rig):
    field, _other, scanner, clock, _beeps = rig
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    qtbot.keyClicks(field, CODE)
    clock.step = 500
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert (scanned, field.text()) == ([], CODE)


def test_a_malformed_scan_beeps_and_says_why(qtbot, rig):
    field, _other, scanner, _clock, beeps = rig
    with qtbot.waitSignal(scanner.scan_rejected) as sig:
        scan(qtbot, field, "HELLO-WORLD-42")
    assert "không phải mã hồ sơ" in sig.args[0]
    assert beeps == [1]
    assert field.text() == ""


def test_cccd_qr_bursts_and_passthrough_fields_receive_the_text(qtbot, rig):
    field, other, scanner, _clock, _beeps = rig
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    scan(qtbot, field, "048190012345||Nguyen Van An|01011990|Nam|Da Nang|01012021")
    assert entered == ["048190012345||Nguyen Van An|01011990|Nam|Da Nang|01012021"]
    other.setProperty(PASSTHROUGH_PROPERTY, True)
    other.setFocus()
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    qtbot.keyClicks(other, CODE)
    assert (other.text(), scanned) == (CODE, [])


def test_programmatic_key_events_are_never_held(qtbot, rig):
    field, _other, scanner, _clock, _beeps = rig
    type_text(field, "Đặng Văn Đức")   # QCoreApplication.sendEvent: not spontaneous
    assert field.text() == "Đặng Văn Đức"
    assert scanner.pending_text() == ""


def test_ctrl_shortcuts_flush_and_pass(qtbot, rig):
    field, _other, scanner, _clock, _beeps = rig
    qtbot.keyClicks(field, "ab")
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert field.text() == "ab" and field.selectedText() == "ab"

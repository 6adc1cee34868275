"""The application-wide scanner filter: fast bursts become scans, people's typing passes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from counter_app.store.lookup import ScannerConfig
from tests.ui.keys import scanner_type, type_text
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


def test_cccd_qr_burst_is_handed_over_whole_and_passthrough_fields_receive_the_text(qtbot, rig):
    field, other, scanner, _clock, _beeps = rig
    field.setText("Trần")
    qr = "048190012345||Nguyen Van An|01011990|Nam|Da Nang|01012021"
    with qtbot.waitSignal(scanner.card_scanned) as sig:
        scanner_type(field, qr)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert sig.args == [qr]
    assert field.text() == "Trần"
    other.setProperty(PASSTHROUGH_PROPERTY, True)
    other.setFocus()
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    qtbot.keyClicks(other, CODE)
    assert (other.text(), scanned) == (CODE, [])


@pytest.mark.parametrize("caps_lock", [False, True])
@pytest.mark.parametrize("prefix", ["", "]C1"])
def test_shift_around_capitals_does_not_split_the_scan(qtbot, rig, caps_lock, prefix):
    field, _other, scanner, _clock, beeps = rig
    field.setText("Nguyễn")
    field.setCursorPosition(2)
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    with qtbot.waitSignal(scanner.code_scanned):
        scanner_type(field, prefix + CODE, caps_lock=caps_lock)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert scanned == [CODE]
    assert (field.text(), field.cursorPosition()) == ("Nguyễn", 2)
    assert beeps == [] and scanner.pending_text() == ""


def test_a_person_typing_capitals_with_shift_gets_every_key(qtbot, rig):
    field, _other, scanner, clock, _beeps = rig
    clock.step = 150  # a person: Shift, then the letter, each ~150 ms apart
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    scanner_type(field, "Hà Nội 2")
    qtbot.waitUntil(lambda: field.text() == "Hà Nội 2")
    assert scanned == []


def test_alt_numpad_characters_inside_a_burst_are_held(qtbot, rig):
    field, _other, scanner, _clock, _beeps = rig
    press, release = QTest.KeyAction.Press, QTest.KeyAction.Release
    alt_pad = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.KeypadModifier
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    head, tail = CODE[:10], CODE[10:]
    scanner_type(field, head)
    # "H" typed as Alt+numpad 7, 2 (what some scanners do for characters they cannot map)
    QTest.sendKeyEvent(press, field, Qt.Key.Key_Alt, "", Qt.KeyboardModifier.AltModifier)
    for digit in (Qt.Key.Key_7, Qt.Key.Key_2):
        QTest.sendKeyEvent(press, field, digit, "", alt_pad)
        QTest.sendKeyEvent(release, field, digit, "", alt_pad)
    QTest.sendKeyEvent(release, field, Qt.Key.Key_Alt, "", Qt.KeyboardModifier.NoModifier)
    QTest.sendKeyEvent(press, field, Qt.Key.Key_unknown, "H", Qt.KeyboardModifier.AltModifier)
    scanner_type(field, tail[1:])
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert scanned == [CODE]
    assert field.text() == ""


def test_shift_pressed_after_a_pause_passes_to_the_field(qtbot, rig):
    field, _other, scanner, clock, _beeps = rig
    clock.step = 200
    scanner_type(field, "aB")
    qtbot.waitUntil(lambda: field.text() == "aB")
    assert scanner.pending_text() == ""


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

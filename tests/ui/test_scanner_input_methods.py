"""The scanner filter with Vietnamese input methods: the Microsoft Telex keyboard's
input-method commits, Unikey's and EVKey's Backspace plus character, and code-only fields."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QInputMethodQueryEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from counter_app.store.lookup import ScannerConfig
from tests.ui.keys import scanner_type
from tests.ui.test_scanner import FakeClock
from tests.ui.winkeys import VK_RETURN, WindowsKeyboard
from ui.scan_clock import NativeKeyClock
from ui.code_field import CodeLineEdit
from ui.scanner import ScanFilter

CODE = "000.00.14.H56-260310-0001"

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only


def commit(widget: QWidget, text: str) -> None:
    """An input method commits *text*, as Qt's Windows input context delivers it (sendEvent)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def preedit(widget: QWidget, text: str) -> None:
    """An input method shows *text* being composed (underlined in the field, not yet typed)."""
    attributes = [QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.Cursor, len(text), 1, None)]
    QCoreApplication.sendEvent(widget, QInputMethodEvent(text, attributes))


def unikey_replaces(widget: QWidget, new: str) -> None:
    """Unikey or EVKey replacing the letter just typed: Backspace, then the new character
    (SendInput: spontaneous key events; the character with no key code of its own)."""
    none = Qt.KeyboardModifier.NoModifier
    for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
        QTest.sendKeyEvent(action, widget, Qt.Key.Key_Backspace, "\b", none)
    for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
        QTest.sendKeyEvent(action, widget, Qt.Key.Key_unknown, new, none)


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
    clock = FakeClock(4)
    scanner = ScanFilter(ScannerConfig(max_gap_ms=30), clock=clock, alert=lambda: None, parent=page)
    scanner.install(QApplication.instance())
    out: dict[str, list] = {"codes": [], "cards": [], "rejected": []}
    scanner.code_scanned.connect(out["codes"].append)
    scanner.card_scanned.connect(out["cards"].append)
    scanner.scan_rejected.connect(out["rejected"].append)
    yield field, other, scanner, clock, out
    QApplication.instance().removeEventFilter(scanner)


# -- input-method commits (the Microsoft Vietnamese Telex keyboard) -----------------------

def test_a_commit_outside_a_burst_goes_to_the_field_at_once(rig):
    field, _other, scanner, _clock, out = rig
    preedit(field, "Đặn")
    commit(field, "Đặng")
    assert field.text() == "Đặng"
    assert scanner.pending_text() == "" and out["codes"] == []


def test_a_commit_inside_a_scan_is_part_of_it_and_nothing_lands_in_the_field(qtbot, rig):
    """With the Telex keyboard on, the code's letter is composed by the input method: the
    digits arrive as keys, the H as a preedit and then a commit."""
    field, _other, _scanner, _clock, out = rig
    field.setText("Nguyễn")
    scanner_type(field, "000.00.14.")
    preedit(field, "H")
    commit(field, "H")
    scanner_type(field, "56-260310-0001")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert out["codes"] == [CODE]
    assert field.text() == "Nguyễn"


def test_a_person_s_keys_and_commits_held_in_a_burst_are_replayed_in_order(qtbot, rig):
    field, _other, scanner, _clock, out = rig
    scanner_type(field, "12")
    preedit(field, "d")
    commit(field, "đ")
    scanner_type(field, "3")
    assert scanner.pending_text() == "12đ3" and field.text() == ""
    qtbot.waitUntil(lambda: field.text() == "12đ3")  # replayed when the burst stops
    assert out["codes"] == []


def test_a_short_burst_with_a_commit_then_enter_is_typing(qtbot, rig):
    field, _other, _scanner, _clock, out = rig
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    scanner_type(field, "1")
    commit(field, "số")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert entered == ["1số"] and out["codes"] == []


def test_a_commit_to_another_widget_ends_the_burst(qtbot, rig):
    field, other, scanner, _clock, _out = rig
    scanner_type(field, "12")
    commit(other, "Hà")
    assert field.text() == "12" and other.text() == "Hà" and scanner.pending_text() == ""


def test_windows_ime_keys_give_the_commit_its_time(qtbot):
    """On Windows the keys the IME takes still queue WM_KEYDOWN (VK_PROCESSKEY) with their
    time; the commit takes it, so the next key's gap is measured from it."""
    field = QLineEdit()
    qtbot.addWidget(field)
    clock = NativeKeyClock(now=lambda: 0)
    scanner = ScanFilter(ScannerConfig(max_gap_ms=30), clock=clock, alert=lambda: None,
                         spontaneous_only=False, parent=field)
    scanner.install(QApplication.instance())
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    try:
        keyboard = WindowsKeyboard(clock, base_tick=40_000)
        head, tail = "000.00.14.", "56-260310-0001"
        keyboard.type(field, head, [i * 4.0 for i in range(len(head))])
        at = len(head) * 4.0
        keyboard.taken_by_ime(at)          # the H, composed by the IME
        preedit(field, "H")
        keyboard.taken_by_ime(at + 4)      # the IME commits the H before the 5 …
        commit(field, "H")
        keyboard.type(field, tail, [at + 8 + i * 4.0 for i in range(len(tail))])
        keyboard.press(field, VK_RETURN, Qt.Key.Key_Return, at + 8 + len(tail) * 4.0, "\r")
    finally:
        QApplication.instance().removeEventFilter(scanner)
    assert scanned == [CODE] and field.text() == ""


# -- Unikey and EVKey: Backspace plus the new character -----------------------------------

def test_unikey_s_backspace_and_character_in_fast_typing_are_replayed_as_typed(qtbot, rig):
    field, _other, scanner, _clock, out = rig
    scanner_type(field, "Hoa")
    unikey_replaces(field, "à")  # Telex: the f after "Hoa"
    assert scanner.pending_text() == "Hoà"
    qtbot.waitUntil(lambda: field.text() == "Hoà")
    assert out["codes"] == []


def test_unikey_s_replacement_inside_a_card_scan_stays_in_the_scan(qtbot, rig):
    """A CCCD QR code scanned with Unikey's Telex on: the second a of "Aan" becomes
    Backspace + â. The whole burst is still the card's; nothing reaches the field."""
    field, _other, _scanner, _clock, out = rig
    field.setText("Trần")
    scanner_type(field, "001099012345||Nguyen Van Aa")
    unikey_replaces(field, "â")
    scanner_type(field, "n|01011990|Nam|Ha Noi|01012021")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert out["cards"] == ["001099012345||Nguyen Van Aân|01011990|Nam|Ha Noi|01012021"]
    assert field.text() == "Trần"


def test_a_backspace_after_a_pause_is_a_person_s_and_goes_to_the_field(qtbot, rig):
    field, _other, scanner, clock, _out = rig
    scanner_type(field, "ab")
    clock.step = 300
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == "a" and scanner.pending_text() == ""


# -- code-only fields ---------------------------------------------------------------------

def _query(widget: QWidget, what: Qt.InputMethodQuery):
    """What Qt's platform input context asks the focus widget (as on Windows, to switch the
    IME on or off for it)."""
    event = QInputMethodQueryEvent(what)
    QCoreApplication.sendEvent(widget, event)
    return event.value(what)


def test_a_code_only_field_turns_the_input_method_off(qtbot):
    names, codes = QLineEdit(), CodeLineEdit()
    qtbot.addWidget(names)
    qtbot.addWidget(codes)
    assert _query(names, Qt.InputMethodQuery.ImEnabled) is True
    assert _query(codes, Qt.InputMethodQuery.ImEnabled) is False
    hints = Qt.InputMethodHint(_query(codes, Qt.InputMethodQuery.ImHints))
    assert hints & Qt.InputMethodHint.ImhLatinOnly and hints & Qt.InputMethodHint.ImhNoPredictiveText


def test_the_card_page_s_code_field_is_code_only(qtbot, store, profile_dir):
    from ui.card.view import CardView
    from ui.context import AppContext
    from ui.tasks import TaskRunner

    tasks = TaskRunner()
    page = CardView(AppContext(profile_dir=profile_dir, store=store, tasks=tasks))
    qtbot.addWidget(page)
    assert _query(page.code_field, Qt.InputMethodQuery.ImEnabled) is False
    # Typed keys still reach it (the input method is off, the keyboard is not).
    QCoreApplication.sendEvent(page.code_field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_0,
                                                          Qt.KeyboardModifier.NoModifier, "0"))
    assert page.code_field.text() == "0"
    tasks.wait_all()

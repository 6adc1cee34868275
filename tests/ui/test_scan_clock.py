"""The scanner's clock on Windows: MSG.time read from the native message, its wrap-around,
its 16 ms ticks, and keys typed during a stall of the GUI thread."""

from __future__ import annotations

import ctypes

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from counter_app.store.lookup import ScannerConfig
from tests.ui.winkeys import (
    VK_RETURN,
    WM_CHAR,
    WM_KEYDOWN,
    WM_KEYUP,
    WindowsKeyboard,
    feed,
    msg_bytes,
    tick_count,
)
from ui.scan_clock import MSG, NativeKeyClock, TickUnwrapper, application_key_clock, event_clock
from ui.scanner import ScanFilter, gap_limit_ms

CODE = "000.00.14.H56-260310-0001"


class Now:
    """GetTickCount for key events without a message (a program's own events)."""

    def __init__(self, value: int = 0):
        self.value = value

    def __call__(self) -> int:
        return self.value


def key(vk: int, qt_key: int = 0, text: str = "") -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, qt_key, Qt.KeyboardModifier.NoModifier, 0x1E, vk, 0, text)


# -- reading the MSG ------------------------------------------------------------------------

@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="the x64 layout")
def test_the_msg_structure_has_windows_x64_layout():
    assert ctypes.sizeof(MSG) == 48
    assert [getattr(MSG, f).offset for f in ("hwnd", "message", "wParam", "lParam", "time", "pt")] == \
        [0, 8, 16, 24, 32, 36]


def test_a_key_message_s_time_is_the_key_event_s_time():
    clock = NativeKeyClock(now=Now(5))
    assert feed(clock, msg_bytes(WM_KEYDOWN, 0x41, 0x001E0001, 123_456)) == (False, 0)  # never eats it
    assert clock(key(0x41, Qt.Key.Key_A, "a")) == 123_456
    assert clock.latest_ms() == 123_456


def test_other_messages_and_other_platforms_events_are_ignored():
    clock = NativeKeyClock(now=Now(777))
    feed(clock, msg_bytes(WM_KEYUP, 0x41, 0, 1_000))
    feed(clock, msg_bytes(0x0200, 0x41, 0, 1_001))  # WM_MOUSEMOVE
    feed(clock, msg_bytes(WM_KEYDOWN, 0x41, 0, 1_002), event_type=b"xcb_generic_event_t")
    assert clock.latest_ms() is None
    assert clock(key(0x41, Qt.Key.Key_A, "a")) == 777  # no message: now, on the same scale


def test_queued_keys_each_take_their_own_message_s_time():
    """The GUI thread was busy: Qt reads every message, then delivers the key events."""
    clock = NativeKeyClock(now=Now(99_999))
    for vk, ch, at in ((0x44, "d", 1_000), (0x41, "a", 1_120), (0x4E, "n", 1_250)):
        feed(clock, msg_bytes(WM_KEYDOWN, vk, 0, at))
        feed(clock, msg_bytes(WM_CHAR, ord(ch), 0, at))  # the WM_CHAR Qt peeks for it
    feed(clock, msg_bytes(WM_KEYDOWN, 0xE5, 0, 1_300))  # VK_PROCESSKEY: the input method took it
    feed(clock, msg_bytes(WM_CHAR, ord("g"), 0, 1_400))  # a WM_CHAR alone: Qt's key 0
    assert [clock(key(0x44, Qt.Key.Key_D)), clock(key(0x41, Qt.Key.Key_A)), clock(key(0x4E, Qt.Key.Key_N))] == \
        [1_000, 1_120, 1_250]
    assert clock(key(ord("g"), 0, "g")) == 1_400
    assert clock.latest_ms() == 1_300


def test_tick_count_wraps_every_49_7_days():
    unwrap = TickUnwrapper()
    readings = [0xFFFF_FFF0, 0xFFFF_FFFF, 0x0000_0005, 0x0000_0015, 0xFFFF_FFFA]
    assert [unwrap(r) for r in readings] == [0xFFFF_FFF0, 0xFFFF_FFFF, 0x1_0000_0005, 0x1_0000_0015, 0xFFFF_FFFA]


def test_the_native_clock_is_installed_only_on_windows(qapp):
    assert application_key_clock(qapp, platform="xcb") is event_clock
    clock = application_key_clock(qapp, platform="windows")
    assert isinstance(clock, NativeKeyClock)
    assert application_key_clock(qapp, platform="windows") is clock  # one per application


# -- the burst rule with 16 ms ticks --------------------------------------------------------

def test_the_gap_limit_is_rounded_up_to_whole_ticks():
    assert gap_limit_ms(30) == 30
    assert gap_limit_ms(30, 16) == 33
    assert gap_limit_ms(5, 16) == 17  # one tick is always allowed


@pytest.fixture(params=[30, 10], ids=["gap30", "gap10"])
def windows_rig(qtbot, request):
    """A field, the native clock, and a filter with the default gap limit and with a setting
    below one tick (10 ms), which the ticks must not break."""
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    clock = NativeKeyClock(now=Now(0))
    scanner = ScanFilter(ScannerConfig(max_gap_ms=request.param), clock=clock, alert=lambda: None,
                         spontaneous_only=False, parent=field)
    scanner.install(QApplication.instance())
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    yield field, clock, scanner, scanned
    QApplication.instance().removeEventFilter(scanner)


# Tick counts just before the 2**32 wrap, so the wrap falls inside the burst too.
@pytest.mark.parametrize("base", [1_000_000, 0xFFFF_FFFF - 120])
@pytest.mark.parametrize("phase", [0.0, 4.0, 9.5, 15.0])
@pytest.mark.parametrize("ms_per_char", [2, 3, 5])
def test_a_scanner_burst_read_in_16_ms_ticks_is_still_a_scan(qtbot, windows_rig, base, phase, ms_per_char):
    field, clock, _scanner, scanned = windows_rig
    field.setText("Nguyễn")
    keyboard = WindowsKeyboard(clock, base_tick=base)
    times = [phase + i * ms_per_char for i in range(len(CODE))]
    gaps = {(tick_count(b, base) - tick_count(a, base)) & 0xFFFFFFFF for a, b in zip(times, times[1:])}
    assert gaps <= {0, 15, 16} and gaps & {15, 16}  # what Windows reports between the keys
    keyboard.type(field, CODE, times)
    keyboard.press(field, VK_RETURN, Qt.Key.Key_Return, times[-1] + ms_per_char, "\r")
    assert scanned == [CODE]
    assert field.text() == "Nguyễn"


@pytest.mark.parametrize("base", [1_000_000, 0xFFFF_FFFF - 500])
@pytest.mark.parametrize("phase", [0.0, 7.0, 15.0])
@pytest.mark.parametrize("ms_per_char", [60, 75, 150])
def test_a_person_typing_60_ms_a_key_or_slower_is_not_a_scan(qtbot, windows_rig, base, phase, ms_per_char):
    field, clock, _scanner, scanned = windows_rig
    keyboard = WindowsKeyboard(clock, base_tick=base)
    times = [phase + i * ms_per_char for i in range(len(CODE))]
    keyboard.type(field, CODE, times)
    keyboard.press(field, VK_RETURN, Qt.Key.Key_Return, times[-1] + ms_per_char, "\r")
    assert scanned == []
    assert field.text() == CODE  # every character arrived, in order


def test_keys_typed_during_a_stall_are_not_a_scan_with_the_native_clock(qtbot, windows_rig):
    """A person types the code at 120 ms a key while the GUI thread is busy: Qt reads the
    messages and delivers the key events together, within a millisecond."""
    field, clock, _scanner, scanned = windows_rig
    times = [i * 120.0 for i in range(len(CODE))]
    WindowsKeyboard(clock, base_tick=5_000).type(field, CODE, times, queued=True)
    WindowsKeyboard(clock, base_tick=5_000).press(field, VK_RETURN, Qt.Key.Key_Return, times[-1] + 120, "\r")
    assert scanned == []
    assert field.text() == CODE


def test_the_same_stalled_keys_were_a_scan_with_dispatch_time_stamps(qtbot):
    """What the native clock fixes: stamped when handled, the stalled keys look like a scanner."""
    field = QLineEdit()
    qtbot.addWidget(field)
    scanner = ScanFilter(ScannerConfig(max_gap_ms=30), clock=event_clock, spontaneous_only=False, parent=field)
    scanner.install(QApplication.instance())
    scanned: list[str] = []
    scanner.code_scanned.connect(scanned.append)
    try:
        keyboard = WindowsKeyboard(NativeKeyClock(now=Now(0)))
        keyboard.type(field, CODE, [i * 120.0 for i in range(len(CODE))], queued=True)
        keyboard.press(field, VK_RETURN, Qt.Key.Key_Return, 120.0 * len(CODE), "\r")
    finally:
        QApplication.instance().removeEventFilter(scanner)
    assert scanned == [CODE] and field.text() == ""


def test_a_scan_during_a_stall_is_still_a_scan(qtbot, windows_rig):
    field, clock, _scanner, scanned = windows_rig
    keyboard = WindowsKeyboard(clock, base_tick=77_777)
    times = [i * 3.0 for i in range(len(CODE))]
    keyboard.type(field, CODE, times, queued=True)
    keyboard.press(field, VK_RETURN, Qt.Key.Key_Return, times[-1] + 3, "\r")
    assert scanned == [CODE] and field.text() == ""

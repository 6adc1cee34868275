"""Windows' keyboard path, played on any OS: the MSG bytes Windows hands Qt's native event
filters, then the key events Qt makes of them.

A key press on Windows is a ``WM_KEYDOWN`` (virtual key in ``wParam``, the time in
``MSG.time``: ``GetTickCount`` milliseconds, a 32-bit count moving in 15.625 ms ticks), the
``WM_CHAR`` that ``TranslateMessage`` made of it (Qt reads it with ``PeekMessage`` and shows
it to the native filters too), then a ``QKeyEvent`` carrying the virtual key as
``nativeVirtualKey``. :class:`WindowsKeyboard` writes the MSG bytes with :mod:`struct` in
Windows' x64 layout (not with the code under test's ctypes structure) and passes their address
to the filter's ``nativeEventFilter``, as Qt does; then it sends the key events, either each
right after its messages or, as after a stall of the GUI thread, all messages first.
"""

from __future__ import annotations

import ctypes
import math
import struct

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent

WM_KEYDOWN, WM_KEYUP, WM_CHAR = 0x0100, 0x0101, 0x0102
VK_BACK, VK_SHIFT, VK_RETURN, VK_PACKET = 0x08, 0x10, 0x0D, 0xE7
_OEM = {".": 0xBE, "-": 0xBD, "|": 0xDC, " ": 0x20}
_SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')
TICK = 15.625


def msg_bytes(message: int, wparam: int, lparam: int, time_ms: int) -> bytes:
    """A winuser.h ``MSG`` as Windows x64 lays it out: hwnd (8), message (4, then 4 of
    padding), wParam (8), lParam (8), time (4), pt (4 + 4), 4 of padding; 48 bytes."""
    return struct.pack("<QI4xQqIii4x", 0x000A0B2C, message, wparam, lparam, time_ms & 0xFFFFFFFF, 640, 400)


def feed(native_filter, data: bytes, event_type: bytes = b"windows_generic_MSG"):
    """Hand *data* to *native_filter* as Qt does: the event type and the MSG's address."""
    buffer = ctypes.create_string_buffer(data, len(data))
    return native_filter.nativeEventFilter(QByteArray(event_type), ctypes.addressof(buffer))


def tick_count(real_ms: float, base: int = 0) -> int:
    """What ``GetTickCount`` reads at *real_ms*: whole 15.625 ms ticks, in whole ms, mod 2**32."""
    return (base + int(math.floor(real_ms / TICK) * TICK)) & 0xFFFFFFFF


def _vk(ch: str) -> int:
    if ch.isascii() and ch.isalnum():
        return ord(ch.upper())
    return _OEM.get(ch, VK_PACKET)


def _qt_key(ch: str) -> int:
    if ch.isascii() and ch.isalnum():
        return ord(ch.upper())
    return {" ": int(Qt.Key.Key_Space), ".": int(Qt.Key.Key_Period), "-": int(Qt.Key.Key_Minus),
            "|": int(Qt.Key.Key_Bar)}.get(ch, 0)


class WindowsKeyboard:
    """Types into a widget as Windows and Qt would, for a filter installed with
    ``spontaneous_only=False`` (the key events are sent with ``sendEvent``)."""

    def __init__(self, native_filter, *, base_tick: int = 0):
        self.native = native_filter
        self.base = base_tick

    def _message(self, message: int, wparam: int, at_ms: float) -> None:
        feed(self.native, msg_bytes(message, wparam, 0x001E0001, tick_count(at_ms, self.base)))

    def strokes(self, text: str, times_ms: list[float]) -> list[tuple]:
        """(time, messages, key events) for each character of *text* typed at *times_ms*."""
        out = []
        none, shift = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
        for ch, at in zip(text, times_ms, strict=True):
            messages, events = [], []
            shifted = ch.isupper() or ch in _SHIFTED
            if shifted:
                messages.append((WM_KEYDOWN, VK_SHIFT, at))
                events.append((QEvent.Type.KeyPress, int(Qt.Key.Key_Shift), shift, VK_SHIFT, ""))
            vk, mods = _vk(ch), (shift if shifted else none)
            messages += [(WM_KEYDOWN, vk, at), (WM_CHAR, ord(ch), at)]
            events += [(QEvent.Type.KeyPress, _qt_key(ch), mods, vk, ch),
                       (QEvent.Type.KeyRelease, _qt_key(ch), mods, vk, ch)]
            if shifted:
                events.append((QEvent.Type.KeyRelease, int(Qt.Key.Key_Shift), none, VK_SHIFT, ""))
            out.append((at, messages, events))
        return out

    def type(self, widget, text: str, times_ms: list[float], *, queued: bool = False) -> None:
        """Type *text*, character i pressed at ``times_ms[i]`` (real ms). With *queued* every
        message is read before any key event is delivered (the GUI thread was busy)."""
        strokes = self.strokes(text, times_ms)
        if queued:
            for _at, messages, _events in strokes:
                for m in messages:
                    self._message(*m)
            for _at, _messages, events in strokes:
                self._send(widget, events)
            return
        for _at, messages, events in strokes:
            for m in messages:
                self._message(*m)
            self._send(widget, events)

    def press(self, widget, vk: int, qt_key: Qt.Key, at_ms: float, text: str = "") -> None:
        """One key (Enter, Backspace…) pressed and released at *at_ms*."""
        self._message(WM_KEYDOWN, vk, at_ms)
        if text:
            self._message(WM_CHAR, ord(text), at_ms)
        self._send(widget, [(QEvent.Type.KeyPress, int(qt_key), Qt.KeyboardModifier.NoModifier, vk, text),
                            (QEvent.Type.KeyRelease, int(qt_key), Qt.KeyboardModifier.NoModifier, vk, text)])

    def taken_by_ime(self, at_ms: float) -> None:
        """A key the input method took: Windows queues WM_KEYDOWN with VK_PROCESSKEY and Qt
        makes no key event of it."""
        self._message(WM_KEYDOWN, 0xE5, at_ms)

    @staticmethod
    def _send(widget, events) -> None:
        for kind, key, mods, vk, text in events:
            QCoreApplication.sendEvent(widget, QKeyEvent(kind, key, mods, 0x1E, vk, 0, text))

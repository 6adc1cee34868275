"""When a key was pressed: Windows' own message time, or the key event's timestamp elsewhere.

The scanner filter (:mod:`ui.scanner`) tells a scanner's burst from a person's typing by the
time between key presses. On X11 a key event carries the X server's time of the press. On
Windows Qt stamps a key event when it *handles* the message: keys a person types while the
GUI thread is busy for a moment wait in the message queue and are then handled together, a
burst a scanner would make. Windows keeps the press time in the message itself
(``MSG.time``, the ``GetTickCount`` milliseconds when the keyboard input was queued):
:class:`NativeKeyClock`, a native event filter, reads it for every ``WM_KEYDOWN``,
``WM_SYSKEYDOWN`` and ``WM_CHAR`` and gives it to the key event Qt makes of that message.

``MSG.time`` is a 32-bit count that wraps every 49.7 days (:class:`TickUnwrapper` makes it a
running count) and advances by the system tick, 10–16 ms (15.625 ms by default): a scanner's
keys a few ms apart read as 0 or one tick apart. The clock says so (``resolution_ms``) and
the filter widens its gap limit to whole ticks (:func:`ui.scanner.gap_limit_ms`).

The MSG is read with :mod:`ctypes` from the address Qt passes, so the parsing is the same
code on every OS and is tested on Linux with MSG bytes built by the test.
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject
from PySide6.QtGui import QKeyEvent

WINDOWS_MSG = b"windows_generic_MSG"
WM_KEYDOWN = 0x0100
WM_CHAR = 0x0102
WM_SYSKEYDOWN = 0x0104
WM_SYSCHAR = 0x0106
VK_BACK = 0x08
VK_SHIFT = 0x10
VK_PROCESSKEY = 0xE5  # a key the input method (IME) took for itself
VK_PACKET = 0xE7      # a character sent with SendInput(KEYEVENTF_UNICODE), as Unikey and EVKey do
#: The coarsest step of ``GetTickCount`` (the system tick is 10–16 ms; 15.625 by default).
TICK_MS = 16
_KEY, _CHAR = 0, 1
_KINDS = {WM_KEYDOWN: _KEY, WM_SYSKEYDOWN: _KEY, WM_CHAR: _CHAR, WM_SYSCHAR: _CHAR}
_WRAP = 1 << 32
_HOLDER_NAME = "scanKeyClock"


class POINT(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int32), ("y", ctypes.c_int32)]


class MSG(ctypes.Structure):
    """winuser.h's ``MSG`` with fixed-size fields (``ctypes.wintypes.DWORD`` is a C ``long``,
    8 bytes on Linux): the same layout as Windows' on a build of the same pointer size."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),   # WPARAM: UINT_PTR
        ("lParam", ctypes.c_ssize_t),  # LPARAM: LONG_PTR
        ("time", ctypes.c_uint32),     # DWORD: GetTickCount() when the message was queued
        ("pt", POINT),
    ]


class TickUnwrapper:
    """Turns 32-bit ``GetTickCount`` readings into a running millisecond count.

    Each reading is taken as the nearest value to the previous one modulo 2**32, so a reading
    just after the wrap (0x00000010 after 0xFFFFFFF0) is 32 ms later, not 49.7 days earlier,
    and a message older than the last one read gives an earlier time."""

    def __init__(self) -> None:
        self._raw: int | None = None
        self._count = 0

    def __call__(self, raw: int) -> int:
        raw &= _WRAP - 1
        if self._raw is None:
            self._raw = self._count = raw
            return raw
        step = (raw - self._raw) & (_WRAP - 1)
        if step >= _WRAP // 2:
            step -= _WRAP  # an older message than the last one read
        self._raw = raw
        self._count += step
        return self._count


@dataclass(frozen=True)
class _Press:
    kind: int   # _KEY (WM_KEYDOWN, WM_SYSKEYDOWN) or _CHAR (WM_CHAR, WM_SYSCHAR)
    code: int   # wParam: the virtual key, or the character
    ms: int     # unwrapped MSG.time


def event_clock(event: QKeyEvent) -> float:
    """Milliseconds of the key event: its platform timestamp, or a monotonic clock."""
    stamp = event.timestamp()
    return float(stamp) if stamp else time.monotonic() * 1000.0


def _tick_count() -> int:
    """``GetTickCount()`` now (Windows only)."""
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    kernel32.GetTickCount.restype = ctypes.c_uint32
    return int(kernel32.GetTickCount())


class NativeKeyClock(QAbstractNativeEventFilter):
    """The scanner filter's clock on Windows: a key event's time is its message's ``MSG.time``.

    Install with ``app.installNativeEventFilter``; call with a key press to get its time in
    (unwrapped) ``GetTickCount`` milliseconds. Qt may read several messages before it
    delivers their key events (it queues them), so the times are kept in order and each key
    press takes the oldest one with its virtual key (``nativeVirtualKey``; for a lone
    ``WM_CHAR``, which Qt delivers as key 0, the character). Older unclaimed times (the
    ``WM_CHAR`` Qt read with its ``WM_KEYDOWN``, keys an input method took) are dropped then.
    A key press with no recorded message (sent by a program) takes *now* on the same scale.
    """

    resolution_ms = TICK_MS

    def __init__(self, now: Callable[[], int] | None = None, capacity: int = 256):
        super().__init__()
        self._pending: deque[_Press] = deque(maxlen=capacity)
        self._unwrap = TickUnwrapper()
        self._now = now or _tick_count
        self._latest: int | None = None

    def nativeEventFilter(self, event_type, message) -> tuple[bool, int]:  # noqa: N802 - Qt override
        if event_type == WINDOWS_MSG and message:
            self.record(MSG.from_address(int(message)))
        return False, 0  # only watching: Qt handles every message as usual

    def record(self, msg: MSG) -> None:
        """Keep the time of a key message (other messages are ignored)."""
        kind = _KINDS.get(msg.message)
        if kind is None:
            return
        ms = self._unwrap(msg.time)
        self._pending.append(_Press(kind, int(msg.wParam), ms))
        if kind == _KEY:
            self._latest = ms

    def latest_ms(self) -> int | None:
        """The time of the last key-down message read (also one an input method took), the
        moment an input method's commit was typed; None before any."""
        return self._latest

    def __call__(self, event: QKeyEvent) -> float:
        found = self._claim(event)
        return float(found if found is not None else self._unwrap(self._now()))

    def _claim(self, event: QKeyEvent) -> int | None:
        code = event.nativeVirtualKey()
        preferred = _CHAR if int(event.key()) == 0 else _KEY
        index = None
        for i, press in enumerate(self._pending):
            if press.code == code:
                if press.kind == preferred:
                    index = i
                    break
                if index is None:
                    index = i
        if index is None:
            return None
        ms = self._pending[index].ms
        for _ in range(index + 1):
            self._pending.popleft()
        return ms


class _ClockHolder(QObject):
    """Keeps an application's one :class:`NativeKeyClock` alive (a child of the application)."""

    def __init__(self, clock: NativeKeyClock, parent: QObject):
        super().__init__(parent)
        self.setObjectName(_HOLDER_NAME)
        self.clock = clock


def application_key_clock(app: QCoreApplication | None = None, *,
                          platform: str | None = None) -> Callable[[QKeyEvent], float]:
    """The key clock the scanner filter should use in *app*: on Windows (Qt's ``windows``
    platform) the application's :class:`NativeKeyClock`, installed on first use and shared by
    every window after; elsewhere :func:`event_clock`."""
    app = app or QCoreApplication.instance()
    name = platform if platform is not None else _platform_name(app)
    if name != "windows":
        return event_clock
    holder = app.findChild(QObject, _HOLDER_NAME)
    if holder is None or not isinstance(getattr(holder, "clock", None), NativeKeyClock):
        now = _tick_count if sys.platform == "win32" else (lambda: int(time.monotonic() * 1000))
        holder = _ClockHolder(NativeKeyClock(now), app)
        app.installNativeEventFilter(holder.clock)
    return holder.clock


def _platform_name(app: QCoreApplication) -> str:
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() if isinstance(app, QGuiApplication) else ""

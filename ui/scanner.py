"""Catches barcode-scanner input anywhere in the application, before it lands in a widget.

A USB scanner in keyboard mode "types" the code much faster than a person (a few ms between
keys) and ends it with Enter or Tab. :class:`ScanFilter` is installed on the QApplication
and sees every key press first, whatever widget has focus:

* A printable key (no Ctrl/Alt/Meta) is **held back**, not delivered: it starts or extends a
  burst. The gap to the previous held key is measured with the injectable ``clock``
  (default: the event's own timestamp, so a busy GUI thread that delivers queued keys late
  does not turn a person's typing into a burst; on Windows, where Qt stamps a key when it
  handles it, the message's own time: :mod:`ui.scan_clock`). A clock that counts in ticks
  (``resolution_ms``, Windows' 10–16 ms) has the gap limit rounded up to whole ticks
  (:func:`gap_limit_ms`): a scanner's keys a few ms apart read as 0 or 1 tick apart, a
  person's 60 ms as 3 or more.
* A key more than ``max_gap_ms`` after the previous one means the burst so far was a person
  typing: the held keys are **replayed** to the widget they were meant for, in order, and
  the new key starts a new burst. A timer replays a burst that simply stops (the last keys
  a person typed) after ``2 × max_gap_ms``; a person therefore sees each character at most
  that late (60 ms by default), which is not noticeable.
* Enter/Return/Tab within ``max_gap_ms`` of a burst of at least ``min_length`` keys makes
  it a **scan**: the keys and the terminator are swallowed (nothing lands in the focused
  widget), the text is normalised (prefix/suffix, case, whitespace) and ``code_scanned``
  is emitted; text that is not a dossier code gives ``scan_rejected`` with a Vietnamese
  message and a beep, never an exception. A shorter or slower burst is replayed and the
  terminator goes through as usual.
* Modifier keys (Shift, Caps Lock, Alt, AltGr, Num Lock…) pressed or released inside a burst
  are held with it and neither end it nor leak: a scanner on a US layout wraps every capital
  letter in Shift press/release, some toggle Caps Lock around the code (codes are
  case-insensitive), and some type odd characters as Alt+numpad digits, whose keypad presses
  are held too. Outside a burst they pass as usual.
* Backspace inside a burst is held with it and takes back the last held character: Unikey
  and EVKey (Vietnamese input by a keyboard hook) replace a typed letter by sending
  Backspace and the new character (``aa`` becomes ``a``, Backspace, ``â``).
* Input-method events (``QInputMethodEvent``: the Microsoft Vietnamese Telex keyboard takes
  letters and commits words through the input method) that reach the burst's widget while
  a burst is held are held with it, their commit string part of its text; outside a burst
  they pass. Qt sends them as plain (not spontaneous) events, so they are not filtered by
  ``spontaneous_only``. Fields that only take codes turn the input method off
  (:class:`ui.code_field.CodeLineEdit`).
* Any other key (arrows, shortcuts…) first replays what is held, then passes.

A scanner on a serial port (USB-COM mode, :mod:`ui.serial_scanner`) hands its complete text
to :meth:`ScanFilter.deliver_text`, which acts on it exactly as on a keyboard scan; with
``keyboard_wedge`` False the filter then leaves every key alone.

Bursts containing ``|`` are a CCCD card's QR code (DOMAIN.md §6): a fast, terminated one is
swallowed and emitted as ``card_scanned`` wherever the focus is (the receive page fills the
applicant from it), so it is never lost in a list, a check box or a button. A widget (or
an ancestor) with the dynamic property ``scannerPassthrough`` set to True receives scans as
plain typing. With a ``scope`` widget (the main window) the filter only acts while
that widget is visible.

While the screen is locked (the scope window's dynamic property ``screenLocked`` is True, as
the screen lock sets it, or :meth:`ScanFilter.set_locked` was called, e.g. from a lock's
``locked_changed`` signal) a scan is **swallowed and ignored**: no card opens, nothing lands
in the unlock password field behind it (CCCD QR bursts too), and ``scan_ignored`` is emitted.
A person's typing is still replayed, so the password can be entered. Only spontaneous events (from the keyboard or QTest) are considered;
events a program sends itself (``QCoreApplication.sendEvent``, and the replays) pass
untouched.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.store.lookup import LookupFailed, ScannerConfig, normalise_code
from ui.scan_clock import event_clock
from ui.messages import error_text

__all__ = ["ScanFilter", "event_clock", "gap_limit_ms"]

PASSTHROUGH_PROPERTY = "scannerPassthrough"
#: Dynamic property a screen lock sets on the window it covers while locked.
LOCKED_PROPERTY = "screenLocked"
_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
_NOT_CHARS = (Qt.Key.Key_Backspace, Qt.Key.Key_Escape, Qt.Key.Key_Delete, Qt.Key.Key_Backtab)
_COMMAND_MODS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                 | Qt.KeyboardModifier.MetaModifier)
_KEY_TYPES = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
#: Keys that only change what the next key means; held inside a burst, passed outside one.
_MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
    Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R, Qt.Key.Key_Mode_switch,
})
_ALT_NUMPAD = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.KeypadModifier
MAX_BURST = 120


_IM_TYPE = QEvent.Type.InputMethod


def gap_limit_ms(max_gap_ms: float, resolution_ms: float = 0) -> float:
    """The longest gap between two keys of one burst as a clock of *resolution_ms* reads it.

    A clock that counts whole ticks reads a gap of d ms as up to one tick more or less than
    d: the limit is *max_gap_ms* rounded up to whole ticks, plus 1 ms because
    ``GetTickCount`` reads a 15.625 ms tick as 15 or 16. With 30 ms and 16 ms ticks that is
    33: a scanner's 2–5 ms read as 0 or 16, a person's 60 ms as 46 or more."""
    if resolution_ms <= 1:
        return float(max_gap_ms)
    return math.ceil(max_gap_ms / resolution_ms) * resolution_ms + 1.0


@dataclass(frozen=True)
class _Held:
    type: QEvent.Type
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    autorep: bool
    count: int

    @classmethod
    def of(cls, event: QKeyEvent) -> _Held:
        return cls(event.type(), event.key(), event.modifiers(), event.text(), event.isAutoRepeat(), event.count())

    def event(self) -> QKeyEvent:
        return QKeyEvent(self.type, self.key, self.modifiers, self.text, self.autorep, self.count)


@dataclass(frozen=True)
class _HeldInput:
    """An input-method event held in a burst (Qt deletes the event itself after delivery)."""

    preedit: str
    attributes: tuple
    commit: str
    replace_from: int
    replace_length: int

    @classmethod
    def of(cls, event: QInputMethodEvent) -> _HeldInput:
        return cls(event.preeditString(), tuple(event.attributes()), event.commitString(),
                   event.replacementStart(), event.replacementLength())

    def event(self) -> QInputMethodEvent:
        out = QInputMethodEvent(self.preedit, list(self.attributes))
        out.setCommitString(self.commit, self.replace_from, self.replace_length)
        return out


class ScanFilter(QObject):
    """Application-wide scanner detector.

    Signals: ``code_scanned(str code)`` (a normalised dossier code), ``card_scanned(str
    content)`` (a CCCD card's QR code, as scanned), ``scan_rejected(str message)`` (a fast
    burst that is not a dossier code), ``scan_ignored()`` (a scan swallowed while the screen
    is locked).
    """

    code_scanned = Signal(str)
    card_scanned = Signal(str)
    scan_rejected = Signal(str)
    scan_ignored = Signal()

    def __init__(self, config: ScannerConfig | None = None, *,
                 clock: Callable[[QKeyEvent], float] = event_clock,
                 alert: Callable[[], None] | None = None,
                 spontaneous_only: bool = True, scope: QWidget | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.scope = scope
        self.config = config or ScannerConfig()
        self.clock = clock
        self.alert = alert or QApplication.beep
        self.spontaneous_only = spontaneous_only
        self.enabled = True
        #: False while the scanner is read from a serial port: keys are then left alone.
        self.keyboard_wedge = True
        self._locked = False
        self._held: list[_Held | _HeldInput] = []
        self._chars: list[str] = []
        self._target: QWidget | None = None
        self._last_ms = 0.0
        self._limit_ms = float(self.config.max_gap_ms)
        self._swallow_release: set[int] = set()
        self._alt_numpad = False
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self.set_config(self.config)

    def set_config(self, config: ScannerConfig) -> None:
        """Use new timing and framing settings."""
        self.config = config
        self._limit_ms = gap_limit_ms(config.max_gap_ms, float(getattr(self.clock, "resolution_ms", 0) or 0))
        self._timer.setInterval(max(math.ceil(2 * self._limit_ms), 20))

    def gap_limit(self) -> float:
        """The longest gap (ms, as the clock reads it) between two keys of one burst."""
        return self._limit_ms

    def install(self, app: QCoreApplication | None = None) -> None:
        """Install on the application (removed automatically when this object is deleted)."""
        (app or QCoreApplication.instance()).installEventFilter(self)

    def set_locked(self, locked: bool) -> None:
        """Slot: ignore (and swallow) scans while *locked* (a lock's ``locked_changed``)."""
        self._locked = bool(locked)
        if locked:
            self.flush()  # what a person typed before the lock goes where it was meant to

    def is_locked(self) -> bool:
        """True while scans are ignored: locked by :meth:`set_locked` or by the scope's lock."""
        scope = self.scope
        return self._locked or bool(scope is not None and shiboken6.isValid(scope)
                                    and scope.property(LOCKED_PROPERTY))

    def pending_text(self) -> str:
        """The characters held back right now (for tests and diagnostics)."""
        return "".join(self._chars)

    # -- the filter -----------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in _KEY_TYPES and kind != _IM_TYPE:
            return False
        if self._replaying or not self.enabled or not self.keyboard_wedge or not isinstance(obj, QWidget):
            return False
        if self.scope is not None and not (shiboken6.isValid(self.scope) and self.scope.isVisible()):
            return False
        if kind == _IM_TYPE:  # Qt sends these itself (sendEvent): never spontaneous
            return self._input_method(obj, event)
        if self.spontaneous_only and not event.spontaneous():
            return False
        if kind == QEvent.Type.KeyRelease:
            return self._release(event)
        return self._press(obj, event)

    def _fast(self, now: float) -> bool:
        """Whether a key at *now* follows the last held one closely enough for one burst (a
        clock read out of order may give a small negative gap)."""
        return abs(now - self._last_ms) <= self._limit_ms

    def _release(self, event: QKeyEvent) -> bool:
        if event.key() in self._swallow_release and not event.isAutoRepeat():
            self._swallow_release.discard(event.key())
            return True
        if self._held:
            self._held.append(_Held.of(event))
            return True
        return False

    def _press(self, obj: QWidget, event: QKeyEvent) -> bool:
        key, text, mods = event.key(), event.text(), event.modifiers()
        if self._held and self._hold_modifier(event):
            return True
        composed = self._alt_numpad and bool(text) and text.isprintable()
        command = bool(mods & _COMMAND_MODS) and not composed
        if not command and key in _TERMINATORS:
            return self._terminate(event)
        if not command and key == Qt.Key.Key_Backspace and self._held and obj is self._target \
                and self._hold_backspace(event):
            return True
        if command or not text or not text.isprintable() or key in _NOT_CHARS or _passthrough(obj):
            self.flush()
            return False
        now = self.clock(event)
        if self._held and (not self._fast(now) or obj is not self._target
                           or self._length() >= MAX_BURST):
            self.flush()
        if not self._held:
            self._target = obj
        self._held.append(_Held.of(event))
        self._chars.append(text)
        self._alt_numpad = False
        self._last_ms = now
        self._timer.start()
        return True

    def _length(self) -> int:
        return sum(len(chars) for chars in self._chars)

    def _hold_modifier(self, event: QKeyEvent) -> bool:
        """Hold a modifier press, or an Alt+numpad digit, that falls inside the burst."""
        mods = event.modifiers()
        alt_digit = (mods & _ALT_NUMPAD) == _ALT_NUMPAD and not (mods & Qt.KeyboardModifier.ControlModifier)
        if event.key() not in _MODIFIER_KEYS and not alt_digit:
            return False
        now = self.clock(event)
        if not self._fast(now):
            return False  # the burst has stopped: a person pressing Shift, or a shortcut coming
        self._held.append(_Held.of(event))
        self._alt_numpad = self._alt_numpad or alt_digit
        self._last_ms = now
        self._timer.start()
        return True

    def _hold_backspace(self, event: QKeyEvent) -> bool:
        """Hold a Backspace inside the burst (Unikey's and EVKey's way of replacing a letter):
        it takes back the last held character, as it will in the widget when replayed."""
        now = self.clock(event)
        if not self._fast(now):
            return False
        self._held.append(_Held.of(event))
        if self._chars:
            last = self._chars.pop()[:-1]
            if last:
                self._chars.append(last)
        self._last_ms = now
        self._timer.start()
        return True

    def _input_method(self, obj: QWidget, event: QInputMethodEvent) -> bool:
        """Hold an input method's event that reaches the burst's widget during the burst."""
        if not self._held:
            return False  # a person's input method at work: the widget takes it
        if obj is not self._target:
            self.flush()
            return False
        latest = getattr(self.clock, "latest_ms", None)
        now = latest() if callable(latest) else None  # the key that made the commit, on Windows
        if now is not None:
            if not self._fast(now):
                self.flush()
                return False
            self._last_ms = now
        self._held.append(_HeldInput.of(event))
        if event.commitString():
            self._chars.append(event.commitString())
        self._timer.start()
        return True

    def _terminate(self, event: QKeyEvent) -> bool:
        if not self._held:
            return False
        fast = self._fast(self.clock(event))
        text = "".join(self._chars)
        if not fast or len(text) < self.config.min_length:
            self.flush()
            return False
        self._held.clear()
        self._chars.clear()
        self._alt_numpad = False
        self._timer.stop()
        self._swallow_release.add(event.key())
        self.deliver_text(text)
        return True

    def deliver_text(self, text: str) -> None:
        """Slot: act on a complete scan *text* (a keyboard burst, or a serial scanner's line):
        ignored while locked (``scan_ignored``), a CCCD QR code (``card_scanned``), else a
        dossier code (``code_scanned``, or ``scan_rejected`` with a beep)."""
        if not self.enabled or not text:
            return
        if self.is_locked():
            self.scan_ignored.emit()  # nothing may act, or land in the unlock field, behind the lock
        elif "|" in text:
            self.card_scanned.emit(text)
        else:
            self._emit(text)

    def _emit(self, raw: str) -> None:
        try:
            code = normalise_code(raw, self.config.prefix, self.config.suffix)
        except LookupFailed as exc:
            self.alert()
            self.scan_rejected.emit(error_text(exc))
            return
        self.code_scanned.emit(code)

    def flush(self) -> None:
        """Replay the held keys to the widget they were meant for (it was a person typing)."""
        held, target = self._held, self._target
        self._held, self._chars, self._target = [], [], None
        self._alt_numpad = False
        self._timer.stop()
        if not held or target is None or not shiboken6.isValid(target):
            return
        self._replaying = True
        try:
            for item in held:
                QCoreApplication.sendEvent(target, item.event())
        finally:
            self._replaying = False


def _passthrough(widget: QWidget | None) -> bool:
    while widget is not None:
        if widget.property(PASSTHROUGH_PROPERTY):
            return True
        widget = widget.parentWidget()
    return False

"""Typing helpers for GUI tests: qtbot.keyClicks aborts on non-ASCII text, so send one key
event per character with its text, as a keyboard with a Vietnamese input method would."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

_SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')


def type_text(widget: QWidget, text: str) -> None:
    """Send *text* to *widget* one character at a time (press and release, with its text)."""
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        if ch == " ":
            key = Qt.Key.Key_Space
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def press(widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press and release one key (Enter, Esc, Ctrl+Return…)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))


def _device_key(widget: QWidget, action, key, text: str, mods) -> None:
    """One spontaneous key event, as a device sends it (QTest marks it spontaneous)."""
    QTest.sendKeyEvent(action, widget, key, text, mods)


def scanner_type(widget: QWidget, text: str, *, caps_lock: bool = False) -> None:
    """Type *text* as a keyboard-wedge scanner on a US layout does: a Shift press and release
    around every capital letter and shifted symbol, one spontaneous event per key. With
    *caps_lock* the PC's Caps Lock is on, which the scanner does not know: its Shift+letter
    arrives lower case and its plain letters upper case."""
    shift, none = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier
    press, release = QTest.KeyAction.Press, QTest.KeyAction.Release
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        if ch == " ":
            key = Qt.Key.Key_Space
        shifted = ch.isupper() or ch in _SHIFTED
        typed = ch.swapcase() if caps_lock and ch.isalpha() else ch
        if shifted:
            _device_key(widget, press, Qt.Key.Key_Shift, "", shift)
        mods = shift if shifted else none
        _device_key(widget, press, key, typed, mods)
        _device_key(widget, release, key, typed, mods)
        if shifted:
            _device_key(widget, release, Qt.Key.Key_Shift, "", none)

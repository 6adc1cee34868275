"""Windows sized for the screen they open on: a counter's 1366×768 or 1280×720, less its taskbar."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room left for a window frame (title bar and borders) that the work area must also hold.
FRAME_ALLOWANCE = (16, 40)


def available_area(widget: QWidget) -> QRect:
    """The work area of the screen *widget* (or its parent window) is on: the screen less the taskbar."""
    anchor = widget.parentWidget().window() if widget.parentWidget() else widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize *widget* to *width*×*height*, or less where its screen's work area (with room for
    the window's frame) is smaller, so that all of it, its buttons included, can be on the
    screen; where it goes is left to the window manager (over its parent, or centred)."""
    area = available_area(widget)
    widget.resize(min(width, area.width() - FRAME_ALLOWANCE[0]), min(height, area.height() - FRAME_ALLOWANCE[1]))

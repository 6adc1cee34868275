"""A line edit for codes only: the input method stays off while it has the focus.

With a Vietnamese input method on (the Microsoft Vietnamese Telex keyboard), letters typed
into a field are composed by the IME, so a code's ``H56`` or ``DD`` would be turned into
Vietnamese. Qt switches the Windows IME off for the focused widget when it answers the
``ImEnabled`` query with False (``QWindowsInputContext::updateEnabled``); a ``QLineEdit``
answers True whenever it is editable, whatever ``WA_InputMethodEnabled`` says, hence this
subclass. Its hints also ask for Latin letters without prediction. (Unikey and EVKey work by
a keyboard hook, outside any IME: the scanner filter handles them, :mod:`ui.scanner`.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

CODE_HINTS = (Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText
              | Qt.InputMethodHint.ImhNoAutoUppercase | Qt.InputMethodHint.ImhPreferUppercase)


class CodeLineEdit(QLineEdit):
    """A ``QLineEdit`` that never takes input-method text (dossier codes, scanner settings)."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(self.inputMethodHints() | CODE_HINTS)

    def inputMethodQuery(self, query, *args):  # noqa: N802 - Qt override
        if query == Qt.InputMethodQuery.ImEnabled:
            return False
        return super().inputMethodQuery(query, *args)

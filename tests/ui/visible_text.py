"""What a person can read in a widget tree (buttons, labels, fields' hints, menus, tab titles,
table headers and cells, tooltips), and the words of it that are English.

A word is taken for English when it is written in ASCII letters only and either is a common
English word or cannot be a Vietnamese syllable written without its marks (a Vietnamese word
typed without diacritics still has the language's shape: onset, vowels, one of eight endings).
Names of keys, abbreviations and proper names are allowed through a short list.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QWidget,
    QWizard,
)

#: Abbreviations, proper names and key names a Vietnamese interface writes as they are.
ALLOWED = {
    "cccd", "cmnd", "pdf", "qr", "xlsx", "json", "csv", "url", "ubnd", "tthc", "id",
    "ctrl", "shift", "alt", "enter", "tab", "esc", "space", "backspace", "del", "home", "end", "pgup", "pgdown",
    "yymmdd", "nnnn", "hh", "mm", "dd", "yyyy",
    "email",  # written so on Vietnamese forms (Mẫu 01: "Số điện thoại / Email")
    "tt", "qcvn", "excel",  # "Số TT" (thứ tự), the national technical standard, the spreadsheet
    "admin", "giamsat", "canbo", "quantri",  # login names: ASCII by rule (data, and their examples)
    "vneid",  # the national electronic identity app's name (Nghị định 69/2024), as Vietnamese texts write it
}
#: Common English words that happen to have the shape of a Vietnamese syllable.
#: ("in", "an", "do", "to"… are Vietnamese too: "In phiếu", the name An, "Lý do", "chữ to".)
ENGLISH = {"no", "the", "of", "and", "or", "is", "for", "on", "at", "it", "be", "up", "yes", "ok", "cut", "by",
           "as", "if", "not", "all", "new", "open", "save", "close", "cancel"}

_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
_WORD = re.compile(r"[^\W\d_]+")
_NOT_WORDS = re.compile(r"(https?://\S+|\S+@\S+|[A-Za-z]:[\\/]\S*|(?<!\w)/[\w./-]+|\S*\d\S*)")


def english_words(text: str) -> list[str]:
    """The words of *text* that look English (see the module docstring)."""
    plain = _NOT_WORDS.sub(" ", text.replace("&&", "\0").replace("&", "").replace("\0", "&"))
    found = []
    for word in _WORD.findall(plain):
        low = word.lower()
        if not word.isascii() or len(word) < 2 or low in ALLOWED:
            continue
        if low in ENGLISH or not _SYLLABLE.match(low):
            found.append(word)
    return found


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _menu_texts(menu: QMenu, where: str) -> list[tuple[str, str]]:
    out = [(where, menu.title())]
    for action in menu.actions():
        if action.isSeparator():
            continue
        out += [(f"{where} › item", action.text()), (f"{where} › tooltip", action.toolTip()),
                (f"{where} › shortcut", action.shortcut().toString())]
        if action.menu() is not None:
            out += _menu_texts(action.menu(), f"{where} › {action.text()}")
    return out


def _model_texts(view: QAbstractItemView, where: str, rows: int = 40) -> list[tuple[str, str]]:
    model = view.model()
    if model is None:
        return []
    out = []
    root = QModelIndex()
    columns = 1 if isinstance(view, QListView) else model.columnCount(root)  # a list model's is private
    for column in range(columns):
        out.append((f"{where} header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")))
        for row in range(min(rows, model.rowCount(root))):
            index = model.index(row, column, root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    out.append((f"{where} cell", value))
    return out


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything readable in *root* and its visible children."""
    out: list[tuple[str, str]] = [(type(root).__name__ + " title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        name = type(widget).__name__
        out.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, QAbstractButton):
            out.append((f"{name} text", widget.text()))
        elif isinstance(widget, QLabel):
            out.append((f"{name} text", _plain(widget.text())))
        elif isinstance(widget, QLineEdit):
            out += [(f"{name} placeholder", widget.placeholderText()), (f"{name} text", widget.text())]
        elif isinstance(widget, QPlainTextEdit):
            out.append((f"{name} placeholder", widget.placeholderText()))
        elif isinstance(widget, QGroupBox):
            out.append((f"{name} title", widget.title()))
        elif isinstance(widget, QComboBox):
            out += [(f"{name} item", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                out += [(f"{name} tab", widget.tabText(i)), (f"{name} tab tooltip", widget.tabToolTip(i))]
        elif isinstance(widget, QAbstractItemView):
            out += _model_texts(widget, name)
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.menu() is not None:
                    out += _menu_texts(action.menu(), "menu")
        if isinstance(widget, QAbstractSpinBox):
            out.append((f"{name} special", widget.specialValueText()))
        if isinstance(widget, QWizard):
            page = widget.currentPage()
            if page is not None:
                out += [("QWizardPage title", page.title()), ("QWizardPage subtitle", page.subTitle())]
    return [(where, text) for where, text in out if text]


def english_in(root: QWidget, place: str) -> list[str]:
    """Findings "<place>: <where>: <word> in «text»" for *root*."""
    return [f"{place}: {where}: {word!r} in «{text[:80]}»"
            for where, text in visible_texts(root) for word in english_words(text)]

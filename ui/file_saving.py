"""Saving a file the officer named: whole or not at all, and a file that cannot be written is said so.

On Windows a PDF open in Foxit or Acrobat, or a workbook open in Excel, cannot be replaced
(``PermissionError``, WinError 32). Such a save must not fail silently: the officer is told
which file and why, and offered the next free name beside it ("sổ (2).xlsx") or a new choice.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from ui.messages import error_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("file_saving", text)


def write_whole(path: Path | str, data: bytes) -> Path:
    """Write *data* to a temporary file beside *path*, then put it in place in one step; on
    failure *path* is as it was and no temporary file is left."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    return path


def free_name(path: Path | str) -> Path:
    """The first ``<stem> (N)<suffix>`` beside *path* that does not exist (N from 2)."""
    path = Path(path)
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def cannot_save_text(path: Path | str, exc: OSError) -> str:
    """Why *path* could not be saved, for a person."""
    if isinstance(exc, PermissionError):
        reason = _tr("tệp đang được mở trong một chương trình khác (Foxit Reader, Adobe Acrobat, Excel…) "
                     "hoặc thư mục không cho phép ghi")
    else:
        reason = exc.strerror or error_text(exc)
    return _tr("Không lưu được tệp %1: %2.").replace("%1", str(path)).replace("%2", reason)


class SaveProblemBox(QMessageBox):
    """Says why a file could not be saved and offers another name.

    Signals: ``another_name_chosen(str)``: the path to save to instead.
    """

    another_name_chosen = Signal(str)

    def __init__(self, path: Path | str, exc: OSError, parent: QWidget | None = None, *, file_filter: str = ""):
        super().__init__(parent)
        self.path = Path(path)
        self.suggested = free_name(self.path)
        self._filter = file_filter
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(_tr("Không lưu được tệp"))
        self.setText(cannot_save_text(self.path, exc))
        self.setInformativeText(_tr("Đóng tệp đó rồi lưu lại, hoặc lưu với tên khác."))
        self.save_as_button = self.addButton(_tr("Lưu thành %1").replace("%1", self.suggested.name),
                                             QMessageBox.ButtonRole.AcceptRole)
        self.choose_button = self.addButton(_tr("Chọn tên khác…"), QMessageBox.ButtonRole.ActionRole)
        self.cancel_button = self.addButton(_tr("Huỷ"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.save_as_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button) -> None:
        if button is self.save_as_button:
            self.another_name_chosen.emit(str(self.suggested))
        elif button is self.choose_button:
            path, _ = QFileDialog.getSaveFileName(self.parentWidget(), _tr("Lưu với tên khác"), str(self.suggested),
                                                  self._filter)
            if path:
                self.another_name_chosen.emit(path)


def offer_another_name(parent: QWidget, path: Path | str, exc: OSError, retry: Callable[[str], None], *,
                       file_filter: str = "") -> SaveProblemBox:
    """Show (window-modal, without waiting) why *path* was not saved; *retry(path)* runs with the
    name the officer takes instead. The box is kept as ``parent.save_problem_box``."""
    box = SaveProblemBox(path, exc, parent, file_filter=file_filter)
    box.another_name_chosen.connect(retry)
    box.finished.connect(box.deleteLater)
    parent.save_problem_box = box
    box.open()
    return box

"""The common base of the small tables that show a list of plain rows, replaced as a whole."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class RowTableModel(QAbstractTableModel):
    """Rows in ``self.rows``, one column per entry of :meth:`headers`; subclasses give ``headers``
    and ``data``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Any] = []
        self._headers = tuple(self.headers())  # the language is chosen before any table is made

    def headers(self) -> Sequence[str]:
        """The translated column titles: literal ``self.tr("…")`` calls, so that lupdate finds them."""
        return ()

    def set_rows(self, rows) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

"""Catalogue import and calendar overrides, for administrators."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.due_dates import CalendarOverride
from counter_app.domain.catalogue import CatalogueImportError
from counter_app.domain.clock import today_vn
from counter_app.services import admin
from ui.context import AppContext
from ui.row_model import RowTableModel
from ui.messages import error_text, said_text

KIND_LABELS = {"off": "Nghỉ", "working": "Làm việc", "morning": "Chỉ làm buổi sáng", "afternoon": "Chỉ làm buổi chiều"}


class CatalogueImportView(QWidget):
    """Pick a .json or .xlsx catalogue and import it whole. Signals: ``catalogue_imported(object)``."""

    catalogue_imported = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        intro = QLabel(self.tr("Nhập danh mục thủ tục từ tệp .json hoặc .xlsx. Nếu có dòng sai, "
                               "không thủ tục nào được nhập và mọi dòng sai được liệt kê dưới đây."))
        intro.setWordWrap(True)
        self.choose = QPushButton(self.tr("Chọn tệp và nhập…"))
        self.choose.clicked.connect(self._ask)
        self.report = QPlainTextEdit()
        self.report.setObjectName("report")
        self.report.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.report)

    def _ask(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Tệp danh mục"), "",
                                              self.tr("Danh mục (*.json *.xlsx)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        self.choose.setEnabled(False)
        self.report.setPlainText(self.tr("Đang nhập %1…").replace("%1", path.name))
        store, actor = self.ctx.store, self.ctx.officer_id
        self.ctx.tasks.write(lambda: admin.import_catalogue(store, actor, path), self._done, self._failed)

    def _done(self, result: admin.CatalogueImport) -> None:
        self.choose.setEnabled(True)
        self.report.setPlainText(
            self.tr("Đã nhập %1 thủ tục từ %2: %3 thủ tục mới, %4 thủ tục được cập nhật.")
            .replace("%1", str(result.count)).replace("%2", result.file)
            .replace("%3", str(len(result.added))).replace("%4", str(len(result.replaced))))
        self.catalogue_imported.emit(result)

    def _failed(self, exc: Exception) -> None:
        self.choose.setEnabled(True)
        if isinstance(exc, CatalogueImportError):
            lines = [self.tr("Không nhập thủ tục nào. Các dòng cần sửa:")] + [said_text(p.said()) for p in exc.problems]
            self.report.setPlainText("\n".join(lines))
        else:
            self.report.setPlainText(error_text(exc))


class OverrideTableModel(RowTableModel):
    """Calendar overrides as rows: day, kind, note, the legal act, confirmed or not."""

    def headers(self) -> tuple[str, ...]:
        return self.tr("Ngày"), self.tr("Loại"), self.tr("Ghi chú"), self.tr("Căn cứ pháp lý"), self.tr("Trạng thái")

    def set_rows(self, rows: list[CalendarOverride]) -> None:
        super().set_rows(sorted(rows, key=lambda o: o.day))

    def put(self, override: CalendarOverride) -> None:
        """Add a day, or replace the one already there."""
        self.set_rows([o for o in self.rows if o.day != override.day] + [override])

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        o = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and not o.confirmed:
            return QColor("#b02a37")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        state = self.tr("Có căn cứ") if o.confirmed else self.tr("Chưa xác nhận: chưa có văn bản")
        return (f"{o.day:%d/%m/%Y}", KIND_LABELS.get(o.kind, o.kind), o.note, o.basis, state)[index.column()]

    def unconfirmed(self) -> int:
        return sum(1 for o in self.rows if not o.confirmed)


class CalendarView(QWidget):
    """Edit the province's calendar overrides. Signals: ``calendar_saved()``."""

    calendar_saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = OverrideTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.day = QDateEdit(QDate(today_vn()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(self.tr(label), kind)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Ghi chú"))
        self.basis = QLineEdit()
        self.basis.setObjectName("basis")
        self.basis.setPlaceholderText(self.tr("Căn cứ: số, ký hiệu văn bản"))
        add = QPushButton(self.tr("Thêm / sửa ngày"))
        add.clicked.connect(self.add_current)
        remove = QPushButton(self.tr("Xoá ngày đã chọn"))
        remove.clicked.connect(self.remove_selected)
        load = QPushButton(self.tr("Nhập từ tệp JSON…"))
        load.clicked.connect(self._ask_file)
        self.save_button = QPushButton(self.tr("Lưu lịch"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        for w in (self.day, self.kind, self.note, self.basis, add, remove):
            row.addWidget(w)
        bottom = QHBoxLayout()
        bottom.addWidget(load)
        bottom.addStretch()
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        def load():
            return admin.overrides(self.ctx.store)

        self.ctx.tasks.run(load, self._loaded, self._failed)

    def _loaded(self, rows: list[CalendarOverride]) -> None:
        self.model.set_rows(rows)
        self._warn()

    def _warn(self) -> None:
        count = self.model.unconfirmed()
        self.message.setText(self.tr("%1 ngày điều chỉnh chưa có căn cứ pháp lý (chưa xác nhận); lịch vẫn áp dụng "
                                     "cho đến khi sửa.").replace("%1", str(count)) if count else "")

    def add_current(self) -> None:
        d = self.day.date()
        self.model.put(CalendarOverride(date(d.year(), d.month(), d.day()), self.kind.currentData(),
                                        self.note.text(), self.basis.text()))

    def remove_selected(self) -> None:
        rows = sorted((i.row() for i in self.table.selectionModel().selectedRows()), reverse=True)
        for row in rows:
            self.model.remove(row)

    def save(self) -> None:
        store, actor, rows = self.ctx.store, self.ctx.officer_id, list(self.model.rows)
        self.ctx.tasks.write(lambda: admin.save_overrides(store, actor, rows), self._saved, self._failed)

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Lịch của tỉnh"), "", self.tr("JSON (*.json)"))
        if path:
            store, actor = self.ctx.store, self.ctx.officer_id
            self.ctx.tasks.write(lambda: admin.import_overrides_file(store, actor, path), self._saved, self._failed)

    def _saved(self, rows: list[CalendarOverride]) -> None:
        self.model.set_rows(rows)
        self.message.setText(self.tr("Đã lưu lịch làm việc (%1 ngày điều chỉnh).").replace("%1", str(len(rows))))
        if self.model.unconfirmed():
            self.message.setText(self.message.text() + " " + self.tr("%1 ngày chưa có căn cứ pháp lý.")
                                 .replace("%1", str(self.model.unconfirmed())))
        self.calendar_saved.emit()

    def _failed(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))

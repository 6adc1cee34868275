"""The procedure's documents as a checklist: ticked when handed in, original/copy, count."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QSpinBox, QTableWidget, QTableWidgetItem, QWidget

from counter_app.domain.catalogue import ProcedureSpec
from counter_app.domain.drafts import DocumentLine
from counter_app.domain.enums import DocumentForm

REQUIRED_ROLE = Qt.ItemDataRole.UserRole + 1
FORM_LABELS = {DocumentForm.ORIGINAL: "Bản chính", DocumentForm.COPY: "Bản sao", DocumentForm.SHOWN: "Xuất trình",
               DocumentForm.DATA: "Khai thác dữ liệu"}


class DocumentChecklist(QTableWidget):
    """Rows of documents; Space ticks the current one. Signals: ``lines_changed()``."""

    lines_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Giấy tờ (đã nhận)"), self.tr("Hình thức"), self.tr("Số lượng")])
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setTabKeyNavigation(False)
        self.itemChanged.connect(lambda _item: self.lines_changed.emit())

    def set_spec(self, spec: ProcedureSpec | None) -> None:
        """Show the documents of *spec*, required ones ticked."""
        self.blockSignals(True)
        self.setRowCount(0)
        for doc in spec.documents if spec else ():
            self.add_line(DocumentLine(doc.name, doc.form, doc.count, handed_in=doc.required), doc.required)
        self.blockSignals(False)
        if self.rowCount():
            self.setCurrentCell(0, 0)
        self.lines_changed.emit()

    def add_line(self, line: DocumentLine, required: bool = True) -> None:
        row = self.rowCount()
        self.insertRow(row)
        item = QTableWidgetItem(line.name)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if line.handed_in else Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, line.name)
        item.setData(REQUIRED_ROLE, required)
        if not required:
            item.setToolTip(self.tr("Không bắt buộc (chỉ khi có)"))
        self.setItem(row, 0, item)
        form = QComboBox()
        for value, label in FORM_LABELS.items():
            form.addItem(self.tr(label), value)
        form.setCurrentIndex(form.findData(DocumentForm(line.form)))
        form.currentIndexChanged.connect(lambda _i: self.lines_changed.emit())
        self.setCellWidget(row, 1, form)
        count = QSpinBox()
        count.setRange(1, 99)
        count.setValue(line.count)
        count.valueChanged.connect(lambda _v: self.lines_changed.emit())
        self.setCellWidget(row, 2, count)

    def set_handed_in(self, row: int, handed_in: bool) -> None:
        self.item(row, 0).setCheckState(Qt.CheckState.Checked if handed_in else Qt.CheckState.Unchecked)

    def toggle_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            item = self.item(row, 0)
            self.set_handed_in(row, item.checkState() != Qt.CheckState.Checked)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.toggle_current()
            return
        super().keyPressEvent(event)

    def lines(self) -> tuple[DocumentLine, ...]:
        """Every document as the officer marked it."""
        out = []
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            out.append(DocumentLine(
                name=item.data(Qt.ItemDataRole.UserRole),
                form=self.cellWidget(row, 1).currentData(),
                count=self.cellWidget(row, 2).value(),
                handed_in=item.checkState() == Qt.CheckState.Checked,
            ))
        return tuple(out)

    def missing(self) -> list[str]:
        """The required documents not ticked (what a supplement request asks for)."""
        return [line.name for row, line in enumerate(self.lines())
                if not line.handed_in and self.item(row, 0).data(REQUIRED_ROLE)]

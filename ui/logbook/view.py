"""The logbook page (Sổ theo dõi hồ sơ): filters, search box, the table, export and print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.clock import now_vn
from counter_app.domain.enums import DossierStatus
from ui.card.labels import status_label
from counter_app.store.ledger import LedgerFilter
from counter_app.store.queries import procedure_names
from ui.context import AppContext
from ui.logbook.model import LogbookTableModel
from ui.messages import error_text

SEARCH_DELAY_MS = 250


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class LogbookView(QWidget):
    """Signals: ``dossier_requested(str code)`` (a row was opened), ``message_changed(str)``,
    ``exported(str path)``, ``pdf_ready(bytes)`` (the print is rendered)."""

    dossier_requested = Signal(str)
    message_changed = Signal(str)
    exported = Signal(str)
    pdf_ready = Signal(bytes)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, clock=now_vn):
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.model = LogbookTableModel(ctx.store, ctx.tasks, clock, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm theo tên (gõ không dấu được), số giấy tờ, điện thoại, mã hồ sơ"))
        self.search.setClearButtonEnabled(True)
        self.use_dates = QCheckBox(self.tr("Từ ngày"))
        today = _qdate(clock().date())
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.status = QComboBox()
        self.status.addItem(self.tr("Mọi trạng thái"), None)
        for s in DossierStatus:
            self.status.addItem(status_label(s), int(s))
        self.procedure = QComboBox()
        self.procedure.addItem(self.tr("Mọi thủ tục"), None)
        self.due_today = QCheckBox(self.tr("Đến hạn hôm nay"))
        self.late = QCheckBox(self.tr("Quá hạn"))
        self.count_label = QLabel()
        self.export_button = QPushButton(self.tr("Xuất Excel…"))
        self.print_button = QPushButton(self.tr("In sổ…"))
        self.newest_first = QCheckBox(self.tr("Mới nhất trước"))
        self.newest_first.setObjectName("newest_first")
        self.newest_first.setToolTip(self.tr("Thứ tự các dòng khi in hoặc xuất sổ"))
        self.preview_dialog = None
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((60, 210, 190, 240, 130, 120, 120)):
            self.table.setColumnWidth(column, width)

        filters = QHBoxLayout()
        for w in (self.use_dates, self.date_from, QLabel(self.tr("đến")), self.date_to, self.status,
                  self.procedure, self.due_today, self.late):
            filters.addWidget(w)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.search, 1)
        actions.addWidget(self.count_label)
        actions.addWidget(self.newest_first)
        actions.addWidget(self.export_button)
        actions.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filter)
        for box in (self.use_dates, self.due_today, self.late):
            box.toggled.connect(self.apply_filter)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.apply_filter)
        for combo in (self.status, self.procedure):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.model.count_changed.connect(self._show_count)
        self.model.load_failed.connect(self.message_changed)
        self.table.doubleClicked.connect(self._open)
        self.export_button.clicked.connect(self.choose_export)
        self.print_button.clicked.connect(self.print_logbook)
        self.reload_procedures()
        self.apply_filter()

    def reload_procedures(self) -> None:
        """Fill the procedure list from the catalogue (at start and after an import), keeping
        the procedure chosen when it is still there."""
        store = self.ctx.store

        def read():
            return procedure_names(store)

        def fill(specs):
            chosen = self.procedure.currentData()
            blocked = self.procedure.blockSignals(True)
            while self.procedure.count() > 1:  # item 0: every procedure
                self.procedure.removeItem(1)
            for code, name in specs:
                self.procedure.addItem(f"{code} – {name}", code)
            self.procedure.setCurrentIndex(max(0, self.procedure.findData(chosen)))
            self.procedure.blockSignals(blocked)
            if self.procedure.currentData() != chosen:  # the chosen one was removed
                self.apply_filter()

        self.ctx.tasks.run(read, fill)

    def current_filter(self) -> LedgerFilter:
        """The filter the controls describe."""
        dates = self.use_dates.isChecked()
        status = self.status.currentData()
        return LedgerFilter(
            date_from=self.date_from.date().toPython() if dates else None,
            date_to=self.date_to.date().toPython() if dates else None,
            status=DossierStatus(status) if status is not None else None,
            procedure_code=self.procedure.currentData(),
            due_today=self.due_today.isChecked(),
            late=self.late.isChecked(),
            search=self.search.text().strip() or None,
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def show_filter(self, flt: LedgerFilter) -> None:
        """Set the controls to *flt* (e.g. from a "today" tile) and apply it."""
        widgets = (self.search, self.use_dates, self.date_from, self.date_to, self.status, self.procedure,
                   self.due_today, self.late)
        for w in widgets:
            w.blockSignals(True)
        self.search.setText(flt.search or "")
        self.use_dates.setChecked(flt.date_from is not None or flt.date_to is not None)
        if flt.date_from:
            self.date_from.setDate(_qdate(flt.date_from))
        if flt.date_to:
            self.date_to.setDate(_qdate(flt.date_to))
        self.status.setCurrentIndex(max(0, self.status.findData(int(flt.status) if flt.status else None)))
        self.procedure.setCurrentIndex(max(0, self.procedure.findData(flt.procedure_code)))
        self.due_today.setChecked(flt.due_today)
        self.late.setChecked(flt.late)
        for w in widgets:
            w.blockSignals(False)
        self.apply_filter()

    def refresh(self) -> None:
        """Read the store again (after a change elsewhere), keeping the filter."""
        self.model.refresh()

    def _show_count(self, total: int) -> None:
        self.count_label.setText(self.tr("%1 hồ sơ").replace("%1", f"{total:,}".replace(",", ".")))

    def _open(self, index) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.dossier_requested.emit(row.code)

    def scroll_to_end(self) -> None:
        """Show the newest dossiers (the end of the book)."""
        self.table.scrollToBottom()

    # -- export and print -------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Xuất sổ theo dõi hồ sơ"),
                                              str(Path.home() / "so-theo-doi-ho-so.xlsx"), "Excel (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the filtered logbook to *path* (XLSX) in the background; emits ``exported``."""
        from ui.logbook.export import export_xlsx

        store, flt, now = self.ctx.store, self.model.filter, self.clock()
        newest = self.newest_first.isChecked()
        self.message_changed.emit(self.tr("Đang xuất sổ ra Excel…"))

        def done(count: int) -> None:
            self.message_changed.emit(self.tr("Đã xuất %1 hồ sơ ra %2").replace("%1", str(count)).replace("%2", str(path)))
            self._log_access("export", "logbook.xlsx", flt, newest)
            self.exported.emit(str(path))

        self.ctx.tasks.run(lambda: export_xlsx(store, flt, path, now, newest_first=newest), done,
                           lambda exc: self._export_failed(exc, path))

    def render_print(self, on_done=None, *, then=None) -> None:
        """Render the filtered logbook as an A4-landscape PDF in the background; *on_done(bytes)*
        receives it (by default ``pdf_ready`` is emitted), or *on_done(then(bytes))* when
        *then* is given (it runs on the worker too)."""
        from ui.logbook.export import render_pdf

        store, flt, now = self.ctx.store, self.model.filter, self.clock()
        newest = self.newest_first.isChecked()
        period = ""
        if flt.date_from and flt.date_to:
            period = f"Từ ngày {flt.date_from:%d/%m/%Y} đến ngày {flt.date_to:%d/%m/%Y}"
        def job():
            data = render_pdf(store, flt, now, period=period, newest_first=newest)
            return then(data) if then is not None else data

        self.ctx.tasks.run(job, on_done or self.pdf_ready.emit, self._failed)

    def print_logbook(self) -> None:
        """Render, then show the print preview (printer choice, print, save as PDF); the button
        waits for the rendering, so that one click opens one preview."""
        if not self.print_button.isEnabled():
            return  # already rendering
        from ui.printing.preview import prepare_preview

        self.print_button.setEnabled(False)
        # The pages are rasterised and the printers listed on the worker too: a long logbook
        # drawn on the GUI thread would stall the window (and bunch the keys typed meanwhile).
        self.render_print(lambda result: self._preview(*result), then=lambda data: (data, prepare_preview(data)))

    def _preview(self, data: bytes, prepared=None) -> None:
        from ui.printing.controller import print_error_message
        from ui.printing.preview import PrintPreviewDialog, prepare_preview
        from ui.printing.sinks import QtPrinterSink

        self.print_button.setEnabled(True)
        prepared = prepared or prepare_preview(data)
        dialog = PrintPreviewDialog(data, self.tr("Sổ theo dõi hồ sơ"), prepared.printers, parent=self,
                                    pages=prepared.pages)

        title = self.tr("Sổ theo dõi hồ sơ")

        flt, newest = self.model.filter, self.newest_first.isChecked()
        self._log_access("view", "logbook.preview", flt, newest)  # every page on screen

        def sent(used: str) -> None:
            self.message_changed.emit(self.tr("Đã gửi sổ theo dõi tới máy in %1.").replace("%1", used))
            self._log_access("print", "logbook", flt, newest)

        def send(printer: str) -> None:  # spooled on a worker; the outcome comes back as a message
            self.ctx.tasks.run(lambda: QtPrinterSink().print_pdf(data, printer or None, title),
                               on_done=sent,
                               on_error=lambda exc: self.message_changed.emit(print_error_message(exc)))

        dialog.print_requested.connect(send)
        dialog.save_requested.connect(lambda path: self._save_pdf(data, path))
        dialog.finished.connect(dialog.deleteLater)
        self.preview_dialog = dialog
        dialog.open()

    def _save_pdf(self, data: bytes, path: str) -> None:
        from ui.printing.controller import PrintController

        try:
            written = PrintController.save_pdf(data, path)
        except OSError as exc:  # open in a PDF reader (Windows), a folder that cannot be written
            from shiboken6 import isValid

            from ui.file_saving import cannot_save_text, offer_another_name

            self.message_changed.emit(cannot_save_text(path, exc))
            preview = self.preview_dialog
            parent = preview if preview is not None and isValid(preview) and preview.isVisible() else self
            offer_another_name(parent, path, exc, lambda other: self._save_pdf(data, other),
                               file_filter=self.tr("Tệp PDF (*.pdf)"))
            return
        self.message_changed.emit(self.tr("Đã lưu sổ theo dõi thành tệp %1.").replace("%1", str(written)))
        self._log_access("print", "logbook.pdf", self.model.filter, self.newest_first.isChecked())

    def _log_access(self, action: str, form: str, flt, newest: bool) -> None:
        """Log (on the writer thread, never failing) an access to every dossier the book carried."""
        from counter_app.store.pii_access import record_listing
        from ui.logbook.export import PRINT_MAX_ROWS, XLSX_MAX_ROWS

        limit = XLSX_MAX_ROWS if form.endswith(".xlsx") else PRINT_MAX_ROWS
        store, officer, now = self.ctx.store, self.ctx.officer_id, self.clock()
        self.ctx.tasks.write(lambda: record_listing(store, flt, action, officer_id=officer, form=form, now=now,
                                                    limit=limit, newest_first=newest))

    def _export_failed(self, exc: Exception, path: Path) -> None:
        if not isinstance(exc, OSError):
            self._failed(exc)
            return
        from ui.file_saving import cannot_save_text, offer_another_name

        self.message_changed.emit(cannot_save_text(path, exc))
        offer_another_name(self, path, exc, lambda other: self.export_to(Path(other)), file_filter="Excel (*.xlsx)")

    def _failed(self, exc: Exception) -> None:
        self.print_button.setEnabled(True)
        self.message_changed.emit(error_text(exc))

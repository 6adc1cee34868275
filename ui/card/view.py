"""The dossier card page: opened by a scan or by the "Nhập mã hồ sơ" field; shows the dossier and
one button per action allowed from its status; in batch mode, scans fill a hand-over list that
is handed over in one go with one hand-over list; each dossier's control sheet prints from its card."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.clock import now_vn
from counter_app.domain.enums import DossierStatus
from counter_app.domain.errors import CounterError, ValidationFailed
from counter_app.domain.lifecycle import Action
from counter_app.services import actions, editing, printing
from counter_app.store import lookup as lookup_service
from counter_app.store import pii_access
from counter_app.store.lookup import DossierCard
from ui.card.access_model import AccessTableModel
from ui.card.dialogs import ActionDialog
from ui.card.edit_dialog import EditDialog
from ui.card.history_model import HistoryTableModel
from ui.card.labels import action_label, due_text, form_label
from ui.code_field import CodeLineEdit
from ui.context import AppContext
from ui.messages import error_text, status_text

#: Action buttons per row on the card.
ACTIONS_PER_ROW = 4


class CardView(QWidget):
    """Signals: ``card_shown(object DossierCard)``, ``action_done(object ActionResult)``,
    ``message_changed(str)``, ``print_requested(str job_id, str kind)`` (a form was queued),
    ``edited(object EditResult)`` (a correction after receipt was saved), ``batch_handed_over(object
    BatchResult)``.

    Failures of the slips it asked for are shown by :meth:`print_failed` (connected to the
    print controller's ``job_failed``)."""

    card_shown = Signal(object)
    action_done = Signal(object)
    message_changed = Signal(str)
    print_requested = Signal(str, str)
    edited = Signal(object)
    batch_handed_over = Signal(object)

    def __init__(self, ctx: AppContext, *, clock: Callable[[], datetime] = now_vn,
                 alert: Callable[[], None] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.alert = alert or QApplication.beep
        self.card: DossierCard | None = None
        self.dialog: ActionDialog | None = None
        self.edit_dialog: EditDialog | None = None
        self.edit_button: QPushButton | None = None
        self.control_button: QPushButton | None = None
        self.batch_cards: list[DossierCard] = []
        self.buttons: dict[Action, QPushButton] = {}
        self.print_jobs: set[str] = set()  # the slips this page asked to print

        self.code_field = CodeLineEdit()  # no Vietnamese IME composing a code
        self.code_field.setPlaceholderText(self.tr("Nhập mã hồ sơ (khi nhãn mã vạch bị hỏng) rồi nhấn Enter"))
        self.code_field.returnPressed.connect(lambda: self.open_code(self.code_field.text()))
        open_button = QPushButton(self.tr("Mở hồ sơ"))
        open_button.clicked.connect(lambda: self.open_code(self.code_field.text()))
        self.batch_mode = QCheckBox(self.tr("Bàn giao theo lô (quét liên tiếp rồi in danh sách bàn giao)"))
        self.batch_mode.toggled.connect(self._batch_toggled)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Nhập mã hồ sơ")))
        top.addWidget(self.code_field, 1)
        top.addWidget(open_button)
        top.addWidget(self.batch_mode)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.header = QLabel()
        self.header.setStyleSheet("font-size: 15pt; font-weight: bold")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.due = QLabel()
        self.due.setStyleSheet("font-weight: bold")
        self.documents = QLabel()
        self.documents.setObjectName("documents")
        self.documents.setTextFormat(Qt.TextFormat.RichText)
        self.documents.setWordWrap(True)
        info = QFormLayout()
        info.addRow(self.tr("Thời hạn"), self.due)
        info.addRow(self.tr("Thành phần hồ sơ"), self.documents)
        self.digitise_button = QPushButton(self.tr("Số hóa thành phần hồ sơ…"))
        self.digitise_button.clicked.connect(self.request_digitise)
        info.addRow("", self.digitise_button)
        self.digitise_dialog = None
        self.actions_box = QGridLayout()  # rows of ACTIONS_PER_ROW: the page fits a 1280-pixel screen
        self.actions_box.setColumnStretch(ACTIONS_PER_ROW, 1)
        self.history = HistoryTableModel(self)
        table = QTableView()
        table.setModel(self.history)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        # Who viewed, printed, exported or erased this dossier's personal data (NĐ 13/2023).
        self.access = AccessTableModel(self)
        self.access_table = access_table = QTableView()
        access_table.setObjectName("access_log")
        access_table.setModel(self.access)
        access_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        access_table.horizontalHeader().setStretchLastSection(True)
        access_table.verticalHeader().hide()
        self.access_box = QGroupBox(self.tr("Nhật ký truy cập dữ liệu cá nhân"))
        self.access_box.setCheckable(True)  # folded away until asked for: the history comes first
        self.access_box.setChecked(False)
        self.access_box.toggled.connect(access_table.setVisible)
        access_table.setVisible(False)
        QVBoxLayout(self.access_box).addWidget(access_table)
        self.card_box = QWidget()
        card_layout = QVBoxLayout(self.card_box)
        card_layout.addWidget(self.header)
        card_layout.addWidget(self.details)
        card_layout.addLayout(info)
        card_layout.addLayout(self.actions_box)
        card_layout.addWidget(QLabel(self.tr("Quá trình xử lý")))
        card_layout.addWidget(table, 1)
        card_layout.addWidget(self.access_box)
        self.card_box.hide()

        self.batch_box = self._build_batch()
        self.batch_box.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.batch_box)
        layout.addWidget(self.card_box, 1)

    def _build_batch(self) -> QGroupBox:
        box = QGroupBox(self.tr("Danh sách bàn giao"))
        self.batch_list = QListWidget()
        self.batch_department = QLineEdit()
        self.batch_department.setPlaceholderText(self.tr("Phòng chuyên môn nhận hồ sơ"))
        self.batch_submit = QPushButton(self.tr("Bàn giao và in danh sách bàn giao"))
        self.batch_submit.clicked.connect(self.submit_batch)
        clear = QPushButton(self.tr("Xoá danh sách"))
        clear.clicked.connect(self.clear_batch)
        row = QHBoxLayout()
        row.addWidget(self.batch_department, 1)
        row.addWidget(self.batch_submit)
        row.addWidget(clear)
        layout = QVBoxLayout(box)
        layout.addWidget(self.batch_list)
        layout.addLayout(row)
        return box

    # -- messages -----------------------------------------------------------------------

    def show_message(self, text: str, *, error: bool = False, beep: bool = True) -> None:
        """One line under the code field (red, with a beep unless already given, for errors)."""
        self.message.setStyleSheet("color: #b00020" if error else "color: #1b5e20")
        self.message.setText(text)
        if error and beep:
            self.alert()
        self.message_changed.emit(text)

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, CounterError) else self.tr("Lỗi không mong đợi: %1").replace("%1", error_text(exc))
        self.show_message(text, error=True)

    def print_failed(self, job_id: str, message: str) -> None:
        """A slip this page asked for did not print (it stays in the queue of unprinted slips)."""
        if job_id not in self.print_jobs:
            return  # another page's slip: that page says so
        self.print_jobs.discard(job_id)
        self.show_message(self.tr("Chưa in được phiếu (%1); phiếu vẫn nằm trong danh sách phiếu chưa in.")
                          .replace("%1", message), error=True)

    def _request_print(self, job_id: str, kind: str) -> None:
        self.print_jobs.add(job_id)
        self.print_requested.emit(job_id, kind)

    def show_rejected_scan(self, message: str) -> None:
        """A scan that is not a dossier code (the scanner already beeped)."""
        self.show_message(message, error=True, beep=False)

    # -- opening ------------------------------------------------------------------------

    def open_code(self, raw: str) -> None:
        """Look up *raw* (scanned or typed) and show its card, or add it to the batch."""
        store, now = self.ctx.store, self.clock()
        self.ctx.tasks.run(lambda: lookup_service.lookup(store, raw, now=now),
                           on_done=self._looked_up, on_error=self._failed)

    def reload(self) -> None:
        """Read the shown dossier again."""
        if self.card is not None:
            store, code, now = self.ctx.store, self.card.code, self.clock()
            self.ctx.tasks.run(lambda: lookup_service.lookup(store, code, now=now),
                               on_done=self.show_card, on_error=self._failed)
            self.load_access()

    def _looked_up(self, card: DossierCard) -> None:
        self.code_field.clear()
        if self.batch_mode.isChecked():
            self.add_to_batch(card)
        else:
            self.message.clear()
            self.show_card(card)
            self._record_view(card)

    def _record_view(self, card: DossierCard) -> None:
        """Log that the signed-in officer opened this dossier's card (its own small write on the
        writer thread, never failing the card), then show the access log with that line."""
        store, officer, dossier_id = self.ctx.store, self.ctx.officer_id, card.id

        def record():
            pii_access.record_access(store, dossier_id, pii_access.AccessAction.VIEW, officer_id=officer, form="card")
            return pii_access.access_log(store, dossier_id)

        self.ctx.tasks.write(record, on_done=lambda rows: self._show_access(dossier_id, rows), on_error=self._failed)

    def load_access(self) -> None:
        """Read the shown dossier's access log again."""
        if self.card is not None:
            store, dossier_id = self.ctx.store, self.card.id
            self.ctx.tasks.run(lambda: pii_access.access_log(store, dossier_id),
                               on_done=lambda rows: self._show_access(dossier_id, rows), on_error=self._failed)

    def _show_access(self, dossier_id: str, rows) -> None:
        if self.card is not None and self.card.id == dossier_id:
            self.access.set_rows(rows)

    def show_card(self, card: DossierCard) -> None:
        """Fill the card with *card* and make one button per allowed action."""
        self.card = card
        self.header.setText(f"{card.code} — {status_text(card.status)}")
        who = card.applicant_name + (f" ({card.representative_name})" if card.representative_name else "")
        if not card.applicant_name and not card.id_number:  # erased after the retention period
            who = self.tr("(dữ liệu cá nhân đã xoá khi hết thời hạn lưu trữ)")
        self.details.setText(
            self.tr("Người nộp: %1 · Số giấy tờ: %2 · Điện thoại: %3\nThủ tục: %4 – %5\n"
                    "Tiếp nhận: %6 · Hẹn trả: %7")
            .replace("%1", who).replace("%2", card.id_number).replace("%3", card.phone or "—")
            .replace("%4", card.procedure_code).replace("%5", card.procedure_name)
            .replace("%6", card.received_at.strftime("%H:%M %d/%m/%Y"))
            .replace("%7", self._appointment(card))
        )
        self.due.setText(due_text(card.due, card.result_timing))
        self.documents.setText(self._documents_html(card))
        self.history.set_rows(card.history)
        while self.actions_box.count():
            item = self.actions_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = {}
        for number, action in enumerate(card.allowed_actions, start=1):
            # Alt+1…9 from anywhere on the page; Enter or Space on the focused one.
            label = action_label(action) + (f" (Alt+{number})" if number <= 9 else "")
            button = QPushButton(label)
            button.setAutoDefault(True)
            if number <= 9:
                button.setShortcut(QKeySequence(f"Alt+{number}"))
            button.clicked.connect(lambda _=False, a=action: self.request_action(a))
            self._add_action_button(button)
            self.buttons[action] = button
        self.control_button = None
        if card.status not in (DossierStatus.NEW, DossierStatus.REFUSED):  # received: its control sheet prints at any step
            self.control_button = QPushButton(self.tr("In phiếu kiểm soát"))
            self.control_button.setToolTip(self.tr("Phiếu kiểm soát quá trình giải quyết hồ sơ, theo các bước đã ghi"))
            self.control_button.clicked.connect(self.print_control_sheet)
            self._add_action_button(self.control_button)
        self.edit_button = None
        if not card.status.is_finished:
            self.edit_button = QPushButton(self.tr("Sửa hồ sơ…"))
            self.edit_button.clicked.connect(self.request_edit)
            self._add_action_button(self.edit_button)
        self.card_box.show()
        first = next(iter(self.buttons.values()), None)
        if first is not None and self.isVisible() and not self.batch_mode.isChecked():
            first.setFocus()  # the likeliest next step is one key away (Enter or Space)
        self.card_shown.emit(card)

    def _add_action_button(self, button: QPushButton) -> None:
        n = self.actions_box.count()
        self.actions_box.addWidget(button, n // ACTIONS_PER_ROW, n % ACTIONS_PER_ROW)

    def print_control_sheet(self) -> None:
        """Queue the shown dossier's control sheet, filled from its history, and print it."""
        if self.card is None:
            return
        store, officer, code = self.ctx.store, self.ctx.officer_id, self.card.code

        def queue() -> str:
            return printing.queue_form(store, "control", code, officer)

        self.ctx.tasks.write(queue, on_done=lambda job_id: self._request_print(job_id, "control"),
                             on_error=self._failed)

    def _appointment(self, card: DossierCard) -> str:
        """The appointment, or why there is none: while a supplement is awaited the clock is
        stopped and the appointment moves when the dossier is complete."""
        if card.status is DossierStatus.SUPPLEMENT_REQUESTED:
            return self.tr("chưa có (chờ bổ sung; hẹn lại khi nhận đủ hồ sơ)")
        if card.status is DossierStatus.REFUSED:
            return "—"
        return card.due_at.strftime("%H:%M %d/%m/%Y")

    def _documents_html(self, card: DossierCard) -> str:
        """The documents, numbered, with their form and count; those not handed in marked in red;
        those handed in say whether they are digitised (số hóa) yet."""
        lines = []
        for i, doc in enumerate(card.documents, 1):
            line = html.escape(f"{i}. {doc.name} ({form_label(doc.form)}, {doc.count})")
            if doc.handed_in and doc.digitised:
                line += " — " + html.escape(self.tr("đã số hóa (%n trang)", "", doc.scan_pages))
            elif doc.handed_in:
                line += f' — <span style="color:#8a5a00">{html.escape(self.tr("chưa số hóa"))}</span>'
            if not doc.handed_in:
                line = (f'<span style="color:#b00020">{line} — <b>{html.escape(self.tr("chưa nộp"))}</b></span>')
            lines.append(line)
        return "<br>".join(lines)

    def request_digitise(self) -> None:
        """Open the digitising dialog (ui.card.scan_dialog) for the shown dossier."""
        if self.card is None:
            return
        from ui.card.scan_dialog import open_digitise

        open_digitise(self.ctx, self.card.code, self.clock(), self, lambda _result: self.reload(), self._failed)

    # -- actions ------------------------------------------------------------------------

    def request_action(self, action: Action) -> None:
        """Open the dialog of *action* for the shown dossier (non-blocking)."""
        if self.card is None:
            return
        self.dialog = ActionDialog(action, self.card, self)
        self.dialog.accepted.connect(self._dialog_accepted)
        self.dialog.open()

    def _dialog_accepted(self) -> None:
        dialog, card = self.dialog, self.card
        if dialog is None or card is None:
            return
        inputs, store, officer, now = dialog.inputs(), self.ctx.store, self.ctx.officer_id, self.clock()

        def run():
            return actions.perform(store, dialog.action, card.code, officer, now=now,
                                   expected_version=card.version, **inputs)

        def failed(exc):
            if isinstance(exc, ValidationFailed):  # let the officer correct the inputs
                dialog.set_error(error_text(exc))
                dialog.open()
            self._failed(exc)

        self.ctx.tasks.write(run, on_done=self._action_done, on_error=failed)

    def _action_done(self, result: actions.ActionResult) -> None:
        self.dialog = None
        self.show_message(self.tr("Đã ghi nhận: %1 – hồ sơ %2.").replace("%1", action_label(result.action))
                          .replace("%2", result.code))
        if result.job_id:
            kinds = {Action.APOLOGISE: "apology", Action.STOP: "stop"}
            self._request_print(result.job_id, kinds.get(result.action, "supplement"))
        self.action_done.emit(result)
        self.reload()

    # -- editing after receipt ----------------------------------------------------------

    def request_edit(self) -> None:
        """Read the shown dossier's editable fields, then open the edit dialog (non-blocking)."""
        if self.card is None:
            return
        store, code = self.ctx.store, self.card.code
        self.ctx.tasks.run(lambda: editing.editable_dossier(store, code), on_done=self._open_edit,
                           on_error=self._failed)

    def _open_edit(self, current: editing.EditableDossier) -> None:
        if current.finished:
            self.show_message(self.tr("Hồ sơ %1 đã kết thúc, không thể sửa.").replace("%1", current.code), error=True)
            return
        self.edit_dialog = EditDialog(current, today=self.clock().date(), parent=self)
        self.edit_dialog.submitted.connect(self._edit_submitted)
        self.edit_dialog.open()

    def _edit_submitted(self, changes: dict, reason: str, reissue: bool) -> None:
        dialog = self.edit_dialog
        if dialog is None:
            return
        store, officer, now, version = self.ctx.store, self.ctx.officer_id, self.clock(), dialog.current.version
        code = dialog.current.code

        def run():
            return editing.edit_after_receipt(store, code, officer, changes, reason=reason, reissue_slip=reissue,
                                              now=now, expected_version=version)

        def failed(exc: BaseException) -> None:
            dialog.show_failure(exc)
            self._failed(exc)

        self.ctx.tasks.write(run, on_done=self._edit_done, on_error=failed)

    def _edit_done(self, result: editing.EditResult) -> None:
        if self.edit_dialog is not None:
            self.edit_dialog.finish()
        self.edit_dialog = None
        self.show_message(self.tr("Đã sửa hồ sơ %1.").replace("%1", result.code))
        if result.print_job_id:
            self._request_print(result.print_job_id, "receipt")
        self.edited.emit(result)
        self.reload()

    # -- batch hand-over ----------------------------------------------------------------

    def _batch_toggled(self, on: bool) -> None:
        self.batch_box.setVisible(on)
        self.card_box.setVisible(not on and self.card is not None)

    def add_to_batch(self, card: DossierCard) -> None:
        """Add a scanned dossier to the hand-over list (refused when it cannot be handed over)."""
        if any(c.code == card.code for c in self.batch_cards):
            self.show_message(self.tr("Hồ sơ %1 đã có trong danh sách.").replace("%1", card.code), error=True)
            return
        if Action.HAND_OVER not in card.allowed_actions:
            self.show_message(self.tr("Hồ sơ %1 đang ở trạng thái “%2”, không thể bàn giao.")
                              .replace("%1", card.code).replace("%2", status_text(card.status)), error=True)
            return
        self.batch_cards.append(card)
        self.batch_list.addItem(f"{card.code} — {card.applicant_name} — {card.procedure_name}")
        self.show_message(self.tr("Đã thêm hồ sơ %1 (%2 hồ sơ).").replace("%1", card.code)
                          .replace("%2", str(len(self.batch_cards))))

    def clear_batch(self) -> None:
        self.batch_cards.clear()
        self.batch_list.clear()

    def submit_batch(self) -> None:
        """Hand the listed dossiers over in one transaction and queue one hand-over list."""
        codes = [c.code for c in self.batch_cards]
        store, officer, dept, now = self.ctx.store, self.ctx.officer_id, self.batch_department.text(), self.clock()
        self.ctx.tasks.write(lambda: actions.hand_over_batch(store, codes, officer, department=dept, now=now),
                             on_done=self._batch_done, on_error=self._failed)

    def _batch_done(self, batch: actions.BatchResult) -> None:
        self.show_message(self.tr("Đã bàn giao %1 hồ sơ; danh sách bàn giao đã vào hàng đợi in.")
                          .replace("%1", str(len(batch.results))))
        self.clear_batch()
        self._request_print(batch.job_id, "handover")
        self.batch_handed_over.emit(batch)

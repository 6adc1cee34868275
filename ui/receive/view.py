"""The receive screen (keyboard first): Ctrl+Enter saves and prints, Esc clears for the next person.

Other keys: Ctrl+B supplement request (unticked documents are what is missing), Ctrl+R refusal
(with the reason typed in "Lý do"), Ctrl+L folder label, Ctrl+P print the last slip again,
Ctrl+Shift+P preview it, Ctrl+Shift+S save it as PDF. A CCCD card QR code scanned while the
page is shown, wherever the focus is (the scanner filter hands it over whole), or typed into
any field (a line of "|"-separated fields ended by Enter) fills the applicant's details.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QSpinBox,
    QVBoxLayout, QWidget,
)

from counter_app.domain.catalogue import ProcedureSpec
from counter_app.domain.clock import now_vn
from counter_app.domain.drafts import DossierDraft, FeeInputs
from counter_app.domain.enums import Channel, IdentityCheck, IdKind, ResultDelivery
from counter_app.domain.errors import CounterError, ValidationFailed
from counter_app.domain.fees import PER_COPY, PER_PAGE_TIERED, compute_fee, format_vnd
from counter_app.domain.validation import validate_draft
from ui.context import AppContext
from ui.printing.controller import PrintController
from ui.printing.queue_view import PrintQueueView
from ui.printing.sinks import PrinterSink
from ui.receive.applicant_form import ERROR_STYLE, ApplicantForm
from ui.receive.checklist import DocumentChecklist
from ui.receive.procedure_picker import ProcedurePicker
from ui.receive.slip_actions import SlipActions
from ui.messages import error_text, field_texts

if TYPE_CHECKING:
    from counter_app.services.counter_outcomes import CounterOutcome

# The store's modules (SQLAlchemy, the catalogue, the calendar) are imported inside the jobs,
# on a worker once the store is open, so that the page paints before they load.

_SCAN_START = re.compile(r"[0-9]{12}\|")
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


def vn_time(value: datetime) -> str:
    """'HH giờ mm phút, ngày dd tháng MM năm yyyy', as the forms write times."""
    return f"{value:%H} giờ {value:%M} phút, ngày {value:%d} tháng {value:%m} năm {value:%Y}"


class ReceiveView(QWidget):
    """Receives a dossier at the counter and prints its slip.

    Signals: ``dossier_saved(object CounterOutcome)``, ``save_failed(str message)``,
    ``busy_changed(bool)``, ``scan_applied(bool ok)``, ``cleared()``.
    """

    dossier_saved = Signal(object)
    save_failed = Signal(str)
    busy_changed = Signal(bool)
    scan_applied = Signal(bool)
    cleared = Signal()

    def __init__(self, ctx: AppContext, sink: PrinterSink | None = None,
                 clock: Callable[[], datetime] = now_vn, printing: PrintController | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.printing = printing or PrintController(ctx, sink, parent=self)
        self.calendar = None
        self.busy = False
        self.last_outcome: CounterOutcome | None = None
        self.clear_box: QMessageBox | None = None

        self.picker = ProcedurePicker(ctx)
        self.procedure_error = self._error_label()
        self.checklist = DocumentChecklist()
        self.documents_error = self._error_label()
        self.sets = self._spin(1, 99)
        self.copies = self._spin(1, 999)
        self.pages = self._spin(1, 9999)
        self.channel = QComboBox()
        for value, label in ((Channel.COUNTER, "Trực tiếp tại quầy"), (Channel.POST, "Qua bưu chính"),
                             (Channel.ONLINE, "Trực tuyến")):
            self.channel.addItem(self.tr(label), value)
        self.delivery = QComboBox()
        for value, label in ((ResultDelivery.COUNTER, "Tại Bộ phận Một cửa"),
                             (ResultDelivery.POST, "Qua dịch vụ bưu chính")):
            self.delivery.addItem(self.tr(label), value)
        self.note = QLineEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Lý do từ chối, hoặc nội dung cần bổ sung thêm"))
        self.options_error = self._error_label()
        self.form = ApplicantForm()
        self.fee_label = QLabel()
        self.appointment_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.print_status = QLabel()
        for label in (self.fee_label, self.appointment_label, self.print_status):
            label.setWordWrap(True)  # a long fee detail or printer message wraps, never widens the window
        self.queue = PrintQueueView(self.printing)
        self.slips = SlipActions(self)
        self._build_layout()
        self._wire()
        self.reload_calendar()
        self.queue.refresh()
        if not ctx.store_ready:  # the form is usable now; the lists fill once the store is open
            self.message.setText(self.tr("Đang mở dữ liệu…"))
            ctx.when_store_ready(self._store_opened)

    def focus_start(self) -> None:
        """Put the cursor where a receive starts: the procedure search."""
        self.picker.search.setFocus()

    def _store_opened(self) -> None:
        if self.message.text() == self.tr("Đang mở dữ liệu…"):
            self.message.clear()

    # --- construction -----------------------------------------------------------------------
    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        return label

    def _spin(self, low: int, high: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.valueChanged.connect(lambda _v: self._refresh_live())
        return box

    def _build_layout(self) -> None:
        options = QFormLayout()
        options.addRow(self.tr("Số bộ hồ sơ"), self.sets)
        self.copies_label, self.pages_label = QLabel(self.tr("Số bản")), QLabel(self.tr("Số trang mỗi bản"))
        options.addRow(self.copies_label, self.copies)
        options.addRow(self.pages_label, self.pages)
        options.addRow(self.tr("Hình thức nộp"), self.channel)
        options.addRow(self.tr("Nơi nhận kết quả"), self.delivery)
        options.addRow(self.tr("Ghi chú"), self.note)
        options.addRow(self.tr("Lý do"), self.reason)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("<b>Thủ tục</b>")))
        left.addWidget(self.picker)
        left.addWidget(self.procedure_error)
        left.addWidget(QLabel(self.tr("<b>Thành phần hồ sơ</b> (Space: đánh dấu đã nhận)")))
        left.addWidget(self.checklist, 1)
        left.addWidget(self.documents_error)
        left.addLayout(options)
        left.addWidget(self.options_error)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("<b>Người nộp hồ sơ</b>")))
        right.addWidget(self.form)
        right.addWidget(self.fee_label)
        right.addWidget(self.appointment_label)
        right.addWidget(self.message)
        right.addWidget(self.print_status)
        right.addWidget(self.slips.button_bar())
        right.addWidget(QLabel(self.tr("<b>Phiếu chưa in</b>")))
        right.addWidget(self.queue, 1)
        columns = QHBoxLayout(self)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Tab follows a receive: procedure, its documents, the applicant top to bottom, then
        the options; Up/Down move through the matches from the search, so Tab skips the list."""
        self.picker.matches.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        form = self.form
        chain = [self.picker.search, self.checklist, form.kind, form.id_kind,
                 *(form.edits[f] for f in form.FIELDS),
                 self.sets, self.copies, self.pages, self.channel, self.delivery, self.note, self.reason]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _wire(self) -> None:
        self.picker.spec_chosen.connect(self._spec_chosen)
        self.checklist.lines_changed.connect(self._refresh_live)
        self.form.changed.connect(self._refresh_live)
        self.form.id_number_valid.connect(self._look_up_applicant)
        self.channel.currentIndexChanged.connect(lambda _i: self._refresh_live())
        self.delivery.currentIndexChanged.connect(lambda _i: self._refresh_live())
        self.printing.job_printed.connect(self.slips.printed)
        self.printing.job_failed.connect(self.slips.failed)
        for widget in self.findChildren(QWidget):
            widget.installEventFilter(self)
        self._spec_chosen(None)

    def reload_calendar(self) -> None:
        """Read the working calendar (at start and after an administrator changed it) on a
        worker; the appointment shown follows it."""
        store = self.ctx.store

        def load():
            from counter_app.store.queries import work_calendar

            return work_calendar(store)

        self.ctx.tasks.run(load, on_done=self._calendar_loaded)

    def _calendar_loaded(self, calendar) -> None:
        self.calendar = calendar
        self._refresh_live()

    # --- live fees and appointment ----------------------------------------------------------
    def _spec_chosen(self, spec: ProcedureSpec | None) -> None:
        self.checklist.set_spec(spec)
        kind = spec.fee.kind if spec else None
        for widget in (self.copies_label, self.copies):
            widget.setVisible(kind in (PER_COPY, PER_PAGE_TIERED))
        for widget in (self.pages_label, self.pages):
            widget.setVisible(kind == PER_PAGE_TIERED)
        if spec:
            self.procedure_error.clear()
        self._refresh_live()

    def _refresh_live(self) -> None:
        spec = self.picker.spec
        if spec is None:
            self.fee_label.setText(self.tr("Phí, lệ phí: —"))
            self.appointment_label.setText(self.tr("Hẹn trả kết quả: —"))
            return
        try:
            fee = compute_fee(spec.fee, FeeInputs(self.copies.value(), self.pages.value()), self.sets.value())
        except ValidationFailed as exc:
            self.fee_label.setText(error_text(exc))
        else:
            self.fee_label.setText(self.tr("Phí, lệ phí: %1 (%2)").replace("%1", format_vnd(fee.amount))
                                   .replace("%2", fee.detail))
        if self.calendar is not None:
            from counter_app.store import catalogue_tables  # loaded with the calendar, on a worker

            due = catalogue_tables.appointment(self.calendar, spec, self.clock().replace(microsecond=0))
            self.appointment_label.setText(self.tr("Hẹn trả kết quả: %1").replace("%1", vn_time(due)))

    # --- the draft --------------------------------------------------------------------------
    def draft(self) -> DossierDraft:
        """The dossier as typed (not validated)."""
        spec = self.picker.spec
        form = self.form
        phone, email, rep = (form.text(f).strip() or None for f in ("phone", "email", "representative_name"))
        return DossierDraft(
            procedure_code=spec.code if spec else "",
            applicant_name=form.text("applicant_name"),
            id_number=form.text("id_number"),
            address=form.text("address"),
            applicant_kind=form.applicant_kind(),
            id_kind=form.id_kind.currentData(),
            birth_date=form.birth_date(),
            phone=phone, email=email, representative_name=rep,
            documents=self.checklist.lines(),
            sets=self.sets.value(),
            fee_inputs=FeeInputs(self.copies.value(), self.pages.value()),
            channel=self.channel.currentData(),
            result_delivery=self.delivery.currentData(),
            note=self.note.text().strip() or None,
            identity_check=form.identity_check(),
        )

    def check_draft(self) -> DossierDraft | None:
        """Validate the form on the spot; show every message and return None when refused."""
        errors: dict[str, str] = {}
        draft = self.draft()
        try:
            validate_draft(draft, now=self.clock())
        except ValidationFailed as exc:
            errors = field_texts(exc)
        if self.form.text("birth_date").strip() and not self.form.validate_field("birth_date"):
            errors.setdefault("birth_date", self.form.message("birth_date"))
        self.show_errors(errors)
        return None if errors else draft

    def show_errors(self, errors: dict[str, str]) -> None:
        self.form.show_errors(errors)
        self.procedure_error.setText(errors.get("procedure_code", ""))
        self.documents_error.setText(errors.get("documents", ""))
        self.options_error.setText("\n".join(
            errors[f] for f in ("sets", "fee_inputs.copies", "fee_inputs.pages", "note", "channel",
                                "result_delivery", "received_at") if f in errors))
        if errors:
            self.message.setText(self.tr("Chưa lưu: hãy sửa %n mục được báo đỏ.", "", len(errors)))

    def has_input(self) -> bool:
        """True when something was typed or chosen that is not saved."""
        return bool(self.form.dirty or self.picker.spec or self.picker.search.text().strip()
                    or self.note.text().strip() or self.reason.text().strip())

    # --- keyboard ---------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(obj, event)
        key, mods = event.key(), event.modifiers()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and mods & _CTRL:
            self.save_and_print()
            return True
        if enter and isinstance(obj, QLineEdit) and "|" in obj.text():
            self._route_scan(obj)
            return True
        if key == Qt.Key.Key_Escape and not mods:
            self.request_clear()
            return True
        if mods & _CTRL and self.slips.handle_key(key, bool(mods & _SHIFT)):
            return True
        if enter and isinstance(obj, QLineEdit) and obj is not self.picker.search:
            self.focusNextChild()
            return True
        return super().eventFilter(obj, event)

    # --- CCCD card scan ---------------------------------------------------------------------
    def _route_scan(self, field: QLineEdit) -> None:
        text = field.text()
        match = _SCAN_START.search(text)  # the card's 12-digit number starts the scan
        if match:
            start = match.start()
        else:  # not a well-formed card number: take the digits just before the first "|"
            start = text.index("|")
            while start and text[start - 1].isdigit():
                start -= 1
        field.setText(text[:start])
        self.apply_cccd_scan(text[start:])

    def apply_scanned_card(self, scanned: str) -> bool:
        """Fill the applicant from a whole scanned QR burst (the scanner's prefix, if any, is
        skipped: the card's content starts at its 12-digit number)."""
        match = _SCAN_START.search(scanned)
        return self.apply_cccd_scan(scanned[match.start():] if match else scanned)

    def apply_cccd_scan(self, content: str) -> bool:
        """Fill the applicant from a card's QR content; refuse a malformed one with a message."""
        from counter_app.domain.cccd_qr import parse_cccd_qr  # on the first scan, not before the paint

        try:
            card = parse_cccd_qr(content, today=self.clock().date())
        except ValidationFailed as exc:
            self.form.kind_error.setText(error_text(exc))
            self.message.setText(error_text(exc))
            self.scan_applied.emit(False)
            return False
        self.form.fill(applicant_kind="person", id_kind=IdKind.CCCD, applicant_name=card.full_name,
                       id_number=card.id_number, birth_date=card.birth_date, address=card.address)
        self.form.kind_error.clear()
        self.form.identity.setCurrentIndex(self.form.identity.findData(IdentityCheck.CCCD_QR))
        self.message.setText(self.tr("Đã đọc thông tin từ CCCD của %1.").replace("%1", card.full_name or card.id_number))
        self.scan_applied.emit(True)
        return True

    # --- returning applicant ----------------------------------------------------------------
    def _look_up_applicant(self, id_number: str) -> None:
        if self.form.text("applicant_name").strip():
            return
        store = self.ctx.store

        def find():
            from counter_app.services.counter_outcomes import find_returning_applicant

            return find_returning_applicant(store, id_number)

        self.ctx.tasks.run(find, on_done=lambda found: self._fill_returning(id_number, found))

    def _fill_returning(self, id_number: str, found) -> None:
        if found is None or self.form.text("id_number").strip() != id_number:
            return
        if self.form.text("applicant_name").strip():
            return
        self.form.fill(applicant_kind=found.applicant_kind, id_kind=found.id_kind,
                       applicant_name=found.applicant_name, birth_date=found.birth_date,
                       phone=found.phone, email=found.email, address=found.address,
                       representative_name=found.representative_name)
        self.message.setText(self.tr("Người nộp đã từng nộp hồ sơ %1: đã điền lại thông tin.")
                             .replace("%1", found.last_code))

    # --- save -------------------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.slips.set_enabled(not busy)
        self.busy_changed.emit(busy)

    def save_and_print(self) -> bool:
        """Ctrl+Enter: validate, commit on the writer thread, then print the receipt."""
        return self.slips.submit("receipt")

    def _saved(self, outcome: CounterOutcome) -> None:
        self.last_outcome = outcome
        self.set_busy(False)
        self.clear_form()
        self.message.setText(self.saved_message(outcome))
        self.dossier_saved.emit(outcome)
        self.slips.print_outcome(outcome)

    def saved_message(self, outcome: CounterOutcome) -> str:
        """What the screen says of a saved dossier: an appointment only for a received one (a
        supplement request stops the clock: the appointment is set when the dossier is complete)."""
        if outcome.slip_kind == "supplement":
            return self.tr("Đã lưu hồ sơ %1, chờ bổ sung: đang in phiếu yêu cầu bổ sung (Mẫu 02). "
                           "Chưa có hẹn trả kết quả; hẹn được tính khi người nộp bổ sung đủ.").replace("%1", outcome.code)
        if outcome.slip_kind == "refusal":
            return self.tr("Đã ghi nhận từ chối tiếp nhận hồ sơ %1: đang in phiếu từ chối (Mẫu 03).") \
                .replace("%1", outcome.code)
        return self.tr("Đã lưu hồ sơ %1 — hẹn trả %2.").replace("%1", outcome.code) \
            .replace("%2", vn_time(outcome.due_at))

    def _save_failed(self, exc: Exception) -> None:
        self.set_busy(False)
        if isinstance(exc, ValidationFailed):
            self.show_errors(field_texts(exc))
        message = error_text(exc) if isinstance(exc, CounterError) else self.tr("Lỗi khi lưu: %1").replace("%1", error_text(exc))
        self.message.setText(message)
        self.save_failed.emit(message)

    # --- clearing ---------------------------------------------------------------------------
    def request_clear(self) -> None:
        """Esc: clear for the next person, asking first when there is unsaved input."""
        if not self.has_input():
            self.clear_form()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Xóa thông tin đang nhập"),
                          self.tr("Thông tin đang nhập chưa được lưu. Xóa để tiếp nhận người tiếp theo?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda result: self._clear_answered(box, result))
        self.clear_box = box
        box.open()

    def _clear_answered(self, box: QMessageBox, _result: int) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self.clear_form()
        self.clear_box = None
        box.deleteLater()

    def clear_form(self) -> None:
        """Empty the form for the next person."""
        self.picker.clear()
        self.form.clear()
        for box in (self.sets, self.copies, self.pages):
            box.setValue(1)
        self.channel.setCurrentIndex(0)
        self.delivery.setCurrentIndex(0)
        self.note.clear()
        self.reason.clear()
        self.show_errors({})
        self.message.clear()
        self.picker.search.setFocus()
        self.cleared.emit()

"""The receive screen's slip actions: save (receipt, supplement, refusal), label, print, preview."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from ui.printing.sinks import available_printers
from ui.messages import error_text

if TYPE_CHECKING:
    from counter_app.services.counter_outcomes import CounterOutcome
    from ui.printing.preview import PrintPreviewDialog

NOT_PRINTED_STYLE = "color: #b00020; font-weight: bold;"


def _outcomes():
    """The counter's services (SQLAlchemy), imported in the job, on the writer thread."""
    from counter_app.services import counter_outcomes

    return counter_outcomes


@dataclass(frozen=True)
class SlipJob:
    """The last slip the screen sent to the printer."""

    job_id: str
    kind: str
    dossier_id: str
    code: str


class SlipActions(QObject):
    """Buttons and shortcuts of the slips. Signals: ``print_finished(str job_id, bool ok)``,
    ``saved_pdf(str path)``."""

    print_finished = Signal(str, bool)
    saved_pdf = Signal(str)

    KEYS = {  # Ctrl+key (shift?) -> action
        (Qt.Key.Key_B, False): "supplement",
        (Qt.Key.Key_R, False): "refusal",
        (Qt.Key.Key_L, False): "label",
        (Qt.Key.Key_P, False): "reprint",
        (Qt.Key.Key_P, True): "preview",
        (Qt.Key.Key_S, True): "save_pdf",
        (Qt.Key.Key_D, False): "digitise",
    }

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.last_job: SlipJob | None = None
        self.last_printed = False
        self.buttons: dict[str, QPushButton] = {}
        self.printers = available_printers  # () -> the printers the preview offers
        self.preview_dialog: PrintPreviewDialog | None = None

    def button_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        for name, text, slot in (
            ("receipt", self.tr("Lưu và in (Ctrl+Enter)"), lambda: self.submit("receipt")),
            ("supplement", self.tr("Yêu cầu bổ sung (Ctrl+B)"), lambda: self.submit("supplement")),
            ("refusal", self.tr("Từ chối (Ctrl+R)"), lambda: self.submit("refusal")),
            ("label", self.tr("In nhãn (Ctrl+L)"), self.print_label),
            ("reprint", self.tr("In lại (Ctrl+P)"), self.reprint),
            ("preview", self.tr("Xem trước (Ctrl+Shift+P)"), self.preview),
            ("digitise", self.tr("Số hóa (Ctrl+D)"), self.digitise),
        ):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys do it; Tab stays on the fields
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        return bar

    def set_enabled(self, enabled: bool) -> None:
        for name in ("receipt", "supplement", "refusal"):
            self.buttons[name].setEnabled(enabled)

    def handle_key(self, key, shift: bool) -> bool:
        action = self.KEYS.get((key, shift))
        if action is None:
            return False
        if action in ("supplement", "refusal"):
            self.submit(action)
        elif action == "save_pdf":
            self.ask_save_pdf()
        else:
            getattr(self, {"label": "print_label"}.get(action, action))()
        return True

    # --- saving -----------------------------------------------------------------------------
    def submit(self, kind: str) -> bool:
        """Validate and commit the dossier as *kind* on the writer thread; False if refused."""
        view = self.view
        if view.busy:
            return False  # one save in flight: never a duplicate dossier
        draft = view.check_draft()
        if draft is None:
            return False
        store, officer, now = view.ctx.store, view.ctx.officer_id, view.clock()
        reason = view.reason.text()
        if kind == "supplement":
            missing = view.checklist.missing()
            if not missing:
                view.documents_error.setText(self.tr(
                    "Giấy tờ cần bổ sung: bỏ đánh dấu (Space) những giấy tờ còn thiếu rồi nhấn Ctrl+B."))
                return False

            def job():
                return _outcomes().request_supplement_at_counter(store, draft, missing, reason, officer, now=now)
        elif kind == "refusal":
            if not reason.strip():
                view.options_error.setText(self.tr("Lý do từ chối: không được để trống (nhập vào ô «Lý do»)."))
                view.reason.setFocus()
                return False

            def job():
                return _outcomes().refuse_at_counter(store, draft, reason, officer, now=now)
        else:
            def job():
                return _outcomes().receive_and_queue(store, draft, officer, now=now)
        view.set_busy(True)
        view.message.setText(self.tr("Đang lưu hồ sơ…"))
        view.ctx.tasks.write(job, on_done=view._saved, on_error=view._save_failed)
        return True

    # --- printing ---------------------------------------------------------------------------
    def print_outcome(self, outcome: CounterOutcome) -> None:
        self._print(SlipJob(outcome.job_id, outcome.slip_kind, outcome.dossier_id, outcome.code))

    def _print(self, job: SlipJob, printer: str | None = None) -> None:
        self.last_job = job
        self.last_printed = False
        self.view.print_status.setStyleSheet("")
        self.view.print_status.setText(self.tr("Đang in phiếu của hồ sơ %1…").replace("%1", job.code))
        self.view.printing.print_job(job.job_id, job.kind, title=job.code, printer=printer)

    def printed(self, job_id: str, printer: str) -> None:
        if self.last_job and job_id == self.last_job.job_id:
            self.last_printed = True
            self.view.print_status.setStyleSheet("")
            self.view.print_status.setText(self.tr("Đã in phiếu của hồ sơ %1 (%2).")
                                           .replace("%1", self.last_job.code).replace("%2", printer))
        self.print_finished.emit(job_id, True)

    def failed(self, job_id: str, message: str) -> None:
        if self.last_job and job_id == self.last_job.job_id:
            self.view.print_status.setStyleSheet(NOT_PRINTED_STYLE)
            self.view.print_status.setText(
                self.tr("Chưa in — phiếu của hồ sơ %1 vẫn trong hàng đợi (%2). Nhấn Ctrl+P để in lại.")
                .replace("%1", self.last_job.code).replace("%2", message))
        self.print_finished.emit(job_id, False)

    def reprint(self) -> None:
        """Print the last slip again (the same queued job when it did not print)."""
        job = self.last_job
        if job is None:
            return
        if not self.last_printed:
            self._print(job)
            return
        self._queue_and_print(job.kind, job.dossier_id, job.code, None)  # printed "BẢN IN LẠI"

    def print_label(self) -> None:
        """Queue and print the folder label of the last saved dossier."""
        outcome = self.view.last_outcome
        if outcome is None:
            self.view.message.setText(self.tr("Chưa có hồ sơ nào vừa lưu để in nhãn."))
            return
        self._queue_and_print("label", outcome.dossier_id, outcome.code, None)

    def digitise(self) -> None:
        """Scan or attach the documents of the last saved dossier: the dossier is saved and its
        slip printed first, the scans come after (receiving never waits for the scanner)."""
        view = self.view
        outcome = view.last_outcome
        if outcome is None:
            view.message.setText(self.tr("Chưa có hồ sơ nào vừa lưu để số hóa."))
            return
        from counter_app.domain.errors import CounterError
        from ui.card.scan_dialog import open_digitise

        def saved(result) -> None:
            view.message.setText(self.tr("Đã lưu bản số hóa của hồ sơ %1 (%n trang).", "", result.pages)
                                 .replace("%1", outcome.code))

        def failed(exc: BaseException) -> None:
            view.message.setText(error_text(exc) if isinstance(exc, CounterError)
                                 else self.tr("Không mở được màn hình số hóa: %1").replace("%1", error_text(exc)))

        open_digitise(view.ctx, outcome.code, view.clock(), view, saved, failed)

    def _queue_and_print(self, kind: str, dossier_id: str, code: str, data: dict | None) -> None:
        view = self.view
        store, officer_ref, service = view.ctx.store, view.ctx.officer_id, view.printing.service

        def queue():  # the service looks the signed-in officer up itself
            return service.queue_dossier_slip(store, kind, dossier_id, officer_ref, data=data)

        view.ctx.tasks.write(queue, on_done=lambda job_id: self._print(SlipJob(job_id, kind, dossier_id, code)),
                             on_error=lambda exc: view.message.setText(error_text(exc)))

    # --- preview and PDF --------------------------------------------------------------------
    def preview(self) -> None:
        job = self.last_job
        if job is None:
            return
        self.view.printing.render_for_preview(job.job_id, job.kind, printers=self.printers,
                                              on_done=lambda result: self._open_preview(job, *result))

    def _open_preview(self, job: SlipJob, data: bytes, remembered: str | None = None,
                      prepared=None) -> PrintPreviewDialog:
        from ui.printing.preview import PrintPreviewDialog

        if prepared is None:  # pages and printers not made on a worker: make them here
            from ui.printing.preview import prepare_preview

            prepared = prepare_preview(data, self.printers)
        dialog = PrintPreviewDialog(data, job.code, prepared.printers, chosen=remembered, parent=self.view,
                                    pages=prepared.pages)
        dialog.print_requested.connect(lambda printer: self._print_chosen(job, printer, remembered))
        dialog.save_requested.connect(lambda path: self._write_pdf(data, path, job.job_id))
        dialog.finished.connect(dialog.deleteLater)
        self.preview_dialog = dialog
        dialog.open()
        return dialog

    def _print_chosen(self, job: SlipJob, printer: str, remembered: str | None = None) -> None:
        if printer and printer != remembered:  # the officer chose another printer for this kind
            self.view.printing.remember_printer(job.kind, printer)
        self._print(job, printer or None)

    def ask_save_pdf(self) -> None:
        if self.last_job is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.view, self.tr("Lưu phiếu thành PDF"),
                                              f"{self.last_job.code}.pdf", self.tr("Tệp PDF (*.pdf)"))
        if path:
            self.save_pdf(path)

    def save_pdf(self, path: str | Path) -> None:
        """Render the last slip and write it to *path* (``saved_pdf`` tells when done)."""
        if self.last_job is None:
            return
        job_id = self.last_job.job_id
        self.view.printing.render(job_id, on_done=lambda data: self._write_pdf(data, path, job_id))

    def _write_pdf(self, data: bytes, path: str | Path, job_id: str | None = None) -> None:
        try:
            written = self.view.printing.save_pdf(data, path)
        except OSError as exc:  # open in a PDF reader (Windows), a folder that cannot be written
            from shiboken6 import isValid

            from ui.file_saving import cannot_save_text, offer_another_name

            self.view.print_status.setText(cannot_save_text(path, exc))
            preview = getattr(self, "preview_dialog", None)
            parent = preview if preview is not None and isValid(preview) and preview.isVisible() else self.view
            offer_another_name(parent, path, exc, lambda other: self._write_pdf(data, other, job_id),
                               file_filter=self.tr("Tệp PDF (*.pdf)"))
            return
        if job_id:
            self.view.printing.record_saved(job_id)  # whose personal data left as a file
        self.view.print_status.setText(self.tr("Đã lưu phiếu thành tệp %1.").replace("%1", str(written)))
        self.saved_pdf.emit(str(written))

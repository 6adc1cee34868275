"""Renders queued slips off the GUI thread and sends them to the printer chosen for their kind."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from ui.context import AppContext
from ui.printing.render import PrintFailed
from ui.printing.sinks import PrinterSink, QtPrinterSink
from ui.messages import error_text


def print_error_message(exc: BaseException) -> str:
    """What the officer reads when a print failed: the printer's own message, or the error."""
    if isinstance(exc, PrintFailed):
        return error_text(exc)
    from PySide6.QtCore import QCoreApplication

    # a driver error must not lose the job: it stays queued
    return QCoreApplication.translate("printing", "Lỗi máy in: %1").replace("%1", str(exc))


class ModuleOnFirstUse:
    """Stands for module *name*, imported when one of its names is first used (by a job), so
    that a controller made before the first paint does not import SQLAlchemy."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(importlib.import_module(self._name), attr)


class PrintController(QObject):
    """Prints, reprints, previews and saves slips of the print queue.

    Signals: ``job_printed(str job_id, str printer)``, ``job_failed(str job_id, str message)``,
    ``rendered(str job_id, object pdf_bytes)`` (for preview/save), ``queue_changed()``.
    """

    job_printed = Signal(str, str)
    job_failed = Signal(str, str)
    rendered = Signal(str, object)
    queue_changed = Signal()

    def __init__(self, ctx: AppContext, sink: PrinterSink | None = None,
                 service: Any = None, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.sink = sink or QtPrinterSink()
        self.service = service or ModuleOnFirstUse("counter_app.services.printing")
        self.in_flight: set[str] = set()

    # --- printer memory (settings, per kind of slip) ---------------------------------------
    def remembered_printer(self, kind: str) -> str | None:
        """The printer remembered for *kind* (reads the store: call from a worker)."""
        return self.service.print_settings(self.ctx.store).printers.get(str(kind))

    def remember_printer(self, kind: str, printer: str) -> None:
        """Remember *printer* for slips of *kind* (written on the writer thread)."""
        store = self.ctx.store

        def write():
            self.service.remember_printer(store, kind, printer)

        self.ctx.tasks.write(write)

    # --- printing ---------------------------------------------------------------------------
    def print_job(self, job_id: str, kind: str, title: str = "", printer: str | None = None) -> bool:
        """Render job *job_id* on a worker, then print it; False when it is already in flight."""
        if job_id in self.in_flight:
            return False
        self.in_flight.add(job_id)
        store, service = self.ctx.store, self.service

        def render():
            data = _render_signed(service, store, job_id)
            chosen = printer or self.remembered_printer(kind)
            return data, chosen

        self.ctx.tasks.run(
            render,
            on_done=lambda result: self._send(job_id, title or kind, *result),
            on_error=lambda exc: self._failed(job_id, self.tr("Không tạo được phiếu: %1").replace("%1", error_text(exc))),
        )
        return True

    def _send(self, job_id: str, title: str, data: bytes, printer: str | None) -> None:
        if not isValid(self):
            return  # the job stays queued ("Chưa in") for the queue view
        sink = self.sink

        def spool() -> str:  # on a worker: spooling a page can take seconds
            return sink.print_pdf(data, printer, title)

        self.ctx.tasks.run(spool, on_done=lambda used: self._record(job_id, used),
                           on_error=lambda exc: self._failed(job_id, print_error_message(exc)))

    def _record(self, job_id: str, used: str) -> None:
        store, service = self.ctx.store, self.service
        self.ctx.tasks.write(
            lambda: service.mark_printed(store, job_id, used),
            on_done=lambda _: self._done(job_id, used),
            on_error=lambda exc: self._failed(job_id, f"Đã in nhưng không ghi nhận được: {error_text(exc)}"),
        )

    def _done(self, job_id: str, printer: str) -> None:
        if not isValid(self):
            return  # the screen closed while the job was printing; the store has the outcome
        self.in_flight.discard(job_id)
        self.job_printed.emit(job_id, printer)
        self.queue_changed.emit()

    def _failed(self, job_id: str, message: str) -> None:
        store, service = self.ctx.store, self.service

        def finish(_=None):
            if not isValid(self):
                return
            self.in_flight.discard(job_id)
            self.job_failed.emit(job_id, message)
            self.queue_changed.emit()

        self.ctx.tasks.write(lambda: service.mark_failed(store, job_id, message),
                             on_done=finish, on_error=finish)

    # --- preview and save -------------------------------------------------------------------
    def render(self, job_id: str, on_done, on_error=None) -> None:
        """Render job *job_id* on a worker; *on_done(bytes)* runs on the GUI thread."""
        store, service = self.ctx.store, self.service
        self.ctx.tasks.run(lambda: _render_signed(service, store, job_id), on_done=on_done, on_error=on_error)

    def render_for_preview(self, job_id: str, kind: str, on_done, on_error=None, printers=None) -> None:
        """Render job *job_id*, read the printer remembered for *kind*, rasterise the pages and
        list the printers (*printers*: a callable, default the system's), all on a worker;
        *on_done((bytes, str | None, PreparedPreview))* runs on the GUI thread."""
        from ui.printing.preview import prepare_preview
        from ui.printing.sinks import available_printers

        store, service = self.ctx.store, self.service
        names = printers or available_printers

        officer = self.ctx.officer_id

        def job():
            data = _render_signed(service, store, job_id)
            return data, self.remembered_printer(kind), prepare_preview(data, names)

        def shown(result) -> None:
            # The preview shows the slip's personal data on screen: logged as a view, on the
            # writer, never failing.
            self.ctx.tasks.write(lambda: service.record_previewed(store, job_id, officer))
            on_done(result)

        self.ctx.tasks.run(job, on_done=shown, on_error=on_error)

    def record_saved(self, job_id: str) -> None:
        """Log (on the writer, never failing) that the signed-in officer saved job *job_id* as a file."""
        store, service, officer = self.ctx.store, self.service, self.ctx.officer_id
        self.ctx.tasks.write(lambda: service.record_saved(store, job_id, officer))

    @staticmethod
    def save_pdf(data: bytes, path: Path | str) -> Path:
        """Write the slip's PDF as it was rendered (fonts and text kept), whole or not at all;
        OSError when it cannot be written (a PDF open in Foxit or Acrobat on Windows)."""
        from ui.file_saving import write_whole

        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        return write_whole(path, data)


def _render_signed(service, store, job_id: str) -> bytes:
    """Render a job with the workstation's slip signer (read at each render: a workstation
    enrolled or renewed a minute ago signs its next slip), on a worker thread."""
    from sync.slip_signer import load_signer

    return service.render_job(store, job_id, signer=load_signer(store))

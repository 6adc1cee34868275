"""Qt printing of slips: pages on white, printing into a QPrinter, preview, queue, printer memory."""

from __future__ import annotations

import io
from datetime import datetime

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester

from counter_app.services import printing
from counter_app.services.counter_outcomes import receive_and_queue
from ui.context import AppContext
from ui.printing.controller import PrintController
from ui.printing.preview import PrintPreviewDialog
from ui.printing.queue_view import PrintQueueTableModel, PrintQueueView, QueueRow
from ui.printing.render import PrintFailed, render_pages
from ui.printing.sinks import QtPrinterSink
from ui.tasks import TaskRunner

NOW = datetime(2026, 3, 10, 9, 0)


@pytest.fixture
def queued(store, make_draft):
    """A received dossier with its receipt queued, and the receipt's PDF."""
    outcome = receive_and_queue(store, make_draft(received_at=None, applicant_name="Đỗ Thị Hường"), "canbo1", now=NOW)
    return outcome, printing.render_job(store, outcome.job_id, now=NOW)


@pytest.fixture
def ctx(store, profile_dir):
    tasks = TaskRunner()
    yield AppContext(profile_dir=profile_dir, store=store, tasks=tasks)
    tasks.wait_all()


def decode(pdf_bytes: bytes) -> set[str]:
    codes = set()
    for page in pypdfium2.PdfDocument(io.BytesIO(pdf_bytes)):
        codes.update(r.text for r in zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil()))
    return codes


def test_pages_are_rendered_on_white_not_transparent(qapp, queued):
    images = render_pages(queued[1], dpi=72)
    assert len(images) >= 1
    corner = images[0].pixelColor(2, 2)
    assert corner == QColor(Qt.GlobalColor.white)
    assert images[0].hasAlphaChannel() is False


def test_printing_through_a_qprinter_keeps_the_barcodes_readable(qapp, queued, tmp_path):
    outcome, data = queued
    out = tmp_path / "printer-output.pdf"
    name = QtPrinterSink(output_file=out, dpi=300).print_pdf(data, None, outcome.code)
    assert name == str(out)
    printed = out.read_bytes()
    assert len(pypdfium2.PdfDocument(io.BytesIO(printed))) == len(pypdfium2.PdfDocument(io.BytesIO(data)))
    assert outcome.code in decode(printed)


@pytest.mark.parametrize("kind, paper, size_pt, module", [
    ("receipt", "a4_two_a5", (842, 595), 0.3387),  # two A5 copies on A4 landscape, at 100 %
    ("receipt", "a5", (420, 595), 0.3387),
    ("label", "a4_two_a5", (283, 142), 0.25),      # the 100 x 50 mm label
])
def test_the_printed_page_has_the_slips_paper_orientation_and_module(qapp, tmp_path, kind, paper, size_pt, module):
    from counter_app.slips import barcode_geometry, render
    from tests import pdfcheck
    from tests.core.test_slips import CODE, slip

    out = tmp_path / "printed.pdf"
    QtPrinterSink(output_file=out).print_pdf(render(kind, slip(), paper=paper), None, "x")
    page = pypdfium2.PdfDocument(out)[0]
    assert page.get_size() == pytest.approx(size_pt, abs=1) and page.get_rotation() == 0
    image = pdfcheck.rasterise(out, dpi=203)
    bars = [d for d in pdfcheck.decode(image) if d.format == "Code128"]
    assert bars and {d.text for d in bars} == {CODE}
    modules = barcode_geometry(kind, CODE).modules
    for bar in bars:  # the symbol's length on paper: the module as drawn, not shrunk
        assert (bar.right - bar.left) * 25.4 / 203 / modules == pytest.approx(module, rel=0.03)


def test_the_controller_spools_on_a_worker_and_signals_the_outcome(qtbot, qapp, ctx, queued):
    import threading

    outcome, _ = queued
    # Python's thread ids, not QThread.currentThread(): a wrapper of a pool thread kept past the
    # thread's end (this list lives until a gc cycle frees Sink) stays in shiboken's map, and a
    # later Qt object at the same address came back as that QThread (a status bar, in CI).
    threads = []

    class Sink:
        def print_pdf(self, data, printer_name, title):
            threads.append(threading.get_ident())
            return "Máy in quầy 1"

    controller = PrintController(ctx, Sink())
    with qtbot.waitSignal(controller.job_printed, timeout=10_000) as blocker:
        controller.print_job(outcome.job_id, "receipt", title=outcome.code)
    assert blocker.args == [outcome.job_id, "Máy in quầy 1"]
    assert len(threads) == 1 and threads[0] != threading.main_thread().ident  # the window never waited


def test_a_printer_error_on_the_worker_keeps_the_job_queued_with_its_message(qtbot, ctx, queued):
    outcome, _ = queued

    class Sink:
        def print_pdf(self, data, printer_name, title):
            raise PrintFailed("Máy in «Quầy 1» không nhận giấy A4 ngang (297 × 210 mm).")

    controller = PrintController(ctx, Sink())
    with qtbot.waitSignal(controller.job_failed, timeout=10_000) as blocker:
        controller.print_job(outcome.job_id, "receipt")
    assert blocker.args == [outcome.job_id, "Máy in «Quầy 1» không nhận giấy A4 ngang (297 × 210 mm)."]
    ctx.tasks.wait_all()
    assert printing.get_job(ctx.store, outcome.job_id).status == "failed"


@pytest.mark.parametrize("printer_dpi, page_pt, expected", [
    (203, (283.5, 141.7), 203),     # a thermal label printer: its own dots
    (600, (841.9, 595.3), 600),     # a laser
    (1200, (841.9, 595.3), 600),    # Qt's CUPS resolution, A4: a whole fraction, 35 Mpx
    (1200, (283.5, 141.7), 1200),   # the label at 1200 is small enough
])
def test_pages_are_rasterised_at_the_printers_resolution_or_a_whole_fraction(printer_dpi, page_pt, expected):
    from ui.printing.render import render_dpi

    assert render_dpi(printer_dpi, *page_pt) == expected


def test_garbage_is_refused_with_a_message(qapp, tmp_path):
    with pytest.raises(PrintFailed, match="Không đọc được tệp PDF của phiếu"):
        QtPrinterSink(output_file=tmp_path / "x.pdf").print_pdf(b"not a pdf", None, "x")


def test_controller_prints_to_the_printer_remembered_for_the_kind(qtbot, ctx, queued):
    outcome, _ = queued
    sent = []

    class Sink:
        def print_pdf(self, data, printer_name, title):
            sent.append((printer_name, title))
            return printer_name

    controller = PrintController(ctx, Sink())
    controller.remember_printer("receipt", "Máy in quầy 1")
    controller.remember_printer("label", "Máy in nhãn")
    ctx.tasks.wait_all()
    with qtbot.waitSignal(controller.job_printed, timeout=10_000) as blocker:
        assert controller.print_job(outcome.job_id, "receipt", title=outcome.code)
        assert not controller.print_job(outcome.job_id, "receipt")  # already in flight
    assert blocker.args == [outcome.job_id, "Máy in quầy 1"]
    assert sent == [("Máy in quầy 1", outcome.code)]
    assert printing.get_job(ctx.store, outcome.job_id).printer == "Máy in quầy 1"


def test_queue_view_lists_unprinted_slips_as_not_printed(qtbot, ctx, queued):
    outcome, _ = queued
    printing.mark_failed(ctx.store, outcome.job_id, "Kẹt giấy")
    view = PrintQueueView(PrintController(ctx))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.count_changed) as blocker:
        view.refresh()
    assert blocker.args == [1]
    model = view.model
    assert [model.index(0, c).data() for c in range(4)] == [
        "Giấy tiếp nhận và hẹn trả (Mẫu 01)", outcome.code, NOW.strftime("%H:%M %d/%m/%Y"), "Chưa in — Kẹt giấy"]


def test_queue_model_passes_the_model_tester(qapp):
    model = PrintQueueTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows([QueueRow("1", "label", "X-1", NOW, ""), QueueRow("2", "refusal", "X-2", None, "lỗi")])
    assert model.rowCount() == 2 and model.index(1, 3).data() == "Chưa in — lỗi"
    model.set_rows([])
    assert model.rowCount() == 0


def test_preview_shows_every_page_and_saves_the_pdf_as_rendered(qtbot, queued, tmp_path):
    outcome, data = queued
    dialog = PrintPreviewDialog(data, outcome.code, ["Máy in A", "Máy in B"], chosen="Máy in B")
    qtbot.addWidget(dialog)
    assert len(dialog.page_labels) == len(pypdfium2.PdfDocument(io.BytesIO(data)))
    assert dialog.printer_box.currentText() == "Máy in B"
    with qtbot.waitSignal(dialog.print_requested) as blocker:
        dialog.print_button.click()
    assert blocker.args == ["Máy in B"]
    path = PrintController.save_pdf(data, tmp_path / "phieu")
    assert path.name == "phieu.pdf" and path.read_bytes() == data

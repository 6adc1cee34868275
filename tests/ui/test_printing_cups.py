"""Slips printed through QPrinter to real CUPS queues: the paper, its orientation, the barcodes.

A private cupsd (see tests/ui/cups_queue.py) runs CUPS-PDF queues whose PPDs report what
real printers report (hardware margins, resolution, paper sizes); the PDF each queue writes
is what the printer would have been sent, after CUPS's own filters. It is rasterised at
203 dpi and its barcodes decoded and measured.
"""

from __future__ import annotations

import os
import threading

import pytest

from counter_app.slips import barcode_geometry, render
from tests import pdfcheck
from tests.core.test_slips import CODE, slip
from tests.ui.cups_queue import CupsUnavailable, start_scheduler
from ui.printing.render import PrintFailed
from ui.printing.sinks import QtPrinterSink

pytestmark = pytest.mark.slow

DPI = 203
PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def cups():
    try:
        scheduler = start_scheduler()
    except CupsUnavailable as exc:
        pytest.skip(f"CUPS cannot be started: {exc}")
    saved = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = str(scheduler.socket)
    yield scheduler
    if saved is None:
        os.environ.pop("CUPS_SERVER", None)
    else:
        os.environ["CUPS_SERVER"] = saved
    scheduler.stop()


def print_on_worker(data: bytes, queue: str, title: str) -> str:
    """Print as the application does: on a worker thread (libcups reads CUPS_SERVER afresh
    there), bounded in time; returns the printer name or raises what the sink raised."""
    outcome: dict[str, object] = {}

    def work():
        try:
            outcome["name"] = QtPrinterSink().print_pdf(data, queue, title)
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "printing did not finish in 120 s"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return str(outcome["name"])


def code128s(pdf, page: int = 0):
    """The page at 203 dpi and its Code 128 symbols; a symbol running down the page is also
    looked for with the page turned a quarter, as a person turns the scanner."""
    image = pdfcheck.rasterise(pdf, page, dpi=DPI)
    bars = [d for d in pdfcheck.decode(image) if d.format == "Code128"]
    if not bars:
        turned = pdfcheck.decode(image.rotate(90, expand=True))
        # back in the page's coordinates: (x, y) on the turned image is (W - 1 - y', x') ...
        bars = [pdfcheck.Decoded(d.format, d.text, d.top, image.height - d.right, d.bottom,
                                 image.height - d.left) for d in turned if d.format == "Code128"]
        bars.sort(key=lambda d: (d.left, d.top))
    return image, bars


def module_mm(bar, modules: int) -> float:
    """The module of a decoded symbol, from its length along its bars (either direction)."""
    length_px = max(bar.right - bar.left, bar.bottom - bar.top)
    return length_px * 25.4 / DPI / modules


def test_two_a5_copies_fill_an_a4_sheet_in_landscape_at_full_size(qapp, cups):
    data = render("receipt", slip(), paper="a4_two_a5")
    assert print_on_worker(data, "ct_laser", "two-a5") == "ct_laser"
    out = cups.wait_for_output("ct_laser")
    assert pdfcheck.page_count(out) == 1
    w, h = pdfcheck_size(out)
    assert sorted((w, h)) == pytest.approx([595.3, 841.9], abs=2)  # one A4 sheet
    image, bars = code128s(out)
    assert [b.text for b in bars] == [CODE, CODE]
    geo = barcode_geometry("receipt", CODE)
    for bar in bars:
        assert module_mm(bar, geo.modules) == pytest.approx(geo.module_mm, rel=0.03)  # 100 %, not 70.7 %
        # the symbols run along the sheet's long edge: the A5 halves lie side by side on it
        along_long = (bar.right - bar.left) > (bar.bottom - bar.top)
        assert along_long == (image.width > image.height)
    # the two copies are 148 mm apart along the long edge
    axis = 0 if image.width > image.height else 1
    starts = sorted((b.left, b.top)[axis] for b in bars)
    assert (starts[1] - starts[0]) * 25.4 / DPI == pytest.approx(148, abs=1.5)
    assert len(texts := [d.text for d in pdfcheck.decode(image) if d.format == "QRCode"]) == 2
    assert set(texts) == {CODE}


def test_an_a5_slip_prints_on_a5_portrait(qapp, cups):
    data = render("receipt", slip(), paper="a5")
    print_on_worker(data, "ct_laser", "a5")
    out = cups.wait_for_output("ct_laser")
    assert pdfcheck.page_count(out) == 2  # the two copies
    assert pdfcheck_size(out) == pytest.approx((419.5, 595.3), abs=2)
    geo = barcode_geometry("receipt", CODE)
    for page in range(2):
        _, bars = code128s(out, page)
        assert [b.text for b in bars] == [CODE]
        assert module_mm(bars[0], geo.modules) == pytest.approx(geo.module_mm, rel=0.03)


def test_the_label_prints_on_its_100_by_50_mm_roll_and_scans_at_203_dpi(qapp, cups):
    data = render("label", slip())
    print_on_worker(data, "ct_label", "label")
    out = cups.wait_for_output("ct_label")
    assert sorted(pdfcheck_size(out)) == pytest.approx([50 * PT_PER_MM, 100 * PT_PER_MM], abs=2)
    image, bars = code128s(out)
    assert [b.text for b in bars] == [CODE]
    geo = barcode_geometry("label", CODE)
    assert module_mm(bars[0], geo.modules) == pytest.approx(0.25, rel=0.03)  # 2 dots of 8 dots/mm
    assert [d.text for d in pdfcheck.decode(image) if d.format == "QRCode"] == [CODE]


def test_a_printer_whose_margins_are_too_wide_is_refused_with_a_message(qapp, cups):
    data = render("receipt", slip(), paper="a4_two_a5")
    with pytest.raises(PrintFailed, match=r"«ct_wide_margins» không in được sát mép giấy: lề tối thiểu "
                                          r"của máy 8\.1 mm"):
        print_on_worker(data, "ct_wide_margins", "refused")
    assert cups.run("lpstat", "-W", "all", "-o", "ct_wide_margins").stdout.strip() == ""  # nothing sent


def test_a_printer_without_the_paper_is_refused_with_a_message(qapp, cups):
    data = render("receipt", slip(), paper="a4_two_a5")
    with pytest.raises(PrintFailed, match=r"«ct_letter_only» không nhận giấy A4 ngang \(297 × 210 mm\)"):
        print_on_worker(data, "ct_letter_only", "refused")
    assert cups.run("lpstat", "-W", "all", "-o", "ct_letter_only").stdout.strip() == ""


def pdfcheck_size(pdf, page: int = 0) -> tuple[float, float]:
    """The page's size in points as a viewer shows it (its /Rotate applied)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    w, h = doc[page].get_size()
    return (h, w) if doc[page].get_rotation() in (90, 270) else (w, h)

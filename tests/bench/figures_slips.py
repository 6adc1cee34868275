"""The slip: rendering one (both copies) beside a bare reportlab page, save + render, and the
window's responsiveness while slips render on the task runner."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.bench.figures_save import sample_draft
from tests.bench.harness import Figure, Target, not_measured, paired_medians

RENDER = "rendering one slip, both copies"
SAVE_RENDER = "saving a dossier then rendering its slip"
STALL = "longest GUI stall while slips render"


def page_text(pdf: bytes) -> list[str]:
    """The text lines of a PDF's first page, as a reader extracts them."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[0]
        text = page.get_textpage().get_text_range()
        return [line for line in text.replace("\r", "").split("\n") if line.strip()]
    finally:
        doc.close()


def bare_page(lines: list[str]) -> bytes:
    """A plain reportlab A4-landscape page with *lines* in the same font (Tinos), nothing else."""
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from counter_app.slips.fonts import REGULAR, register_fonts

    register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=landscape(A4))
    half = len(lines) // 2 + 1
    for col, chunk in enumerate((lines[:half], lines[half:])):
        y = 560
        for line in chunk:
            canvas.setFont(REGULAR, 9)
            canvas.drawString(30 + col * 421, y, line)
            y -= 10.5
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _stalls(store, job_id: str, renders: int) -> tuple[float, float]:
    """Longest gap (s) between 2 ms timer ticks on the GUI thread: idle, then while *renders*
    slips render one after another on the task runner (as the receive screen does)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from counter_app.services.printing import render_job
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps the application alive
    window = QMainWindow()
    window.show()
    tasks = TaskRunner()

    def longest_gap(start_work) -> float:
        clock, gaps, last = QElapsedTimer(), [], [0]
        clock.start()
        timer = QTimer()
        timer.setInterval(2)

        def tick():
            now = clock.nsecsElapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer.timeout.connect(tick)
        loop = QEventLoop()
        finished = {"n": 0}
        timer.start()
        start_work(finished, loop)
        loop.exec()
        timer.stop()
        return max(gaps[1:]) / 1e9 if len(gaps) > 1 else 0.0

    def work(finished, loop):
        def one_done(_=None):
            finished["n"] += 1
            if finished["n"] >= renders:
                loop.quit()
            else:
                tasks.run(lambda: render_job(store, job_id), one_done, lambda e: loop.quit())
        tasks.run(lambda: render_job(store, job_id), one_done, lambda e: loop.quit())

    busy_started = time.perf_counter()
    busy = longest_gap(work)
    duration_ms = int((time.perf_counter() - busy_started) * 1000)

    def idle(finished, loop):
        QTimer.singleShot(duration_ms, loop.quit)

    quiet = longest_gap(idle)
    tasks.wait_all()
    window.close()
    return busy, quiet


def run(cfg) -> list[Figure]:
    try:
        from counter_app.services.printing import queue_slip, render_job
        from counter_app.slips.data import Paper, SlipKind
        from counter_app.slips.render import render
        from counter_app.store.slip_source import slip_data_for
    except ImportError as exc:
        reason = f"the slip renderer is missing ({exc})"
        return [not_measured(RENDER, "ms", Target(max_value=50), reason),
                not_measured(SAVE_RENDER, "ms", Target(), reason),
                not_measured(STALL, "ms", Target(max_value=100), reason)]
    from counter_app.store.db import open_store
    from counter_app.services.demo import create_demo
    from counter_app.store.models import Dossier
    from counter_app.services.receiving import receive

    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-slip-") as tmp:
        store = open_store(Path(tmp))
        create_demo(store, 200, seed=5)
        receipt = receive(store, sample_draft(1), "canbo1")
        with store.read() as session:
            data = slip_data_for(session, session.get(Dossier, receipt.id), SlipKind.RECEIPT)
        pdf = render(SlipKind.RECEIPT, data, paper=Paper.A4_TWO_A5)
        lines = page_text(pdf)
        value, base, cpu, base_cpu = paired_medians(
            lambda: render(SlipKind.RECEIPT, data, paper=Paper.A4_TWO_A5), lambda: bare_page(lines), cfg.runs // 2 + 1,
        )
        figures.append(Figure(
            name=RENDER, unit="ms", value=value * 1000, baseline=base * 1000,
            baseline_name="bare reportlab page, same text and font", runs=cfg.runs // 2 + 1,
            target=Target(max_value=50),
            extra={"text_lines": len(lines), "cpu_ms": cpu * 1000, "baseline_cpu_ms": base_cpu * 1000},
        ))

        counter = iter(range(2, 10**6))

        def save_and_render():
            r = receive(store, sample_draft(next(counter)), "canbo1")
            with store.write() as session:
                job = queue_slip(session, SlipKind.RECEIPT, r.id, "canbo1")
            return render_job(store, job)

        def save_only():
            receive(store, sample_draft(next(counter)), "canbo1")

        value, base, cpu, base_cpu = paired_medians(save_and_render, save_only, max(cfg.slow_runs, 5) * 2)
        figures.append(Figure(
            name=SAVE_RENDER, unit="ms", value=value * 1000, baseline=base * 1000,
            baseline_name="the save alone", runs=max(cfg.slow_runs, 5) * 2, target=Target(),
            extra={"cpu_ms": cpu * 1000, "baseline_cpu_ms": base_cpu * 1000},
        ))

        with store.write() as session:
            job_id = queue_slip(session, SlipKind.RECEIPT, receipt.id, "canbo1")
        try:
            busy, quiet = _stalls(store, job_id, renders=max(cfg.slow_runs, 5) * 2)
            figures.append(Figure(
                name=STALL, unit="ms", value=busy * 1000, baseline=quiet * 1000,
                baseline_name="same window, idle", runs=max(cfg.slow_runs, 5) * 2, target=Target(max_value=100),
            ))
        except Exception as exc:  # noqa: BLE001 - a Qt problem must not hide the other figures
            figures.append(not_measured(STALL, "ms", Target(max_value=100), f"could not drive the window: {exc!r}"))
        store.dispose()
    return figures

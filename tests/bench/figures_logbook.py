"""Opening the logbook and jumping to its end at a million dossiers, in a fresh process each
run (time to the last row shown, and the process's peak memory).

The peak is the kernel's ``VmHWM`` of the child (its own address space's high-water mark, reset
by exec), not ``ru_maxrss``: on Linux a child's ``ru_maxrss`` starts at its parent's peak, so a
bench parent holding a big profile in memory would be reported as the logbook's size."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from tests.bench.harness import Figure, Target, not_measured
from tests.bench.profiles import REPO, demo_profile

NAME = "opening the logbook and jumping to its end"
TARGET = Target(max_value=200, max_extra=("peak_rss_mib", 300, "MiB"))

CHILD = r"""
import json, resource, sys, time
from pathlib import Path

def high_water_mib():  # this process's peak resident memory (VmHWM), in MiB
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: not Linux

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from ui.app import make_context
from ui.logbook.view import LogbookView

app = QApplication(sys.argv[:1])

def wait_for(condition, timeout_ms=60_000):
    loop, poll = QEventLoop(), QTimer()
    poll.setInterval(1)
    poll.timeout.connect(lambda: condition() and loop.quit())
    QTimer.singleShot(timeout_ms, loop.quit)
    poll.start(); loop.exec(); poll.stop()
    if not condition():
        raise SystemExit("timed out")

# The application opens its store behind the first window; the logbook is opened after.
ctx = make_context(Path(sys.argv[1]))
ctx.store.start()
wait_for(lambda: ctx.store_ready)
before = high_water_mib()

cpu0 = time.process_time()
started = time.perf_counter()
view = LogbookView(ctx)
view.resize(1280, 760)
view.show()
model = view.model
wait_for(lambda: model.rowCount() > 0)
opened = time.perf_counter()
view.scroll_to_end()
last = model.rowCount() - 1
model.row_at(last)
wait_for(lambda: model.is_loaded(last))
app.processEvents()
view.table.viewport().repaint()
done = time.perf_counter()
cpu = time.process_time() - cpu0
peak = high_water_mib()
print(json.dumps({"open_ms": (opened - started) * 1000, "total_ms": (done - started) * 1000,
                  "rows": model.rowCount(), "cpu_ms": cpu * 1000, "peak_rss_mib": peak, "rss_before_view_mib": before}))
ctx.tasks.wait_all()
"""


def _once(profile) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, str(profile)], cwd=REPO, env=env,
                         capture_output=True, encoding="utf-8", text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-800:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(cfg) -> list[Figure]:
    label = f"{NAME} ({cfg.dossiers:,} dossiers)"
    try:
        import ui.logbook.view  # noqa: F401
    except ImportError as exc:
        return [not_measured(label, "ms", TARGET, f"the logbook view is missing ({exc})")]
    profile = demo_profile(cfg.dossiers, log=cfg.log)
    _once(profile)  # warm the file cache
    runs = [_once(profile) for _ in range(max(cfg.slow_runs, 3))]
    med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
    return [Figure(
        name=label, unit="ms", value=med("total_ms"), runs=len(runs), target=TARGET,
        extra={"peak_rss_mib": max(r["peak_rss_mib"] for r in runs), "open_ms": med("open_ms"),
               "rss_before_view_mib": med("rss_before_view_mib"), "rows": runs[0]["rows"],
               "cpu_ms": med("cpu_ms")},
    )]

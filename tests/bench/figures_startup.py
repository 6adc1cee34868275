"""Cold start to a usable main window, beside a bare PySide6 QMainWindow, both as subprocesses."""

from __future__ import annotations

import ast
import os
import statistics
import subprocess
import sys
import time

from tests.bench.harness import Figure, Target
from tests.bench.profiles import REPO, demo_profile

MARKER = "BENCH-PAINTED"

# The child prints MARKER when the window's first paint event arrives (the figure's end), then
# leaves at once, or (the application) after reporting the phases that follow the paint.
_PAINT_HOOK = f"""
import os, sys
from PySide6.QtCore import QEvent, QObject

import time
_t0 = time.perf_counter()
PHASES = {{}}

def phase(name):
    PHASES[name] = round((time.perf_counter() - _t0) * 1000, 1)

def finish():
    sys.stdout.write("PHASES " + repr(PHASES) + "\\n"); sys.stdout.flush(); os._exit(0)

class _FirstPaint(QObject):
    # At the first paint: MARKER (the figure ends) and the CPU used so far; then leave at once,
    # or, with then_wait, go on until the child calls finish() (later phases).
    def __init__(self, then_wait=False):
        super().__init__()
        self.then_wait = then_wait
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in PHASES:
            phase("painted")
            sys.stdout.write("CPU " + repr(time.process_time()) + "\\n")
            sys.stdout.write("{MARKER}\\n"); sys.stdout.flush()
            if not self.then_wait:
                finish()
        return False
"""

BARE = _PAINT_HOOK + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
hook = _FirstPaint(); window.installEventFilter(hook)
window.show()
app.exec()
"""

APP = _PAINT_HOOK + """
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ui.app import build_window, make_context
app = QApplication(sys.argv[:1])
app.setApplicationName("counter-app")
phase("qt_ready")
ctx = make_context(Path(sys.argv[1]))
phase("context_made")  # the store opens on a thread after the first paint
window = build_window(ctx)
phase("window_built")
# After the figure: the store open and the receive page's procedure list filled (usable for
# the whole receive flow), and every page of the window added.
def reached(name):
    if name not in PHASES:
        phase(name)
    if "procedures_listed" in PHASES and "store_ready" in PHASES:
        finish()
window.tabs.widget(0).picker.matches_changed.connect(lambda _n: reached("procedures_listed"))
ctx.when_store_ready(lambda: reached("store_ready"))
hook = _FirstPaint(then_wait=True); window.installEventFilter(hook)
window.show()
app.exec()
"""


def _start_once(code: str, *args: str, cpu: list | None = None, phases: list | None = None) -> float:
    """Seconds from spawning the child to its first paint (its CPU seconds go to *cpu*)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8", text=True)
    took = cpu_at_paint = None
    try:
        for line in proc.stdout:  # read on after MARKER: the child reports its later phases
            if line.startswith("PHASES ") and phases is not None:
                phases.append(ast.literal_eval(line[len("PHASES "):]))
            if line.startswith("CPU "):
                cpu_at_paint = float(line[len("CPU "):])
            if line.strip() == MARKER:
                took = time.perf_counter() - started
        if took is None:
            raise RuntimeError(f"the window never painted: {proc.stderr.read()[-800:]}")
    finally:
        proc.wait(timeout=60)
    if cpu is not None:  # the child's CPU seconds up to its first paint
        cpu.append(cpu_at_paint)
    return took


def run(cfg) -> list[Figure]:
    profile = demo_profile(cfg.dossiers, log=cfg.log)
    runs = max(cfg.slow_runs, 5)
    _start_once(BARE)  # warm the OS file cache for both
    _start_once(APP, str(profile))
    app, bare, app_cpu, bare_cpu, phases = [], [], [], [], []
    for _ in range(runs):
        bare.append(_start_once(BARE, cpu=bare_cpu))
        app.append(_start_once(APP, str(profile), cpu=app_cpu, phases=phases))
    # Milliseconds since the child's first line: imports + QApplication, context, window, paint,
    # then (after the figure's end) the store open with its modules, the procedure list filled.
    split = {f"{k}_at_ms": statistics.median(p[k] for p in phases) for k in phases[0]} if phases else {}
    return [Figure(
        name="cold start to a usable main window",
        unit="ms", value=statistics.median(app) * 1000, baseline=statistics.median(bare) * 1000,
        baseline_name="bare QMainWindow", runs=runs, target=Target(max_ratio=2),
        extra={"profile_dossiers": cfg.dossiers, "cpu_ms": statistics.median(app_cpu) * 1000,
               "baseline_cpu_ms": statistics.median(bare_cpu) * 1000, **split},
    ), _integrity_check(cfg)]


def _integrity_check(cfg) -> Figure:
    """`run_gui` quick-checks the database before the window opens; how long that takes at scale
    (once, on the 100,000-dossier profile: it reads the whole file)."""
    from counter_app import backup
    from counter_app.db import DB_FILENAME

    dossiers = 100_000
    db = demo_profile(dossiers, log=cfg.log) / DB_FILENAME
    c0, t0 = time.process_time(), time.perf_counter()
    report = backup.check_integrity(db)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return Figure(name=f"start-up database check, PRAGMA quick_check ({dossiers:,} dossiers)", unit="ms",
                  value=wall * 1000, runs=1,
                  extra={"cpu_ms": cpu * 1000, "ok": report.ok, "db_mib": db.stat().st_size / 2**20})

"""Cold start to a usable main window, beside a bare PySide6 QMainWindow, both as subprocesses."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time

from tests.bench.harness import Figure, Target
from tests.bench.profiles import REPO, demo_profile

MARKER = "BENCH-PAINTED"

# The child prints MARKER when the window's first paint event arrives, then leaves at once.
_PAINT_HOOK = f"""
import os, sys
from PySide6.QtCore import QEvent, QObject

class _FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            sys.stdout.write("{MARKER}\\n"); sys.stdout.flush(); os._exit(0)
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
ctx = make_context(Path(sys.argv[1]))
window = build_window(ctx)
hook = _FirstPaint(); window.installEventFilter(hook)
window.show()
app.exec()
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _start_once(code: str, *args: str, cpu: list | None = None) -> float:
    """Seconds from spawning the child to its first paint (its CPU seconds go to *cpu*)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if line.strip() == MARKER:
                took = time.perf_counter() - started
                break
        else:
            raise RuntimeError(f"the window never painted: {proc.stderr.read()[-800:]}")
    finally:
        proc.wait(timeout=60)
    if cpu is not None:
        cpu.append(_children_cpu() - cpu_before)
    return took


def run(cfg) -> list[Figure]:
    profile = demo_profile(cfg.dossiers, log=cfg.log)
    runs = max(cfg.slow_runs, 5)
    _start_once(BARE)  # warm the OS file cache for both
    _start_once(APP, str(profile))
    app, bare, app_cpu, bare_cpu = [], [], [], []
    for _ in range(runs):
        bare.append(_start_once(BARE, cpu=bare_cpu))
        app.append(_start_once(APP, str(profile), cpu=app_cpu))
    return [Figure(
        name="cold start to a usable main window",
        unit="ms", value=statistics.median(app) * 1000, baseline=statistics.median(bare) * 1000,
        baseline_name="bare QMainWindow", runs=runs, target=Target(max_ratio=2),
        extra={"profile_dossiers": cfg.dossiers, "cpu_ms": statistics.median(app_cpu) * 1000,
               "baseline_cpu_ms": statistics.median(bare_cpu) * 1000},
    )]

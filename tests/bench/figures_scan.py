"""Scan to card shown, as a person sees it: key events typed by a "scanner" into a field of the
running main window (built on the big profile) until the card page shows the dossier."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.bench.figures_lookup import sample_rows
from tests.bench.harness import Figure, Target, not_measured
from tests.bench.profiles import REPO, demo_profile

CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from ui.app import build_window, make_context

class Clock:  # key timestamps 4 ms apart: a scanner, not a person
    def __init__(self): self.now = 0.0
    def __call__(self, _event):
        self.now += 4
        return self.now

app = QApplication(sys.argv[:1])
ctx = make_context(Path(sys.argv[1]))
ctx.officer_id = "canbo1"
window = build_window(ctx, scan_clock=Clock())
window.show()
ready = QEventLoop()  # the store opens behind the first paint; scan once it is open
ctx.when_store_ready(lambda: QTimer.singleShot(0, ready.quit))
QTimer.singleShot(60_000, ready.quit)
ready.exec()
page = window.card_page
codes = json.loads(sys.argv[2])
shown = []
page.card_shown.connect(lambda card: shown.append(card.code))
samples = []
for i, code in enumerate(codes):
    receive_page = window.tabs.widget(0)
    window.show_page(receive_page)
    field = receive_page.findChildren(QLineEdit)[0]
    field.setFocus()
    app.processEvents()
    loop = QEventLoop()
    page.card_shown.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    started = time.perf_counter()
    QTest.keyClicks(field, code.lower())
    QTest.keyClick(field, Qt.Key.Key_Return)
    if not (shown and shown[-1] == code):
        loop.exec()
    app.processEvents()  # the card's widgets updated and painted
    took = time.perf_counter() - started
    page.card_shown.disconnect(loop.quit)
    if shown[-1] != code:
        raise SystemExit(f"card not shown for {code}")
    if i:  # the first scan warms the pool and the caches
        samples.append(took)
print(json.dumps({"median_ms": statistics.median(samples) * 1000, "runs": len(samples)}))
ctx.tasks.wait_all()
"""


def run(cfg) -> list[Figure]:
    label = f"scan to card shown in the running window ({cfg.dossiers:,} dossiers)"
    try:
        import ui.card.wiring  # noqa: F401
    except ImportError as exc:
        return [not_measured(label, "ms", Target(), f"the card page is missing ({exc})")]
    profile = demo_profile(cfg.dossiers, log=cfg.log)
    codes = [code for code, _ in sample_rows(profile / "counter.sqlite3", min(cfg.runs, 41) + 1, seed=9)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, str(profile), json.dumps(codes)], cwd=REPO, env=env,
                         capture_output=True, encoding="utf-8", text=True, timeout=600)
    if out.returncode != 0:
        return [not_measured(label, "ms", Target(), f"the window did not show the card: {out.stderr[-300:]}")]
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return [Figure(name=label, unit="ms", value=data["median_ms"], runs=data["runs"], target=Target())]

"""The start as a person meets it, beside a bare PySide6 QMainWindow's first paint, all as
subprocesses timed from their spawn.

- the real start (`counter-app --profile P`, the big profile): spawn → the sign-in dialog
  painted, and spawn → the receive form accepting a save, the password typed in as soon as
  the dialog is painted (``tests.bench.start_children.REAL``);
- the main window alone (``ui.app.build_window``, no sign-in): spawn → its first paint.

Measured warm (offscreen and under Xvfb) with a bytecode cache, as an installed copy has;
cold (the page cache dropped before each child, where this process may: root on Linux);
and warm without a bytecode cache (every module compiled at each start). Each child's CPU
time is given beside its wall time. Whatever a child leaves in the profile (a start-up
backup, a log rotated) is removed after it; the bytecode cache lives in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bench.harness import Figure, Target, not_measured
from tests.bench.profiles import REPO, demo_profile
from tests.bench.start_children import BARE, MAIN_WINDOW, REAL, Run, child_env, spawn

USER, PASSWORD = "canbo1", "demo1234"  # the demo's officer
SIGN_IN, SAVE = "start to the sign-in dialog painted", "start to a save possible after a correct password"
SIGN_IN_TARGET, SAVE_TARGET = Target(max_ratio=2), Target(max_ratio=3)
DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_page_cache() -> str | None:
    """Empty the OS page cache (a first start after boot); the reason when not allowed."""
    try:
        os.sync()
        DROP_CACHES.write_text("3\n")
    except OSError as exc:
        return f"dropping the page cache needs root on Linux ({exc.strerror or exc})"
    return None


@contextmanager
def xvfb() -> Iterator[str | None]:
    """A display of an Xvfb server of our own (None when Xvfb is not installed); Xvfb writes its
    display number on a pipe once it accepts clients."""
    if shutil.which("Xvfb") is None:
        yield None
        return
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        yield f":{number}" if number else None
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextmanager
def leaves_nothing(profile: Path) -> Iterator[Callable[[], None]]:
    """Yields a function that removes whatever appeared in *profile* since (called after each
    child, and once more at the end)."""
    before = {p for p in profile.rglob("*")}

    def clean() -> None:
        for path in sorted(set(profile.rglob("*")) - before, key=lambda p: len(p.parts), reverse=True):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    try:
        yield clean
    finally:
        clean()


def _median_ms(runs: list[Run], mark: str, what: str = "wall") -> float:
    return statistics.median(getattr(r, what)[mark] for r in runs) * 1000


def _real_start(label: str, profile: Path, env: dict, runs: int, clean, *, before=None,
                warmup: bool = True) -> list[Figure]:
    """The real start and the bare window alternately, *runs* times each; two figures."""
    bare, real = [], []
    for i in range(runs + (1 if warmup else 0)):
        if before:
            before()
        b = spawn(BARE, env=env, cwd=REPO)
        if before:
            before()
        r = spawn(REAL, str(profile), USER, PASSWORD, env=env, cwd=REPO)
        clean()
        if warmup and i == 0:
            continue  # fills the bytecode cache and the file cache of both
        bare.append(b)
        real.append(r)
    base, base_cpu = _median_ms(bare, "painted"), _median_ms(bare, "painted", "cpu")
    common = dict(unit="ms", baseline=base, baseline_name="bare QMainWindow, first paint", runs=runs)
    password_to_save = statistics.median(r.wall["save_possible"] - r.wall["password_submitted"] for r in real)
    return [
        Figure(name=f"{SIGN_IN} ({label})", value=_median_ms(real, "signin_painted"), target=SIGN_IN_TARGET,
               extra={"cpu_ms": _median_ms(real, "signin_painted", "cpu"), "baseline_cpu_ms": base_cpu},
               **common),
        Figure(name=f"{SAVE} ({label})", value=_median_ms(real, "save_possible"), target=SAVE_TARGET,
               extra={"cpu_ms": _median_ms(real, "save_possible", "cpu"), "baseline_cpu_ms": base_cpu,
                      "password_to_save_ms": password_to_save * 1000,
                      "window_shown_at_ms": _median_ms(real, "window_shown")},
               **common),
    ]


def _main_window(label: str, profile: Path, env: dict, runs: int, clean) -> Figure:
    """The main window alone (no sign-in) beside the bare window: its first paint."""
    spawn(BARE, env=env, cwd=REPO)
    spawn(MAIN_WINDOW, str(profile), env=env, cwd=REPO)
    clean()
    bare, app = [], []
    for _ in range(runs):
        bare.append(spawn(BARE, env=env, cwd=REPO))
        app.append(spawn(MAIN_WINDOW, str(profile), env=env, cwd=REPO))
        clean()
    return Figure(
        name=f"first paint of the main window alone, no sign-in ({label})", unit="ms",
        value=_median_ms(app, "painted"), baseline=_median_ms(bare, "painted"),
        baseline_name="bare QMainWindow", runs=runs, target=Target(max_ratio=2),
        extra={"cpu_ms": _median_ms(app, "painted", "cpu"), "baseline_cpu_ms": _median_ms(bare, "painted", "cpu"),
               # after the figure: the receive page's procedure list filled, every page added
               "procedures_listed_at_ms": _median_ms(app, "procedures_listed"),
               "store_ready_at_ms": _median_ms(app, "store_ready")},
    )


def run(cfg) -> list[Figure]:
    profile = demo_profile(cfg.dossiers, log=cfg.log)
    runs = max(cfg.slow_runs, 5)
    cold_runs = 3
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp, leaves_nothing(profile) as clean:
        compiled, bare_source = str(Path(tmp) / "pyc"), str(Path(tmp) / "no-pyc")
        warm = child_env("offscreen", compiled, compiled=True)
        figures += _real_start("offscreen, warm, bytecode cache", profile, warm, runs, clean)
        with xvfb() as display:
            if display is None:
                reason = "Xvfb is not installed"
                figures += [not_measured(f"{SIGN_IN} (Xvfb)", "ms", SIGN_IN_TARGET, reason),
                            not_measured(f"{SAVE} (Xvfb)", "ms", SAVE_TARGET, reason)]
            else:
                xcb = child_env("xcb", compiled, compiled=True, display=display)
                figures += _real_start("Xvfb, warm, bytecode cache", profile, xcb, runs, clean)
        reason = drop_page_cache()
        if reason is None:
            started = time.perf_counter()
            figures += _real_start("offscreen, cold: page cache dropped, bytecode cache", profile, warm,
                                   cold_runs, clean, before=drop_page_cache, warmup=False)
            cfg.log(f"  cold starts: {time.perf_counter() - started:.0f} s")
        else:
            figures += [not_measured(f"{SIGN_IN} (cold)", "ms", SIGN_IN_TARGET, reason),
                        not_measured(f"{SAVE} (cold)", "ms", SAVE_TARGET, reason)]
        no_pyc = child_env("offscreen", bare_source, compiled=False)
        figures += _real_start("offscreen, warm, no bytecode cache", profile, no_pyc, runs, clean)
        figures.append(_main_window("offscreen, warm, bytecode cache", profile, warm, runs, clean))
    figures.append(_integrity_check(cfg))
    return figures


def _integrity_check(cfg) -> Figure:
    """`run_gui` quick-checks the database behind the window; how long that takes at scale
    (once, on the 100,000-dossier profile: it reads the whole file)."""
    from counter_app import backup
    from counter_app.db import DB_FILENAME

    dossiers = min(100_000, cfg.dossiers)  # a smaller run builds no bigger profile for this
    db = demo_profile(dossiers, log=cfg.log) / DB_FILENAME
    c0, t0 = time.process_time(), time.perf_counter()
    report = backup.check_integrity(db)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return Figure(name=f"start-up database check, PRAGMA quick_check ({dossiers:,} dossiers)", unit="ms",
                  value=wall * 1000, runs=1,
                  extra={"cpu_ms": cpu * 1000, "ok": report.ok, "db_mib": db.stat().st_size / 2**20})

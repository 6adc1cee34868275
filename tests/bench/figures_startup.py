"""The start as a person meets it, beside a bare PySide6 QMainWindow's first paint, all as
subprocesses timed from their spawn.

- the real start (`counter-app --profile P`, the big profile): spawn → the sign-in dialog
  painted; a correct password → the receive form accepting a save, the password given once
  what the dialog starts behind it is done (the store open: a person types for longer than
  that); and spawn → a save possible with the password given at the dialog's first paint
  (the worst case: no one types that fast) (``tests.bench.start_children.REAL``);
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
SIGN_IN = "start to the sign-in dialog painted"
PASSWORD_TO_SAVE = "a correct password to a save possible (typed while the store opens behind the dialog)"
SAVE_AT_ONCE = "start to a save possible, the password given at the dialog's first paint"
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


def _median_ms(runs: list[Run], mark: str, what: str = "wall", since: str | None = None) -> float:
    """Median milliseconds to *mark* (from spawn, or from the mark *since*)."""
    return statistics.median(getattr(r, what)[mark] - (getattr(r, what)[since] if since else 0)
                             for r in runs) * 1000


def _real_start(label: str, profile: Path, env: dict, runs: int, clean, *, before=None, warmup: bool = True,
                checkouts: dict[str, Path] | None = None) -> list[Figure]:
    """The real start (the password typed, then given at once) and the bare window in turn,
    *runs* times each; three figures for each of *checkouts* (name → source tree: this one
    by default; another, e.g. the code before a change, is measured in the same turns)."""
    checkouts = checkouts or {"": REPO}
    bare: list[Run] = []
    typed: dict[str, list[Run]] = {name: [] for name in checkouts}
    at_once: dict[str, list[Run]] = {name: [] for name in checkouts}
    for i in range(runs + (1 if warmup else 0)):
        done = []
        jobs = [(bare, BARE, (), REPO)]
        for name, tree in checkouts.items():
            jobs += [(typed[name], REAL, (str(profile), USER, PASSWORD, "typed"), tree),
                     (at_once[name], REAL, (str(profile), USER, PASSWORD, "at_paint"), tree)]
        for runs_list, code, args, tree in jobs:
            if before:
                before()
            done.append((runs_list, spawn(code, *args, env=dict(env, PYTHONPATH=str(tree)), cwd=tree)))
            clean()
        if warmup and i == 0:
            continue  # fills the bytecode cache and the file cache
        for runs_list, run in done:
            runs_list.append(run)
    base, base_cpu = _median_ms(bare, "painted"), _median_ms(bare, "painted", "cpu")
    common = dict(unit="ms", baseline=base, baseline_name="bare QMainWindow, first paint", runs=runs)
    figures = []
    for name in checkouts:
        where = f"{label}{', ' + name if name else ''}"
        t, a = typed[name], at_once[name]
        figures += [
            Figure(name=f"{SIGN_IN} ({where})", value=_median_ms(t, "signin_painted"), target=SIGN_IN_TARGET,
                   extra={"cpu_ms": _median_ms(t, "signin_painted", "cpu"), "baseline_cpu_ms": base_cpu,
                          "store_open_behind_it_at_ms": _median_ms(t, "behind_done")},
                   **common),
            Figure(name=f"{PASSWORD_TO_SAVE} ({where})",
                   value=_median_ms(t, "save_possible", since="password_submitted"), target=SAVE_TARGET,
                   extra={"cpu_ms": _median_ms(t, "save_possible", "cpu", since="password_submitted"),
                          "baseline_cpu_ms": base_cpu, "from_spawn_ms": _median_ms(t, "save_possible")},
                   **common),
            Figure(name=f"{SAVE_AT_ONCE} ({where})", value=_median_ms(a, "save_possible"),
                   extra={"cpu_ms": _median_ms(a, "save_possible", "cpu"), "baseline_cpu_ms": base_cpu,
                          "signin_painted_at_ms": _median_ms(a, "signin_painted"),
                          "window_shown_at_ms": _median_ms(a, "window_shown")},
                   **common),
        ]
    return figures


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


def _checkouts() -> dict[str, Path]:
    """This tree, and the one named by BENCH_START_BEFORE (e.g. `git archive` of the code
    before a change), measured in the same turns, for a before/after in one run."""
    other = os.environ.get("BENCH_START_BEFORE")
    if not other:
        return {"": REPO}
    return {"after": REPO, f"before: {Path(other).name}": Path(other).resolve()}


def run(cfg) -> list[Figure]:
    profile = demo_profile(cfg.dossiers, log=cfg.log)
    checkouts = _checkouts()
    runs = max(cfg.slow_runs, 5)
    cold_runs = 3
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp, leaves_nothing(profile) as clean:
        compiled, bare_source = str(Path(tmp) / "pyc"), str(Path(tmp) / "no-pyc")
        warm = child_env("offscreen", compiled, compiled=True)
        figures += _real_start("offscreen, warm, bytecode cache", profile, warm, runs, clean, checkouts=checkouts)
        with xvfb() as display:
            if display is None:
                reason = "Xvfb is not installed"
                figures += [not_measured(f"{SIGN_IN} (Xvfb)", "ms", SIGN_IN_TARGET, reason),
                            not_measured(f"{PASSWORD_TO_SAVE} (Xvfb)", "ms", SAVE_TARGET, reason)]
            else:
                xcb = child_env("xcb", compiled, compiled=True, display=display)
                figures += _real_start("Xvfb, warm, bytecode cache", profile, xcb, runs, clean, checkouts=checkouts)
        reason = drop_page_cache()
        if reason is None:
            started = time.perf_counter()
            figures += _real_start("offscreen, cold: page cache dropped, bytecode cache", profile, warm,
                                   cold_runs, clean, before=drop_page_cache, warmup=False)
            cfg.log(f"  cold starts: {time.perf_counter() - started:.0f} s")
        else:
            figures += [not_measured(f"{SIGN_IN} (cold)", "ms", SIGN_IN_TARGET, reason),
                        not_measured(f"{PASSWORD_TO_SAVE} (cold)", "ms", SAVE_TARGET, reason)]
        no_pyc = child_env("offscreen", bare_source, compiled=False)
        figures += _real_start("offscreen, warm, no bytecode cache", profile, no_pyc, runs, clean)
        figures.append(_main_window("offscreen, warm, bytecode cache", profile, warm, runs, clean))
    figures.append(_integrity_check(cfg))
    return figures


def _integrity_check(cfg) -> Figure:
    """`run_gui` quick-checks the database behind the window; how long that takes at scale
    (once, on the 100,000-dossier profile: it reads the whole file)."""
    from counter_app.store import backup
    from counter_app.store.db import DB_FILENAME

    dossiers = min(100_000, cfg.dossiers)  # a smaller run builds no bigger profile for this
    db = demo_profile(dossiers, log=cfg.log) / DB_FILENAME
    c0, t0 = time.process_time(), time.perf_counter()
    report = backup.check_integrity(db)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return Figure(name=f"start-up database check, PRAGMA quick_check ({dossiers:,} dossiers)", unit="ms",
                  value=wall * 1000, runs=1,
                  extra={"cpu_ms": cpu * 1000, "ok": report.ok, "db_mib": db.stat().st_size / 2**20})

"""`python -m tests.bench [--quick] [--json FILE] [--only NAME…]`: the benchmark suite.

Each figure is measured beside its baseline in the same run (alternating where it can), as a
median over several runs, and printed as a table; ``--json`` writes every figure as an object
with ``value``, ``unit``, ``baseline``, ``ratio`` and ``target``. Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.harness import Figure, table  # noqa: E402

# name → module:function; each function takes a Config and returns a list of Figures.
SUITES = {
    "startup": "tests.bench.figures_startup:run",
    "save": "tests.bench.figures_save:run",
    "lookup": "tests.bench.figures_lookup:run",
    "scan": "tests.bench.figures_scan:run",
    "slips": "tests.bench.figures_slips:run",
    "logbook": "tests.bench.figures_logbook:run",
    "sync": "tests.bench.figures_sync:run",
    "demo": "tests.bench.figures_demo:run",
    "digitise": "tests.bench.figures_digitise:run",
    "cipher": "tests.bench.figures_cipher:run",
    "write_path": "tests.bench.figures_write_path:run",
}


@dataclass(frozen=True)
class Config:
    """How big and how long a run is."""

    quick: bool
    dossiers: int      # the big profile: 1,000,000 (100,000 with --quick)
    runs: int          # timed runs of a cheap figure (median)
    slow_runs: int     # timed runs of an expensive one (process starts, sync rounds)
    sync_events: int   # events pushed by the sync figure

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)


def make_config(quick: bool) -> Config:
    if quick:
        return Config(quick=True, dossiers=100_000, runs=15, slow_runs=3, sync_events=2_000)
    return Config(quick=False, dossiers=1_000_000, runs=101, slow_runs=7, sync_events=10_000)


def machine() -> dict:
    """Where the figures were measured."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    mem = None
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cpu": cpu, "load_average": [round(x, 2) for x in load] if load else None, "cores": os.cpu_count(), "memory_mib": mem, "python": platform.python_version(),
            "platform": platform.platform(), "when": datetime.now().isoformat(timespec="seconds")}


OWNER = ".bench-pid"  # the process whose scratch folder it is


def remove_stale_scratch(cfg: Config) -> None:
    """Remove the scratch folders of earlier runs that were killed before they could (their
    process is gone), and say how much they held."""
    for folder in Path(tempfile.gettempdir()).glob("counter-bench-*"):
        try:
            pid = int((folder / OWNER).read_text())
            os.kill(pid, 0)
            continue  # a run still going
        except (OSError, ValueError):
            pass
        held = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
        shutil.rmtree(folder, ignore_errors=True)
        cfg.log(f"removed {folder} ({held / 2**20:,.1f} MiB), left by a run that was stopped")


@contextmanager
def scratch_folder(name: str, cfg: Config):
    """A temporary folder of the suite's own for everything it and its children make there
    (TMPDIR), removed when the suite ends, whatever it left (reported)."""
    folder = Path(tempfile.mkdtemp(prefix=f"counter-bench-{name}-"))
    (folder / OWNER).write_text(str(os.getpid()))
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = str(folder), str(folder)
    try:
        yield folder
    finally:
        if saved[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[0]
        tempfile.tempdir = saved[1]
        left = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
        shutil.rmtree(folder, ignore_errors=True)
        if left:
            cfg.log(f"[{name}] removed {left / 2**20:,.1f} MiB it left in its temporary folder")


def run_suite(name: str, cfg: Config) -> list[Figure]:
    import importlib

    module_name, fn_name = SUITES[name].split(":")
    started = time.perf_counter()
    try:
        with scratch_folder(name, cfg):
            figures = getattr(importlib.import_module(module_name), fn_name)(cfg)
    except Exception as exc:  # one broken suite must not hide the others' figures
        traceback.print_exc()
        figures = [Figure(name=f"{name} suite", unit="", not_measured=f"the suite failed: {exc!r}"[:200])]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cfg.log(f"[{name}] {time.perf_counter() - started:.0f} s, load average {load:.1f}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 dossiers and fewer runs")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--only", nargs="+", choices=list(SUITES), help="run only these suites")
    parser.add_argument("--dossiers", type=int, help="size of the big profile (default 1,000,000; quick 100,000)")
    args = parser.parse_args(argv)
    cfg = make_config(args.quick)
    if args.dossiers:
        cfg = replace(cfg, dossiers=args.dossiers)
    figures: list[Figure] = []
    remove_stale_scratch(cfg)
    for name in args.only or SUITES:
        figures.extend(run_suite(name, cfg))
    info = machine()
    print(f"\nMachine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, {info['when']},"
          f" load average {info['load_average']}"
          f" ({'quick: ' if cfg.quick else ''}{cfg.dossiers:,} dossiers)\n")
    print(table(figures))
    if args.json:
        data = {"machine": info, "quick": cfg.quick, "dossiers": cfg.dossiers,
                "figures": {f.name: f.to_json() for f in figures}}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failed = [f.name for f in figures if f.passed is False]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

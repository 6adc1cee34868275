"""What encryption at rest costs: the same work on an encrypted profile and on a plain copy.

Two profiles of the same demo data (one encrypted as every profile is, one plain SQLite
opened through the same code with :data:`counter_app.store.crypt.PLAIN`); each figure alternates
the two (save a received dossier durably, scan a code to its card, search the logbook by a
name) and reports wall and CPU medians; the target is the issue's: at most 1.3× plain.

The scan is judged by its CPU time over many lookups (each code scanned once, so every scan
reads some pages no scan read before, as at a real counter), encrypted and plain alternated
call by call: a sub-millisecond median of a few dozen calls moved by ±0.1× between runs.
"""

from __future__ import annotations

import random
import tempfile
from datetime import datetime
from pathlib import Path

import statistics
import time

from tests.bench.harness import Figure, Target, paired_medians

TARGET = Target(max_ratio=1.3)


def _profile(folder: Path, dossiers: int, *, plain: bool):
    from counter_app.store import crypt, migrate
    from counter_app.store.db import Store
    from counter_app.services.demo import create_demo

    store = Store(folder / "counter.sqlite3", key=crypt.PLAIN if plain else None)
    migrate.upgrade(store)
    create_demo(store, dossiers, seed=23)
    return store


def _codes(store, n: int) -> list[str]:
    from sqlalchemy import text

    with store.read() as s:
        codes = [r[0] for r in s.execute(text("SELECT code FROM dossier"))]
    return random.Random(5).sample(codes, min(n, len(codes)))


def _names(store, n: int) -> list[str]:
    from sqlalchemy import text

    with store.read() as s:
        names = [r[0] for r in s.execute(text("SELECT applicant_name FROM dossier LIMIT 2000"))]
    return random.Random(9).sample(names, min(n, len(names)))


def _pair(name: str, unit_scale: float, subject, baseline, runs: int) -> Figure:
    value, base, cpu, base_cpu = paired_medians(subject, baseline, runs, warmup=2)
    return Figure(name=name, unit="ms", value=value * unit_scale, baseline=base * unit_scale,
                  baseline_name="the same on a plain SQLite copy", runs=runs, target=TARGET,
                  extra={"cpu_ms": round(cpu * 1000, 3), "baseline_cpu_ms": round(base_cpu * 1000, 3),
                         "cpu_ratio": round(cpu / base_cpu, 3) if base_cpu else None})


def _pair_total(name: str, subject, baseline, runs: int) -> Figure:
    """Mean CPU milliseconds over *runs* alternated calls of each (after two warm-up calls)."""
    for _ in range(2):
        subject()
        baseline()
    s_cpu, b_cpu, s_wall, b_wall = [], [], [], []
    for _ in range(runs):
        for fn, cpu, wall in ((subject, s_cpu, s_wall), (baseline, b_cpu, b_wall)):
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    med = statistics.median
    return Figure(name=name, unit="ms CPU", value=sum(s_cpu) / runs * 1000, baseline=sum(b_cpu) / runs * 1000,
                  baseline_name="the same on a plain SQLite copy", runs=runs, target=TARGET,
                  extra={"wall_median_ms": round(med(s_wall) * 1000, 4),
                         "baseline_wall_median_ms": round(med(b_wall) * 1000, 4),
                         "wall_median_ratio": round(med(s_wall) / med(b_wall), 3)})


def run(cfg, dossiers: int | None = None) -> list[Figure]:
    from counter_app.store.lookup import lookup
    from counter_app.store.search import search_dossiers
    from counter_app.services.receiving import receive
    from tests.bench.figures_save import sample_draft

    dossiers = dossiers or (5_000 if cfg.quick else 50_000)
    label = f"{dossiers:,} dossiers, encrypted vs plain"
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-cipher-") as tmp:
        cfg.log(f"building two {dossiers:,}-dossier profiles (encrypted and plain)…")
        enc = _profile(Path(tmp) / "enc", dossiers, plain=False)
        plain = _profile(Path(tmp) / "plain", dossiers, plain=True)
        try:
            counter = iter(range(10**6))
            at = datetime(2019, 5, 7, 9, 0)  # a day the bundled code rules cover (from 2019-01-06)

            def save(store):
                return lambda: receive(store, sample_draft(next(counter), at), "canbo1")

            figures.append(_pair(f"saving a received dossier ({label})", 1000, save(enc), save(plain),
                                 max(cfg.runs // 2, 7)))
            scans = min(dossiers - 2, 1_000 if cfg.quick else 5_000)
            codes = _codes(plain, scans + 2)
            enc_codes, plain_codes = iter(codes), iter(codes)
            figures.append(_pair_total(f"scan to dossier card, CPU over {scans:,} scans ({label})",
                                       lambda: lookup(enc, next(enc_codes) + "\r"),
                                       lambda: lookup(plain, next(plain_codes) + "\r"), scans))
            names = _names(plain, 20)
            enc_names, plain_names = iter(names * 50), iter(names * 50)

            def search(store, it):
                def once():
                    with store.read() as s:
                        search_dossiers(s, next(it))
                return once

            figures.append(_pair(f"logbook name search ({label})", 1000, search(enc, enc_names),
                                 search(plain, plain_names), cfg.runs * 3))
        finally:
            enc.dispose()
            plain.dispose()
    return figures

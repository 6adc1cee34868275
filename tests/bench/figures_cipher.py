"""What encryption at rest costs: the same work on an encrypted profile and on a plain copy.

Two profiles of the same demo data (one encrypted as every profile is, one plain SQLite
opened through the same code with :data:`counter_app.store.crypt.PLAIN`); each figure alternates
the two (save a received dossier durably, scan a code to its card, search the logbook by a
name) and reports wall and CPU medians; the target is the issue's: at most 1.3× plain.
"""

from __future__ import annotations

import random
import tempfile
from datetime import datetime
from pathlib import Path

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


def run(cfg) -> list[Figure]:
    from counter_app.store.lookup import lookup
    from counter_app.store.search import search_dossiers
    from counter_app.services.receiving import receive
    from tests.bench.figures_save import sample_draft

    dossiers = 5_000 if cfg.quick else 50_000
    label = f"{dossiers:,} dossiers, encrypted vs plain"
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-cipher-") as tmp:
        cfg.log(f"building two {dossiers:,}-dossier profiles (encrypted and plain)…")
        enc = _profile(Path(tmp) / "enc", dossiers, plain=False)
        plain = _profile(Path(tmp) / "plain", dossiers, plain=True)
        try:
            counter = iter(range(10**6))
            at = datetime(2012, 5, 7, 9, 0)

            def save(store):
                return lambda: receive(store, sample_draft(next(counter), at), "canbo1")

            figures.append(_pair(f"saving a received dossier ({label})", 1000, save(enc), save(plain),
                                 max(cfg.runs // 2, 7)))
            codes = _codes(plain, cfg.runs * 3 + 2)
            enc_codes, plain_codes = iter(codes * 3), iter(codes * 3)
            figures.append(_pair(f"scan to dossier card ({label})", 1000,
                                 lambda: lookup(enc, next(enc_codes) + "\r"),
                                 lambda: lookup(plain, next(plain_codes) + "\r"), cfg.runs * 3))
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

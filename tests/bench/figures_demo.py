"""How fast `counter-app demo` fills a profile (no target: it sizes the benchmark's own setup)."""

from __future__ import annotations

import json
import tempfile
import time

from tests.bench.harness import Figure
from tests.bench.profiles import CACHE, MARKER, cli, schema_revision


def run(cfg) -> list[Figure]:
    n = 5_000 if cfg.quick else 20_000
    rates = []
    for _ in range(2 if cfg.quick else 3):
        with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
            started = time.perf_counter()
            cli("--profile", tmp, "demo", "--dossiers", str(n))
            rates.append(n / (time.perf_counter() - started))
    rates.sort()
    figures = [Figure(name=f"demo generation ({n:,} dossiers, whole command)", unit="dossiers/s",
                      value=rates[len(rates) // 2], runs=len(rates))]
    for marker in sorted(CACHE.glob(f"demo-{schema_revision()}-*/{MARKER}")):
        info = json.loads(marker.read_text())
        figures.append(Figure(
            name=f"demo generation of the cached {info['dossiers']:,}-dossier profile", unit="dossiers/s",
            value=info["dossiers"] / info["wall_seconds"], runs=1,
            extra={"wall_seconds": info["wall_seconds"], "events": info["events"],
                   "db_mib": info["db_bytes"] / 2**20},
        ))
    return figures

"""Demo profiles for the benchmarks, built once and cached under ``.bench/`` by schema revision."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".bench"
MARKER = "bench-profile.json"


def schema_revision() -> str:
    """The newest migration of this working tree (a cached profile is only valid for it)."""
    from counter_app.store.migrate import head_revision

    return head_revision() or "none"


def cli(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``counter-app`` in a subprocess with this interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", *args],
        cwd=REPO, env=env or os.environ.copy(), capture_output=True, encoding="utf-8", text=True, check=check,
    )


def demo_profile(dossiers: int, *, log=print) -> Path:
    """A demo profile with *dossiers* dossiers at the current schema, built on first use."""
    path = CACHE / f"demo-{schema_revision()}-{dossiers}"
    marker = path / MARKER
    if marker.exists():
        return path
    if _upgrade_older(dossiers, path, log):
        return path
    if path.exists():
        shutil.rmtree(path)  # an interrupted build
    log(f"building the {dossiers:,}-dossier demo profile in {path} (once per schema revision)…")
    started = time.perf_counter()
    out = cli("--profile", str(path), "demo", "--dossiers", str(dossiers))
    took = time.perf_counter() - started
    info = json.loads(out.stdout)
    info["wall_seconds"] = round(took, 1)
    info["db_bytes"] = (path / "counter.sqlite3").stat().st_size
    marker.write_text(json.dumps(info, indent=2))
    log(f"  built in {took:.0f} s ({info['db_bytes'] / 2**20:,.0f} MiB)")
    return path


def _upgrade_older(dossiers: int, path: Path, log) -> bool:
    """Migrate a complete profile of an older schema revision in place (cheaper than a rebuild)."""
    from counter_app.store import migrate
    from counter_app.store.db import DB_FILENAME, Store

    older = [p for p in CACHE.glob(f"demo-*-{dossiers}") if p != path and (p / MARKER).exists()]
    for old in sorted(older, key=lambda p: p.stat().st_mtime, reverse=True):
        log(f"migrating the cached profile {old.name} to schema {schema_revision()}…")
        store = Store(old / DB_FILENAME)
        try:
            migrate.upgrade(store)
        except Exception as exc:  # e.g. a profile made by a newer build: leave it, build afresh
            log(f"  could not migrate it ({exc}); building a new one")
            continue
        finally:
            store.dispose()
        old.rename(path)
        return True
    return False


def build_info(path: Path) -> dict:
    """What the build of a cached profile recorded (dossiers, events, seconds, size)."""
    return json.loads((path / MARKER).read_text())


if __name__ == "__main__":  # python -m tests.bench.profiles N: build a profile ahead of a run
    print(demo_profile(int(sys.argv[1])))

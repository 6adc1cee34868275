"""Build the one-folder bundle with packaging/build.py and run its selftest offscreen (slow)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_built_bundle_passes_its_selftest(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "work"
    build = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist), "--work", str(work)],
        capture_output=True, encoding="utf-8", text=True, timeout=1800,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    built = json.loads(build.stdout)
    exe = dist / "counter-app" / ("counter-app.exe" if sys.platform.startswith("win") else "counter-app")
    assert Path(built["executable"]) == exe and exe.is_file()
    assert (dist / "counter-app" / "_internal" / "resources" / "catalogue" / "seed.json").is_file()
    assert list((dist / "counter-app" / "_internal" / "counter_app" / "store" / "migrations" / "versions").glob("*.py"))

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    run = subprocess.run([str(exe), "selftest"], capture_output=True, text=True, timeout=300, env=env,
                         cwd=tmp_path, encoding="utf-8")
    report = json.loads(run.stdout)
    failed = [c for c in report["checks"] if not c["ok"]]
    assert failed == [] and run.returncode == 0, run.stderr[-2000:]
    assert report["frozen"] is True
    checks = {c["name"]: c["detail"] for c in report["checks"]}
    assert checks["resources"]["root"] == str(dist / "counter-app" / "_internal" / "resources")
    assert checks["migrate"]["migrations_dir"].startswith(str(dist / "counter-app" / "_internal"))
    assert checks["demo_data"]["dossiers"] == 5
    assert checks["pdf_stack"]["pages"] == 1
    assert checks["scan_pdfa"]["bytes"] > 0 and checks["scan_pdfa"]["lxml_loaded"] is False
    # the size goal of the Linux one-folder bundle (packaging/README.md: what each trim saved)
    size = sum(p.stat().st_size for p in (dist / "counter-app").rglob("*") if p.is_file() and not p.is_symlink())
    assert size <= 150_000_000, f"the bundle is {size / 1e6:.1f} MB (goal: at most 150 MB)"
    assert checks["slip"]["pages"] == 1  # a real receipt slip: fonts, form templates, barcodes
    assert checks["translations"] == {"en": True}

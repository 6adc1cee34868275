"""Build the one-folder bundle: `python packaging/build.py` → `dist/counter-app/counter-app`.

Steps: compile the Qt Linguist translations (.ts → .qm), run PyInstaller on
`packaging/counter-app.spec`, then print the bundle's size and the build time as JSON.
Works the same on Linux and Windows (run it with the project's virtual environment).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "counter-app.spec"
TRANSLATIONS = ROOT / "resources" / "translations"


def tool(name: str) -> str:
    """A console tool installed next to this Python (pyinstaller, pyside6-lrelease)."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / name, scripts / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the project with its 'packaging' extra")
    return found


def compile_translations() -> list[Path]:
    """Run lrelease on every .ts file; returns the .qm files written."""
    written = []
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


def folder_size(path: Path) -> int:
    """Bytes in *path*, counting every file once."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable_path(dist: Path) -> Path:
    suffix = ".exe" if sys.platform.startswith("win") else ""
    return dist / "counter-app" / f"counter-app{suffix}"


def build(dist: Path, work: Path, *, clean: bool) -> dict:
    """Build the bundle into *dist*/counter-app and describe it."""
    started = time.monotonic()
    compile_translations()
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
        "--distpath", str(dist), "--workpath", str(work), "--log-level", "WARN",
    ]
    if clean:
        command.append("--clean")
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    exe = executable_path(dist)
    if not exe.exists():
        raise SystemExit(f"PyInstaller finished but {exe} is missing")
    bundle = exe.parent
    return {
        "bundle": str(bundle),
        "executable": str(exe),
        "size_bytes": folder_size(bundle),
        "size_mb": round(folder_size(bundle) / 1_000_000, 1),
        "build_seconds": round(time.monotonic() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    args = parser.parse_args(argv)
    report = build(args.dist.resolve(), args.work.resolve(), clean=args.clean)
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

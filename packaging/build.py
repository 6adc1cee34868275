"""Build the one-folder bundle: `python packaging/build.py` → `dist/counter-app/counter-app`.

Steps: compile the Qt Linguist translations (.ts → .qm), run PyInstaller on
`packaging/counter-app.spec`, then print the bundle's size and the build time as JSON.
Works the same on Linux and Windows (run it with the project's virtual environment).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from translations import compile_all  # packaging/ is on the path: this file is run as a script

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "counter-app.spec"


def folder_size(path: Path) -> int:
    """Bytes in *path*, counting every file once."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable_path(dist: Path) -> Path:
    suffix = ".exe" if sys.platform.startswith("win") else ""
    return dist / "counter-app" / f"counter-app{suffix}"


def trim_icu(work: Path) -> Path | None:
    """Qt's ICU data trimmed to Vietnamese and English (Linux; see icu_trim.py), or None."""
    if sys.platform.startswith("win"):
        return None
    import importlib.util

    import icu_trim

    spec = importlib.util.find_spec("PySide6")
    library = icu_trim.find_icudata(Path(spec.origin).parent / "Qt" / "lib") if spec else None
    if library is None:
        return None
    missing = icu_trim.missing_tools()
    if missing:
        sys.stderr.write(f"ICU data kept whole ({library.stat().st_size / 1e6:.0f} MB): "
                         f"{', '.join(missing)} not installed (Debian: icu-devtools, gcc)\n")
        return None
    return icu_trim.trimmed_icudata(library, work / "icu")


def build(dist: Path, work: Path, *, clean: bool) -> dict:
    """Build the bundle into *dist*/counter-app and describe it."""
    started = time.monotonic()
    compile_all()
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
        "--distpath", str(dist), "--workpath", str(work), "--log-level", "WARN",
    ]
    if clean:
        command.append("--clean")
    env = dict(os.environ, PYTHONHASHSEED="0")
    icu = trim_icu(work)
    if icu is not None:
        env["COUNTER_TRIMMED_ICU"] = str(icu)
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    exe = executable_path(dist)
    if not exe.exists():
        raise SystemExit(f"PyInstaller finished but {exe} is missing")
    bundle = exe.parent
    size = folder_size(bundle)
    return {
        "bundle": str(bundle),
        "executable": str(exe),
        "size_bytes": size,
        "size_mb": round(size / 1_000_000, 1),
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

"""Size and start time of a built bundle: `python packaging/measure.py [--runs 5]`.

Start time is the wall time of whole processes, measured several times, median reported:
`counter-app --help` (the frozen interpreter and the CLI's imports), and `counter-app
selftest` (which also migrates a new profile, writes demo data, renders PDFs and builds the
main window offscreen; its `window` check is the time from build_window to a painted window).
The first run after a build is reported apart: it is the closest to a cold start.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from build import folder_size  # packaging/ is on the path: this file is run as a script

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows: wall time only
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and CPU time (user + system; less sensitive to a busy machine) of one run."""
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env)
    return time.perf_counter() - started, _children_cpu() - cpu, done


def _window_titles() -> str:
    done = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, encoding="utf-8")
    return done.stdout


def gui_start(exe: Path, runs: int, timeout_s: float = 60.0) -> dict:
    """Seconds from launching the window application to its sign-in window on the X server.

    Needs a display (run under xvfb-run) and xwininfo. The profile is a demo agency, so the
    start goes through the integrity check, the start-up backup and the migration check,
    then shows the sign-in dialog: the first thing a person sees.
    """
    import shutil
    import tempfile

    if shutil.which("xwininfo") is None or not os.environ.get("DISPLAY"):
        return {"skipped": "needs DISPLAY and xwininfo (run under xvfb-run)"}
    tmp = Path(tempfile.mkdtemp(prefix="counter-measure-"))
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    try:
        subprocess.run([str(exe), "--profile", str(tmp), "demo", "--dossiers", "300"], check=True,
                       capture_output=True, env=dict(env, QT_QPA_PLATFORM="offscreen"))
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            proc = subprocess.Popen([str(exe), "--profile", str(tmp)], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                while "Đăng nhập" not in _window_titles():  # polling the X server, 100 Hz at most
                    if proc.poll() is not None or time.perf_counter() - started > timeout_s:
                        return {"error": f"no sign-in window (exit code {proc.returncode})"}
                    time.sleep(0.01)
                times.append(time.perf_counter() - started)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
        return {"first_s": round(times[0], 2), "median_s": round(statistics.median(times), 2),
                "min_s": round(min(times), 2), "max_s": round(max(times), 2)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "counter-app")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gui", action="store_true",
                        help="also time the window application to its sign-in window (under xvfb-run)")
    args = parser.parse_args(argv)
    exe = args.bundle / ("counter-app.exe" if sys.platform.startswith("win") else "counter-app")
    if sys.platform.startswith("win") and (args.bundle / "counter-app-cli.exe").exists():
        exe = args.bundle / "counter-app-cli.exe"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    size = folder_size(args.bundle)

    results: dict[str, dict] = {}
    for name, extra in (("help", ["--help"]), ("selftest", ["selftest"])):
        walls, cpus, window = [], [], []
        for _ in range(args.runs):
            wall, cpu, done = timed([str(exe), *extra], env)
            cpus.append(cpu)
            if done.returncode != 0:
                sys.stderr.write(done.stdout[-2000:] + done.stderr[-2000:])
                return 1
            walls.append(wall)
            if name == "selftest":
                checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
                window.append(checks["window"]["seconds"])
        results[name] = {
            "first_s": round(walls[0], 2),
            "median_s": round(statistics.median(walls), 2),
            "min_s": round(min(walls), 2),
            "max_s": round(max(walls), 2),
            "cpu_median_s": round(statistics.median(cpus), 2),
        }
        if window:
            results[name]["window_check_median_s"] = round(statistics.median(window), 2)
    if args.gui:
        results["gui_to_sign_in_window"] = gui_start(exe, args.runs)
    report = {"bundle": str(args.bundle), "size_mb": round(size / 1_000_000, 1), "runs": args.runs, **results}
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A private CUPS scheduler with CUPS-PDF queues that behave like real printers, for print tests.

The scheduler runs from its own folder and socket (a system cupsd, if any, is left alone) and
its queues write what they print as PDF files, through the same filters a real printer's
job goes through. Their PPDs are CUPS-PDF's with what a real printer reports: a laser with
4.2 mm hardware margins at 600 dpi, a 203 dpi label printer with its 100 × 50 mm roll, a
printer whose margins are too wide (8 mm), and a printer that only takes US Letter.
Needs root (the CUPS-PDF backend runs as root and reads /etc/cups/cups-pdf-<queue>.conf).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CUPSD = "/usr/sbin/cupsd"
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_CONF = Path("/etc/cups")
# CUPS-PDF's Ghostscript call without its two rewrites of the job: no automatic page
# rotation (the page keeps the orientation the job gave it) and no downsampling of images to
# 300 dpi (a printer receives the job's pixels as sent).
GS_CALL = ("%s -q -dCompatibilityLevel=%s -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite "
           '-sOutputFile="%s" -dAutoRotatePages=/None -dAutoFilterColorImages=false '
           "-dColorImageFilter=/FlateEncode -dAutoFilterGrayImages=false -dGrayImageFilter=/FlateEncode "
           "-dPDFSETTINGS=/prepress -dDownsampleColorImages=false -dDownsampleGrayImages=false "
           "-dDownsampleMonoImages=false -c -f %s")
START_TIMEOUT_S = 30
JOB_TIMEOUT_S = 90
OUTPUT_GRACE_S = 15  # how long a completed job may take to show its PDF before it counts as lost


class CupsUnavailable(Exception):
    """CUPS cannot be started here; the message says why."""


@dataclass
class Queue:
    name: str
    out: Path  # where CUPS-PDF writes this queue's jobs


@dataclass
class Scheduler:
    root: Path
    socket: Path
    process: subprocess.Popen
    queues: dict[str, Queue] = field(default_factory=dict)
    confs: list[Path] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    done_jobs: set[str] = field(default_factory=set)  # completed job ids already accounted for

    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket)}

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, env=self.env(), capture_output=True, encoding="utf-8", text=True, timeout=30)

    def log_tail(self, lines: int = 30) -> str:
        log = self.root / "log" / "error_log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""

    def wait_for_output(self, queue: str, timeout_s: float = JOB_TIMEOUT_S) -> Path:
        """The PDF the queue wrote for its next job (a file not returned before); fails
        (AssertionError) after *timeout_s*."""
        out = self.queues[queue].out
        deadline = time.monotonic() + timeout_s
        finished_at = None  # when a new job was seen completed with no file yet
        while time.monotonic() < deadline:
            pending = self.run("lpstat", "-o", queue).stdout.strip()
            files = sorted(set(out.glob("*.pdf")) - self.seen)
            done = {line.split()[0] for line in self.run("lpstat", "-W", "completed", "-o", queue).stdout.splitlines()
                    if line.strip()}
            if files and not pending:
                self.seen.add(files[-1])
                self.done_jobs |= done
                return files[-1]
            # A job of this call completed (not one of an earlier call's) and still no file: CUPS-PDF
            # may finish writing a moment after the job is marked done, so only a lasting absence fails.
            if not pending and done - self.done_jobs:
                finished_at = finished_at or time.monotonic()
                if time.monotonic() - finished_at > OUTPUT_GRACE_S:
                    raise AssertionError(f"CUPS finished the job on {queue} without output:\n{self.log_tail()}")
            time.sleep(0.2)  # polling the spool: CUPS gives no event to wait on
        raise AssertionError(f"no output from {queue} after {timeout_s:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for conf in self.confs:
            conf.unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)


def _ppd(nickname: str, *, margin_pt: float, resolution: str, keep_sizes: set[str] | None = None,
         custom: bool = True, extra_size: tuple[str, float, float] | None = None) -> str:
    text = CUPS_PDF_PPD.read_text(encoding="latin-1")

    def inset(m: re.Match) -> str:
        x0, y0, x1, y1 = map(float, m.group(2).split())
        return (f'*ImageableArea {m.group(1)}: "{x0 + margin_pt:g} {y0 + margin_pt:g} '
                f'{x1 - margin_pt:g} {y1 - margin_pt:g}"')

    text = re.sub(r'\*ImageableArea ([^:]+): "([^"]+)"', inset, text)
    text = text.replace("*HWMargins: 0 0 0 0", f"*HWMargins: {margin_pt:g} {margin_pt:g} {margin_pt:g} {margin_pt:g}")
    text = re.sub(r'\*NickName:\s*"[^"]*"', f'*NickName: "{nickname}"', text)
    text = re.sub(r"\*DefaultResolution: \S+", f"*DefaultResolution: {resolution}", text)
    if resolution not in text.split("*DefaultResolution")[1]:
        text = text.replace("*CloseUI: *Resolution",
                            f'*Resolution {resolution}/{resolution}: "<</HWResolution[{resolution[:-3]} '
                            f'{resolution[:-3]}]>>setpagedevice"\n*CloseUI: *Resolution')
    lines = text.splitlines()
    if keep_sizes is not None:  # only these paper sizes, as a printer with one tray
        size_line = re.compile(r"\*(PageSize|PageRegion|ImageableArea|PaperDimension) ([^/:]+)[/:]")
        lines = [ln for ln in lines if not (m := size_line.match(ln)) or m.group(2) in keep_sizes]
        lines = [re.sub(r"\*Default(PageSize|PageRegion|ImageableArea|PaperDimension): \S+",
                        rf"*Default\1: {sorted(keep_sizes)[0]}", ln) for ln in lines]
    if not custom:
        drop = ("*CustomPageSize", "*ParamCustomPageSize", "*VariablePaperSize", "*MaxMedia",
                "*NonUIOrderDependency: 100 AnySetup *CustomPageSize", "<</PageSize [ 5 -2 roll ]")
        lines = [ln for ln in lines if not ln.startswith(drop)]
        text = "\n".join(lines)
        text = re.sub(r'\*CustomPageSize True: "pop pop pop\n[^"]*"\n\*End\n', "", text)
        lines = text.splitlines()
    text = "\n".join(lines) + "\n"
    if extra_size is not None:
        name, w, h = extra_size
        for key, value in (("PageSize", f'"<</PageSize[{w:g} {h:g}]/ImagingBBox null>>setpagedevice"'),
                           ("PageRegion", f'"<</PageSize[{w:g} {h:g}]/ImagingBBox null>>setpagedevice"'),
                           ("ImageableArea", f'"0 0 {w:g} {h:g}"'), ("PaperDimension", f'"{w:g} {h:g}"')):
            text = re.sub(rf"(\*Default{key}: \S+\n)", rf"\1*{key} {name}/{name}: {value}\n", text, count=1)
            text = re.sub(rf"(\*Default{key}): \S+", rf"\1: {name}", text, count=1)
    return text


def _conf_files(root: Path, socket: Path) -> tuple[Path, Path]:
    cupsd = root / "etc" / "cupsd.conf"
    cupsd.write_text(f"""LogLevel info
Listen {socket}
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
    files = root / "etc" / "cups-files.conf"
    files.write_text(f"""ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/run
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
FileDevice No
""")
    return cupsd, files


QUEUES = {
    # name: PPD options
    "ct_laser": dict(nickname="A4 laser with hardware margins", margin_pt=12, resolution="600dpi"),
    "ct_label": dict(nickname="203 dpi label printer", margin_pt=0, resolution="203dpi",
                     extra_size=("w142h283", 142, 283)),  # PPD sizes are whole points
    "ct_wide_margins": dict(nickname="Printer with 8 mm margins", margin_pt=23, resolution="600dpi"),
    "ct_letter_only": dict(nickname="US Letter only", margin_pt=12, resolution="600dpi",
                           keep_sizes={"Letter"}, custom=False),
}


def start_scheduler() -> Scheduler:
    """Start a private cupsd with the QUEUES, or raise CupsUnavailable saying why."""
    missing = [str(p) for p in (Path(CUPSD), CUPS_PDF_PPD, CUPS_PDF_BACKEND) if not p.exists()]
    if missing or not shutil.which("lpadmin"):
        raise CupsUnavailable(f"CUPS or CUPS-PDF is not installed ({', '.join(missing) or 'lpadmin'}); "
                              "scripts/setup.sh installs cups and printer-driver-cups-pdf")
    if os.geteuid() != 0:
        raise CupsUnavailable("a private cupsd with the CUPS-PDF backend needs root (as in CI)")
    root = Path(tempfile.mkdtemp(prefix="counter-cups-"))
    root.chmod(0o755)  # filters run as the lp user and read the spool
    for sub in ("etc/ppd", "spool/tmp", "cache", "run", "log", "out"):
        (root / sub).mkdir(parents=True)
    socket = root / "run" / "cups.sock"
    cupsd_conf, files_conf = _conf_files(root, socket)
    process = subprocess.Popen([CUPSD, "-f", "-c", str(cupsd_conf), "-s", str(files_conf)],
                               stdout=subprocess.DEVNULL, stderr=(root / "log" / "stderr").open("w"))
    scheduler = Scheduler(root, socket, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while scheduler.run("lpstat", "-r").returncode != 0:
            if process.poll() is not None or time.monotonic() > deadline:
                raise CupsUnavailable(f"cupsd did not start: {(root / 'log' / 'stderr').read_text()}"
                                      f"{scheduler.log_tail()}")
            time.sleep(0.1)  # polling the scheduler's socket until it answers
        for name, options in QUEUES.items():
            ppd = root / f"{name}.ppd"
            ppd.write_text(_ppd(**options), encoding="latin-1")
            out = root / "out" / name
            out.mkdir()
            conf = CUPS_PDF_CONF / f"cups-pdf-{name}.conf"
            conf.write_text(f"Out {out}\nAnonDirName {out}\nLog {root}/log\nGSCall {GS_CALL}\n")
            scheduler.confs.append(conf)
            done = scheduler.run("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{name}", "-P", str(ppd))
            if done.returncode != 0:
                raise CupsUnavailable(f"lpadmin could not add {name}: {done.stderr}")
            scheduler.queues[name] = Queue(name, out)
    except BaseException:
        scheduler.stop()
        raise
    return scheduler

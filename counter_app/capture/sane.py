"""SANE back end (Linux): drives a scanner through ``scanimage`` (Debian ``sane-utils``).

``scanimage -A`` tells what the device can do (modes, resolutions, sources, the scan area);
the scan itself is one ``scanimage --batch`` run writing one TIFF per page, from the feeder
until it is empty, or one page from the flatbed. SANE's own ``test`` back end is a real device
for this code (tests/core/test_capture_sane.py): ``test:0`` has a flatbed and a 10-sheet feeder
and can be told to fail (``--read-return-value SANE_STATUS_JAMMED``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from counter_app.capture import CaptureError, CaptureProblem, ColorMode, DeviceInfo, ScanSettings
from counter_app.domain.errors import message

A4_MM = (210.0, 297.0)
TIMEOUT_S = 600  # a 50-sheet feeder at 300 dpi stays well under this; a hung driver does not

_OPTION = re.compile(r"^\s+(--?[\w-]+)(?:\[=\(([^)]*)\)\])?\s*(.*?)\s*(?:\[(.*)\])?\s*$")


@dataclass(frozen=True)
class SaneOptions:
    """What one device offers, read from ``scanimage -d DEVICE -A``."""

    modes: tuple[str, ...]
    sources: tuple[str, ...]
    resolutions: tuple[int, ...] | tuple[int, int]  # a list of values, or (min, max) of a range
    resolution_is_range: bool
    max_width_mm: float | None
    max_height_mm: float | None
    extra: dict[str, str]  # other options by name → their allowed values as printed

    def mode_for(self, mode: ColorMode) -> str | None:
        wanted = ("gray", "grey") if mode is ColorMode.GRAY else ("color", "colour")
        return next((m for m in self.modes if any(w in m.lower() for w in wanted)), None)

    def nearest_resolution(self, dpi: int) -> int:
        if self.resolution_is_range:
            low, high = self.resolutions
            return min(max(dpi, low), high)
        at_least = [r for r in self.resolutions if r >= dpi]
        return min(at_least) if at_least else max(self.resolutions, default=dpi)

    def feeder_source(self, duplex: bool) -> str | None:
        for source in self.sources:
            low = source.lower()
            is_feeder = "adf" in low or "feeder" in low or "duplex" in low
            if is_feeder and ("duplex" in low) == duplex:
                return source
        return None

    def flatbed_source(self) -> str | None:
        return next((s for s in self.sources if "flatbed" in s.lower()), None)


def parse_options(text: str) -> SaneOptions:
    """The options of ``scanimage -A`` output (only those the counter sets)."""
    modes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    resolutions: tuple[int, ...] = ()
    is_range = False
    width = height = None
    extra: dict[str, str] = {}
    for line in text.splitlines():
        m = _OPTION.match(line)
        if not m or line.strip().startswith("[") or not line.startswith("    -"):
            continue
        name, _flag_values, values, _current = m.groups()
        values = values or ""
        if name == "--mode":
            modes = tuple(v.strip() for v in values.split("|") if v.strip())
        elif name == "--source":
            sources = tuple(v.strip() for v in values.split("|") if v.strip())
        elif name == "--resolution":
            values = values.replace("dpi", "").split("(")[0].strip()
            if ".." in values:
                low, high = values.split("..", 1)
                resolutions, is_range = (int(float(low)), int(float(high))), True
            else:
                resolutions = tuple(int(float(v)) for v in values.split("|") if v.strip())
        elif name in ("-x", "-y"):
            span = re.search(r"\.\.([\d.]+)mm", values)
            if span:
                if name == "-x":
                    width = float(span.group(1))
                else:
                    height = float(span.group(1))
        else:
            extra[name] = values
    return SaneOptions(modes, sources, resolutions, is_range, width, height, extra)


class SaneScanner:
    """The :class:`~counter_app.capture.CaptureSource` of SANE devices, through ``scanimage``.

    *env* is added to the process environment (e.g. ``SANE_CONFIG_DIR``); *extra_args* are
    passed to every scan (device-specific options such as the test device's ``--test-picture``).
    """

    def __init__(self, scanimage: str = "scanimage", *, env: Mapping[str, str] | None = None,
                 extra_args: Sequence[str] = (), timeout_s: float = TIMEOUT_S):
        self.scanimage = scanimage
        self.env = {**os.environ, **(env or {})}
        self.extra_args = tuple(extra_args)
        self.timeout_s = timeout_s

    def _run(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        exe = shutil.which(self.scanimage, path=self.env.get("PATH"))
        if exe is None:
            raise CaptureError(CaptureProblem.NOT_AVAILABLE, message("capture.no_sane"))
        try:
            return subprocess.run([exe, *args], capture_output=True, env=self.env, timeout=self.timeout_s,
                                  check=False, **kwargs)
        except subprocess.TimeoutExpired:
            raise CaptureError(CaptureProblem.DEVICE_FAILED,
                               message("capture.timeout", seconds=f"{self.timeout_s:g}")) from None

    def devices(self) -> list[DeviceInfo]:
        done = self._run(["-f", "%d\t%v\t%m\t%t%n"])
        found = []
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            parts = line.split("\t")
            if len(parts) == 4 and parts[0]:
                found.append(DeviceInfo(*parts))
        return found

    def options(self, device: str) -> SaneOptions:
        done = self._run(["-d", device, "-A"])
        if done.returncode != 0:
            raise _device_error(device, done.stderr.decode("utf-8", "replace"), pages=0)
        return parse_options(done.stdout.decode("utf-8", "replace"))

    def _device(self, settings: ScanSettings) -> str:
        if settings.device:
            return settings.device
        found = self.devices()
        if not found:
            raise CaptureError(CaptureProblem.NO_DEVICE, message("capture.no_scanner"))
        return found[0].name

    def scan_args(self, settings: ScanSettings, options: SaneOptions) -> list[str]:
        """The scanimage options that give *settings* on a device offering *options*."""
        args: list[str] = []
        mode = options.mode_for(settings.mode)
        if mode:
            args += ["--mode", mode]
        if options.resolutions:
            args += ["--resolution", str(options.nearest_resolution(settings.resolution))]
        source = None
        if settings.duplex:
            source = options.feeder_source(duplex=True)
            if source is None and "--adf-mode" in options.extra and "duplex" in options.extra["--adf-mode"].lower():
                args += ["--adf-mode", "Duplex"]
                source = options.feeder_source(duplex=False)
            elif source is None and "--duplex" in options.extra:
                args += ["--duplex=yes"]
                source = options.feeder_source(duplex=False)
            elif source is None:
                raise CaptureError(CaptureProblem.UNSUPPORTED, message("capture.no_duplex"))
        elif settings.feeder:
            source = options.feeder_source(duplex=False)
        if source is None and options.sources:
            source = options.flatbed_source() or options.sources[0]
        if source:
            args += ["--source", source]
        width = min(A4_MM[0], options.max_width_mm or A4_MM[0])
        height = min(A4_MM[1], options.max_height_mm or A4_MM[1])
        args += ["-l", "0", "-t", "0", "-x", f"{width:g}", "-y", f"{height:g}"]
        return args

    def capture(self, settings: ScanSettings, dest: Path) -> list[Path]:
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        device = self._device(settings)
        options = self.options(device)
        args = ["-d", device, *self.scan_args(settings, options), *self.extra_args,
                "--format=tiff", f"--batch={dest / 'page-%04d.tif'}"]
        uses_feeder = any(a.lower().startswith(("automatic", "adf")) or "feeder" in a.lower() for a in args)
        if not uses_feeder:
            args.append("--batch-count=1")
        before = set(dest.glob("page-*.tif"))
        done = self._run(args)
        pages = sorted(set(dest.glob("page-*.tif")) - before)
        stderr = done.stderr.decode("utf-8", "replace")
        if done.returncode != 0 or not pages:
            # A feeder run ends with "out of documents" after its last page and exits 0: an
            # error only when nothing was scanned. Any other error drops the run's pages (a jam
            # mid-run means the officer feeds the pile again), so nothing half scanned is kept.
            for page in pages:
                page.unlink(missing_ok=True)
            raise _device_error(device, stderr, pages=len(pages))
        return pages


def _device_error(device: str, stderr: str, *, pages: int) -> CaptureError:
    low = stderr.lower()
    last = next((line for line in reversed(stderr.strip().splitlines()) if "scanimage:" in line), "")
    detail = last.split("scanimage:", 1)[-1].strip()[:200]
    if "open of device" in low or "invalid argument" in low and "open" in low:
        return CaptureError(CaptureProblem.NO_DEVICE, message("capture.cannot_open", device=device))
    if "out of documents" in low or "no documents" in low or "no docs" in low:
        return CaptureError(CaptureProblem.NO_PAPER, message("capture.feeder_empty"))
    if "jammed" in low:
        return CaptureError(CaptureProblem.DEVICE_FAILED, message("capture.jammed"))
    if "cover" in low:
        return CaptureError(CaptureProblem.DEVICE_FAILED, message("capture.cover_open"))
    if pages == 0 and not detail:
        return CaptureError(CaptureProblem.NO_PAPER, message("capture.no_page"))
    return CaptureError(CaptureProblem.DEVICE_FAILED, message("capture.device_error", device=device,
                                                              detail=detail or message("capture.unknown")))

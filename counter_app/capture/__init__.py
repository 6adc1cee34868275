"""Capturing a dossier's pages: one interface, several back ends (SANE, WIA, a watched folder, files).

A back end is anything with the :class:`CaptureSource` shape: ``capture(settings, dest)``
writes the pages it got into the folder *dest* (one image file per page, in order) and returns
their paths, or raises :class:`CaptureError` with a :class:`CaptureProblem` and a message for
the officer. No Qt here: the window runs a capture on a worker, the CLI and the tests call it
directly. The pages then go through :mod:`counter_app.capture.pages` (blank pages dropped,
compressed) and :mod:`counter_app.capture.pdfa` (one PDF/A-2b per document).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

from counter_app.domain.errors import CounterError, Said

#: What the technical guidance asks for (DOMAIN.md §11): 200 dpi, 300 for small print.
DEFAULT_DPI = 200
SMALL_PRINT_DPI = 300
MIN_DPI, MAX_DPI = 150, 600


class ColorMode(str, enum.Enum):
    GRAY = "gray"
    COLOR = "color"

    def __str__(self) -> str:
        return self.value


class CaptureProblem(str, enum.Enum):
    """Why a capture gave no pages."""

    NO_DEVICE = "no_device"          # no scanner by that name, or none at all
    DEVICE_FAILED = "device_failed"  # the scanner answered with an error (jam, cover open, I/O)
    NO_PAPER = "no_paper"            # the feeder is empty / nothing was scanned
    UNSUPPORTED = "unsupported"      # a setting the device cannot do (duplex on a flatbed…)
    BAD_FILE = "bad_file"            # a file that is not a readable PDF/JPEG/PNG/TIFF page
    NOT_AVAILABLE = "not_available"  # the back end cannot run on this computer

    def __str__(self) -> str:
        return self.value


class CaptureError(CounterError):
    """A capture failed; ``problem`` says why, ``message`` says it to the officer (a code)."""

    def __init__(self, problem: CaptureProblem, said: Said):
        self.problem = problem
        super().__init__(said)


@dataclass(frozen=True)
class ScanSettings:
    """How this workstation scans (stored per profile: :mod:`counter_app.store.scan_settings`)."""

    device: str | None = None        # the back end's device name (SANE "test:0", a WIA id); None: the first
    resolution: int = DEFAULT_DPI
    mode: ColorMode = ColorMode.GRAY
    duplex: bool = False
    remove_blank: bool = True        # drop blank pages (the back of one-sided sheets in duplex)
    feeder: bool = True              # the document feeder when the device has one, else the flatbed

    def small_print(self) -> ScanSettings:
        """The same settings at the resolution for small print (300 dpi at least)."""
        return replace(self, resolution=max(self.resolution, SMALL_PRINT_DPI))


@dataclass(frozen=True)
class DeviceInfo:
    """A scanner a back end can use."""

    name: str
    vendor: str = ""
    model: str = ""
    kind: str = ""


@runtime_checkable
class CaptureSource(Protocol):
    """A back end that gets a document's pages as image files."""

    def devices(self) -> list[DeviceInfo]:
        """The scanners (or folders) this back end can capture from now."""
        ...

    def capture(self, settings: ScanSettings, dest: Path) -> list[Path]:
        """Write the captured pages into *dest*, one file per page in order; their paths."""
        ...

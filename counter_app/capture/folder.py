"""Watched-folder back end: a network scanner (scan-to-folder/SMB) drops PDF, JPEG or TIFF files
into a folder; the counter takes the files that are complete, oldest first.

A file still being written is not taken: it must parse whole (a PDF with its trailer, an
image that decodes) and its size must not have changed since the previous look. Taken files
are moved to ``<folder>/da-nhap/`` only after their pages were stored (:meth:`done`), so a
crash between taking and storing loses nothing: the files are still in the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from counter_app.capture import CaptureError, CaptureProblem, DeviceInfo, ScanSettings
from counter_app.domain.errors import message
from counter_app.capture.pages import read_pages

SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".tif", ".tiff", ".png"})
DONE_FOLDER = "da-nhap"


class WatchedFolder:
    """The :class:`~counter_app.capture.CaptureSource` of a scan-to-folder network scanner."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self._sizes: dict[Path, int] = {}

    def devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(str(self.folder), kind="folder")] if self.folder.is_dir() else []

    def ready(self) -> list[Path]:
        """The files complete now, oldest first (call again later for the ones still growing)."""
        if not self.folder.is_dir():
            raise CaptureError(CaptureProblem.NO_DEVICE, message("capture.no_folder", folder=str(self.folder)))
        found = []
        for entry in os.scandir(self.folder):
            path = Path(entry.path)
            if not entry.is_file() or path.suffix.lower() not in SUFFIXES or path.name.startswith((".", "~")):
                continue
            size = entry.stat().st_size
            previous, self._sizes[path] = self._sizes.get(path), size
            if size == 0 or previous != size:
                continue  # new or still growing: look again next time
            try:
                read_pages([path])
            except CaptureError:
                continue  # not whole yet (or never will be: it stays for a person to look at)
            found.append((entry.stat().st_mtime_ns, path.name, path))
        return [p for _, _, p in sorted(found)]

    def capture(self, settings: ScanSettings, dest: Path) -> list[Path]:
        """The complete files, as they are (pages are read from them by counter_app.capture.pages)."""
        files = self.ready()
        if not files:
            raise CaptureError(CaptureProblem.NO_PAPER, message("capture.folder_empty", folder=str(self.folder)))
        return files

    def done(self, files: list[Path]) -> list[Path]:
        """Move stored files out of the way (to ``da-nhap/``); their new paths."""
        target = self.folder / DONE_FOLDER
        target.mkdir(exist_ok=True)
        moved = []
        for path in files:
            dest = target / path.name
            n = 1
            while dest.exists():
                dest = target / f"{path.stem}-{n}{path.suffix}"
                n += 1
            os.replace(path, dest)
            self._sizes.pop(path, None)
            moved.append(dest)
        return moved


class ChosenFiles:
    """The :class:`~counter_app.capture.CaptureSource` of files a person chose or dragged in."""

    def __init__(self, paths: list[Path | str]):
        self.paths = [Path(p) for p in paths]

    def devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(str(p), kind="file") for p in self.paths]

    def capture(self, settings: ScanSettings, dest: Path) -> list[Path]:
        read_pages(self.paths)  # refuse a bad file before anything is stored
        return list(self.paths)

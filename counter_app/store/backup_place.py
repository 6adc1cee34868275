"""Where backups go: checking the folder an administrator chooses, and whether it shares a disk with the data.

Backups kept on the disk of the data are lost with it (a reimaged C:, a dead disk), so the
administrator names a second place: another drive, a USB disk, a network share. The folder
must exist, be writable and lie outside the profile (:func:`check_backup_folder`). Until
then, and whenever the folder is on the data's volume, :func:`assess` says so and the window
and ``counter-app check`` warn. Folders used before (the default ``<profile>/backups``
before a folder was set, an earlier folder, an old per-user profile's backups) are
remembered in ``<profile>/backup-folders-before.txt`` so a restore still finds their backups.

The volume test is one decision with the OS calls passed in (:func:`same_volume`): POSIX
compares ``st_dev``; Windows compares the volume mount point of each path
(``GetVolumePathNameW``, else the drive or UNC share from ``os.path.splitdrive``).
"""

from __future__ import annotations

import ntpath
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from counter_app.domain.errors import FieldError, ValidationFailed, message

PREVIOUS_FILE = "backup-folders-before.txt"
FIELD = "backup.dir"


class Placement(str, Enum):
    """Where the backups are, compared with the data."""

    ELSEWHERE = "elsewhere"  # another volume: the wanted state
    NOT_SET = "not_set"  # no folder chosen: backups inside the profile, on the data's disk
    SAME_DISK = "same_disk"  # a folder was chosen, on the data's volume
    UNREACHABLE = "unreachable"  # the chosen folder is missing now (a share offline, a USB disk out)


@dataclass(frozen=True)
class BackupPlacement:
    folder: Path
    placement: Placement

    @property
    def warn(self) -> bool:
        return self.placement is not Placement.ELSEWHERE


# --- the volume -----------------------------------------------------------------------------

def windows_volume(path: str) -> str:
    """The volume mount point of *path* on Windows (``C:\\``, ``D:\\``, ``\\\\server\\share\\``,
    a folder a volume is mounted on), through ``GetVolumePathNameW``; the drive or UNC share
    from ``ntpath.splitdrive`` when that call is not available or fails."""
    if sys.platform == "win32":
        try:
            import ctypes

            buffer = ctypes.create_unicode_buffer(1024)
            if ctypes.windll.kernel32.GetVolumePathNameW(str(path), buffer, len(buffer)):  # type: ignore[attr-defined]
                return buffer.value
        except (AttributeError, OSError):
            pass
    return ntpath.splitdrive(str(path))[0] + "\\"


def same_volume(a: Path | str, b: Path | str, *, platform: str = sys.platform,
                stat: Callable[[str], os.stat_result] = os.stat,
                volume: Callable[[str], str] = windows_volume) -> bool:
    """Whether *a* and *b* (existing paths) are on the same volume. On Windows *volume* maps a
    path to its mount point (compared without case); elsewhere ``stat(path).st_dev`` decides."""
    if platform == "win32":
        return volume(str(a)).rstrip("\\/").casefold() == volume(str(b)).rstrip("\\/").casefold()
    return stat(str(a)).st_dev == stat(str(b)).st_dev


# --- checking a chosen folder ---------------------------------------------------------------

def _inside(child: Path, parent: Path) -> bool:
    c, p = os.path.normcase(str(child)), os.path.normcase(str(parent))
    return c == p or c.startswith(p.rstrip("\\/") + os.sep)


def check_backup_folder(folder: Path | str, profile_dir: Path | str) -> Path:
    """The folder, made absolute, when backups may go there; else ValidationFailed saying why
    (it does not exist, is not a folder, cannot be written, or lies inside the profile)."""
    text = str(folder).strip()
    if not text:
        raise ValidationFailed([FieldError(FIELD, message("backup_place.empty"))])
    path = Path(os.path.expanduser(text))
    if not path.is_absolute():
        raise ValidationFailed([FieldError(FIELD, message("backup_place.not_absolute", path=text))])
    if not path.exists():
        raise ValidationFailed([FieldError(FIELD, message("backup_place.missing", path=str(path)))])
    if not path.is_dir():
        raise ValidationFailed([FieldError(FIELD, message("backup_place.a_file", path=str(path)))])
    resolved, profile = path.resolve(), Path(profile_dir).resolve()
    if _inside(resolved, profile):
        raise ValidationFailed([FieldError(FIELD, message("backup_place.inside_profile", path=str(path),
                                                          profile=str(profile)))])
    try:  # os.access says little on Windows (ACLs, shares): write a file and remove it
        with tempfile.NamedTemporaryFile(dir=path, prefix=".counter-write-test-", delete=True):
            pass
    except OSError as exc:
        raise ValidationFailed([FieldError(FIELD, message("backup_place.not_writable", path=str(path),
                                                          reason=exc.strerror or str(exc)))]) from exc
    return path


def assess(profile_dir: Path | str, folder: Path | str, *, configured: bool,
           on_same_volume: Callable[[Path, Path], bool] = same_volume) -> BackupPlacement:
    """Where the backups of *profile_dir* are (*folder*, *configured* by an administrator or
    the default) compared with the data."""
    folder = Path(folder)
    if not configured or _inside(folder.resolve(), Path(profile_dir).resolve()):
        return BackupPlacement(folder, Placement.NOT_SET)
    if not folder.is_dir():
        return BackupPlacement(folder, Placement.UNREACHABLE)
    try:
        same = on_same_volume(Path(profile_dir), folder)
    except OSError:
        return BackupPlacement(folder, Placement.UNREACHABLE)
    return BackupPlacement(folder, Placement.SAME_DISK if same else Placement.ELSEWHERE)


# --- folders used before ----------------------------------------------------------------------

def previous_folders(profile_dir: Path | str) -> list[Path]:
    """Backup folders this profile used before (a restore lists their backups too)."""
    path = Path(profile_dir) / PREVIOUS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [Path(line.strip()) for line in lines if line.strip()]


def remember_previous(profile_dir: Path | str, folder: Path | str) -> None:
    """Add *folder* to the folders used before (once)."""
    known = previous_folders(profile_dir)
    if Path(folder) in known:
        return
    path = Path(profile_dir) / PREVIOUS_FILE
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"{folder}\n")


def current_placement(profile_dir: Path | str, session=None) -> BackupPlacement:
    """Where this profile's backups go now (the ``backup.dir`` setting, else the hint file,
    else the default inside the profile), assessed."""
    from counter_app.store import backup  # backup imports this module

    folder = backup.backup_folder(Path(profile_dir), session)
    return assess(profile_dir, folder, configured=folder != backup.default_folder(Path(profile_dir)))

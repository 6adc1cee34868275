"""Where the profile (the counter's data folder) is, and adopting an older per-user profile.

A counter PC keeps one profile for the machine, whoever signs in to Windows: on Windows the
default is ``%PROGRAMDATA%\\CounterApp\\profile`` (the installer makes ``CounterApp`` there
with modify rights for the PC's users); elsewhere an XDG-like ``$XDG_DATA_HOME/counter-app``
(``~/.local/share/counter-app``). ``--profile`` and the ``COUNTER_PROFILE`` environment
variable override it, in that order.

Versions up to 0.1 kept the profile per Windows user (``%LOCALAPPDATA%\\counter\\counter-app``).
Such a profile is *adopted* when the machine-wide one has no database yet: its files are
copied (the database through SQLite's backup API; copies take the ACL of the new folder,
which a rename on the same volume would not) and the old folder is left as it was, with a
``moved-to.txt`` note that stops a second adoption. Its backups stay where they are and are
listed for a restore (``counter_app.store.backup.candidate_folders``). When the machine-wide
profile already has a database, an old profile that was never adopted is left alone and
reported (``LEGACY_LEFT``): two counters' data are never merged by guesswork.

:func:`choose_profile` decides without touching the disk (the OS, the environment and the
file tests are passed in, so the Windows branch is tested on Linux); :func:`adopt_profile`
does the copying.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from counter_app.domain.paths import APP_AUTHOR, APP_NAME, DB_FILENAME

ENV_PROFILE = "COUNTER_PROFILE"
MACHINE_FOLDER = "CounterApp"  # under %PROGRAMDATA%; the installer makes it (packaging/windows/counter-app.iss)
PROFILE_FOLDER = "profile"
MOVED_NOTE = "moved-to.txt"
# Not copied on adoption: the database (copied on its own, last), its side files, the lock of
# a window, the backups and set-aside files (they stay in the old folder and are still listed),
# and the logs (the windowed program already writes the new folder's log, open: on Windows a
# copy over it would fail; the old logs stay where they are).
_NOT_COPIED = frozenset({DB_FILENAME, DB_FILENAME + "-wal", DB_FILENAME + "-shm", DB_FILENAME + "-journal",
                         "counter-app.lock", "backups", "set-aside", "logs", MOVED_NOTE})


class Source(str, Enum):
    OPTION = "option"  # --profile
    ENVIRONMENT = "environment"  # COUNTER_PROFILE
    DEFAULT = "default"


class Action(str, Enum):
    USE = "use"
    ADOPT = "adopt"  # copy the old per-user profile into the machine-wide one first
    LEGACY_LEFT = "legacy_left"  # an old per-user profile with data was not adopted (both have data)


@dataclass(frozen=True)
class ProfilePlace:
    """The decision: the profile folder, how it was chosen, and what to do about an old one."""

    path: PurePath
    source: Source
    action: Action = Action.USE
    legacy: PurePath | None = None


def machine_profile_dir(platform: str, environ: Mapping[str, str]) -> PurePath:
    """The default profile folder for *platform* (``sys.platform``) and *environ*."""
    if platform == "win32":
        base = environ.get("PROGRAMDATA") or environ.get("ALLUSERSPROFILE") or r"C:\ProgramData"
        return PureWindowsPath(base) / MACHINE_FOLDER / PROFILE_FOLDER
    xdg = environ.get("XDG_DATA_HOME", "")
    if xdg and PurePosixPath(xdg).is_absolute():  # the XDG spec: a relative value is ignored
        return PurePosixPath(xdg) / APP_NAME
    home = environ.get("HOME") or str(Path.home())
    return PurePosixPath(home) / ".local" / "share" / APP_NAME


def legacy_profile_dir(platform: str, environ: Mapping[str, str]) -> PurePath | None:
    """Where versions up to 0.1 kept the profile on *platform* when it differs (Windows only:
    ``platformdirs.user_data_dir("counter-app", "counter")``), else None."""
    if platform != "win32":
        return None
    local = environ.get("LOCALAPPDATA")
    if not local:
        profile = environ.get("USERPROFILE")
        if not profile:
            return None
        local = str(PureWindowsPath(profile) / "AppData" / "Local")
    return PureWindowsPath(local) / APP_AUTHOR / APP_NAME


def choose_profile(explicit: Path | str | None, *, platform: str, environ: Mapping[str, str],
                   is_file: Callable[[PurePath], bool]) -> ProfilePlace:
    """The profile folder: *explicit* (``--profile``), else ``COUNTER_PROFILE``, else the
    machine-wide default, adopting an old per-user profile when the default has no database.
    *is_file* tells whether a file exists (``lambda p: Path(p).is_file()`` for real)."""
    flavour = PureWindowsPath if platform == "win32" else PurePosixPath
    if explicit:
        return ProfilePlace(flavour(str(explicit)), Source.OPTION)
    if environ.get(ENV_PROFILE, "").strip():
        return ProfilePlace(flavour(environ[ENV_PROFILE].strip()), Source.ENVIRONMENT)
    machine = machine_profile_dir(platform, environ)
    legacy = legacy_profile_dir(platform, environ)
    if legacy is None or not is_file(legacy / DB_FILENAME) or is_file(legacy / MOVED_NOTE):
        return ProfilePlace(machine, Source.DEFAULT)
    if is_file(machine / DB_FILENAME):
        return ProfilePlace(machine, Source.DEFAULT, Action.LEGACY_LEFT, legacy)
    return ProfilePlace(machine, Source.DEFAULT, Action.ADOPT, legacy)


def current_choice(explicit: Path | str | None = None) -> ProfilePlace:
    """:func:`choose_profile` for this process's OS and environment."""
    return choose_profile(explicit, platform=sys.platform, environ=os.environ, is_file=lambda p: Path(p).is_file())


def adopt_profile(legacy: Path, machine: Path) -> list[Path]:
    """Copy the old per-user profile *legacy* into *machine* (files first, the database last,
    so a copy cut short is simply done again at the next start), then leave ``moved-to.txt``
    in *legacy*. Nothing in *legacy* is changed or deleted otherwise. Returns what was copied.
    An OSError (no right to write, a full disk) leaves *legacy* as it was."""
    from counter_app.store.db import copy_database  # SQLAlchemy stays out of the paths' imports

    legacy, machine = Path(legacy), Path(machine)
    machine.mkdir(parents=True, exist_ok=True)
    copied: list[Path] = []
    for entry in sorted(legacy.iterdir()):
        if entry.name in _NOT_COPIED or entry.name.endswith(".part"):
            continue
        target = machine / entry.name
        if entry.is_dir():
            # copy2 keeps times, not security descriptors: the copies inherit the new folder's rights
            shutil.copytree(entry, target, dirs_exist_ok=True, copy_function=shutil.copy2)
        else:
            shutil.copy2(entry, target)
        copied.append(target)
    from counter_app.store.backup_place import remember_previous

    remember_previous(machine, legacy / "backups")  # its backups stay there and are listed for a restore
    from counter_app.store import crypt

    old_db = legacy / DB_FILENAME
    if crypt.is_plain(old_db):
        # A version before the encryption left it plain; SQLite's backup cannot copy a plain
        # file into an encrypted one, so its bytes (and its WAL's) are copied as they are, and
        # the first open converts the shared copy (counter_app.store.db.encrypt_profile).
        for suffix in ("-wal", ""):  # the database last: a copy cut short is redone whole
            source = old_db.with_name(old_db.name + suffix)
            if source.exists():
                shutil.copy2(source, machine / source.name)
        copied.append(machine / DB_FILENAME)
    else:
        copied.append(copy_database(old_db, machine / DB_FILENAME))
    (legacy / MOVED_NOTE).write_text(f"{machine}\n", encoding="utf-8")
    return copied

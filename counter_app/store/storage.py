"""Telling a full or unwritable disk apart from a damaged database.

A full disk makes SQLite answer ``SQLITE_FULL`` ("database or disk is full") or, when it
cannot even grow its shared-memory file, ``SQLITE_IOERR_*`` ("disk I/O error"); a read-only
folder answers ``SQLITE_READONLY`` or ``SQLITE_CANTOPEN``. None of these means the file is
damaged, and restoring a backup would only throw away the newest data: the cure is to free
space or give back write access. :func:`storage_problem` recognises them (from SQLite's error
codes first, the OS's errno next, the message last) and says how much is free and what in
the profile could be freed. The words for a person are made in ``ui/``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FULL = "full"            # no space left (or a file-size or quota limit)
READ_ONLY = "read_only"  # the folder or file cannot be written (permissions, read-only medium)
IO_ERROR = "io_error"    # the disk refused a read or write, with space left: check the disk

#: Below this much free space an I/O error is taken for a full disk (SQLite's shared memory
#: and journal need a few pages; tmpfs and some network drives report a full disk this way).
LOW_SPACE_BYTES = 4 * 1024 * 1024

_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


@dataclass(frozen=True)
class Reclaimable:
    """Something in or beside the profile that may be deleted or moved to free space."""

    what: str        # backups | set_aside | prints
    path: Path
    size: int
    files: int


@dataclass(frozen=True)
class StorageProblem:
    """The disk, not the data: what went wrong, where, how much is free, what could be freed."""

    kind: str                      # FULL | READ_ONLY | IO_ERROR
    folder: Path
    free_bytes: int | None
    detail: str                    # the error as the system gave it
    reclaimable: tuple[Reclaimable, ...] = ()


def _chain(exc: BaseException | None) -> Iterable[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        orig = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of the DB-API error
        if isinstance(orig, BaseException) and id(orig) not in seen:
            yield orig
            seen.add(id(orig))
        exc = exc.__cause__ or exc.__context__


def storage_kind(exc: BaseException) -> str | None:
    """FULL, READ_ONLY or IO_ERROR when *exc* (or what caused it) is the disk's doing; None
    when it is not (damage, a bug, a lock held too long…)."""
    from counter_app.store import crypt  # crypt writes its files through this module

    for err in _chain(exc):
        if isinstance(err, sqlite3.Error | crypt.Error):
            name = getattr(err, "sqlite_errorname", "") or ""
            if name == "SQLITE_FULL":
                return FULL
            if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                return READ_ONLY
            if name.startswith("SQLITE_IOERR"):
                return IO_ERROR
            text = str(err).lower()
            if "disk is full" in text:
                return FULL
            if "readonly database" in text or "unable to open database file" in text:
                return READ_ONLY
            if "disk i/o error" in text:
                return IO_ERROR
        elif isinstance(err, OSError) and err.errno is not None:
            if err.errno in _FULL_ERRNOS:
                return FULL
            if err.errno in _READ_ONLY_ERRNOS:
                return READ_ONLY
            if err.errno == errno.EIO:
                return IO_ERROR
    return None


def _writable(folder: Path) -> bool:
    """True when a file can be made in *folder* now (what a read-only disk or folder refuses)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def free_bytes(folder: Path) -> int | None:
    """Free space of the volume holding *folder* (its nearest existing parent), or None."""
    path = Path(folder)
    while not path.exists() and path.parent != path:
        path = path.parent
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def _size_of(folder: Path) -> tuple[int, int]:
    total = count = 0
    try:
        for item in Path(folder).rglob("*"):
            if item.is_file():
                total += item.stat().st_size
                count += 1
    except OSError:
        pass
    return total, count


def reclaimable(profile_dir: Path, backup_folders: Iterable[Path] = ()) -> tuple[Reclaimable, ...]:
    """What could be freed, biggest first: old backups, files set aside by restores, printed slips."""
    out = []
    places = [("backups", Path(f)) for f in backup_folders]
    places += [("set_aside", Path(profile_dir) / "set-aside"), ("prints", Path(profile_dir) / "prints")]
    seen: set[Path] = set()
    for what, folder in places:
        if folder in seen or not folder.is_dir():
            continue
        seen.add(folder)
        size, files = _size_of(folder)
        if files:
            out.append(Reclaimable(what, folder, size, files))
    return tuple(sorted(out, key=lambda r: r.size, reverse=True))


def storage_problem(exc: BaseException, profile_dir: Path,
                    backup_folders: Iterable[Path] = ()) -> StorageProblem | None:
    """The :class:`StorageProblem` behind *exc*, or None when the disk is not to blame."""
    kind = storage_kind(exc)
    if kind is None:
        return None
    if kind == READ_ONLY and _writable(Path(profile_dir)):
        return None  # SQLite "cannot open" for another reason (a folder where the file should be…)
    free = free_bytes(profile_dir)
    if kind == IO_ERROR and free is not None and free < LOW_SPACE_BYTES:
        kind = FULL
    return StorageProblem(kind, Path(profile_dir), free, str(exc).splitlines()[0][:300],
                          reclaimable(profile_dir, backup_folders) if kind == FULL else ())


def write_bytes_durably(path: Path, data: bytes, *, private: bool = False) -> None:
    """Replace *path* with *data*: the old content or the new, never a torn file, on disk on
    return (a temporary file beside it, fsync, atomic rename, fsync of the folder where the OS
    allows it; NTFS journals the rename itself). *private*: the file is owner-only (0600)
    from its creation."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                     0o600 if private else 0o666)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in *folder* durable (POSIX; Windows cannot open a folder to sync it)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: The first 16 bytes of a plain (unencrypted) SQLite file.
SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain(path: Path | str) -> bool:
    """True when *path* is a plain (unencrypted) SQLite file (a header read: no SQLCipher needed)."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_HEADER
    except OSError:
        return False


def write_json_durably(path: Path, data: dict) -> None:
    """:func:`write_bytes_durably` of *data* as UTF-8 JSON."""
    write_bytes_durably(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


class JsonMapsCache:
    """The maps of small JSON files as last read, re-read only when a file's identity changed:
    a read is then one ``stat`` instead of open, read and parse (a save reads two such files).

    A file is only ever replaced whole (:func:`write_bytes_durably`: a new file renamed over
    it), so a change gives it another inode, size or modification time, whichever process
    wrote it (only a new file of the very same size, given the inode number just freed, within
    the file system's clock tick, would pass unseen). What it hands out is shared: read it,
    never change it.
    """

    def __init__(self, names: tuple[str, ...]):
        self.names = names
        self._seen: dict[Path, tuple[tuple[int, ...], dict[str, dict]]] = {}

    def read(self, path: Path) -> dict[str, dict]:
        """The maps of *path* (each {} when absent), as :func:`read_json_maps` reads them."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            self._seen.pop(path, None)
            return {name: {} for name in self.names}
        except OSError:
            return read_json_maps(path, self.names)
        identity = (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        seen = self._seen.get(path)
        if seen is not None and seen[0] == identity:
            return seen[1]
        maps = read_json_maps(path, self.names)
        self._seen[path] = (identity, maps)
        return maps

    def forget(self, path: Path) -> None:
        """Read *path* afresh next time (this process is about to replace it)."""
        self._seen.pop(path, None)


def read_json_maps(path: Path, names: tuple[str, ...]) -> dict[str, dict]:
    """The maps *names* of a small JSON file written by :func:`write_json_durably` (each {}
    when absent). An unreadable file is renamed ``*.unreadable``, kept for a person to look at,
    and read as empty: callers keep it only as a bound the database also gives."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {name: {} for name in names}
    except (OSError, ValueError):
        try:
            path.replace(path.with_name(path.name + ".unreadable"))
        except OSError:
            pass
        return {name: {} for name in names}
    data = data if isinstance(data, dict) else {}
    return {name: data[name] if isinstance(data.get(name), dict) else {} for name in names}

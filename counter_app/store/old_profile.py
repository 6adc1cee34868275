"""An old per-user profile left in clear after its adoption, and removing it once the shared
copy is proved to hold what it held.

Adoption (:func:`counter_app.store.profile_place.adopt_profile`) copies a version 0.1 profile
(``%LOCALAPPDATA%\\counter\\counter-app``) into the machine-wide one and leaves the old
folder as it was, with ``moved-to.txt``. A 0.1 profile predates the encryption: its database,
its scans (``documents/**/*.pdf``) and its backups stay readable on disk by anyone who can read
that folder. :func:`find_left_in_clear` finds it (``check`` and the start report it);
:func:`remove_old_profile` deletes it after checking that every dossier of the old database
(by id and code) and every scan is in the shared profile, and forgets its backup folder.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import CounterError, message
from counter_app.domain.paths import DB_FILENAME
from counter_app.store.profile_place import MOVED_NOTE, legacy_profile_dir
from counter_app.store.storage import is_plain, write_bytes_durably


class OldProfileDiffers(CounterError):
    """The shared profile lacks something of the old one: nothing was deleted."""


@dataclass(frozen=True)
class LeftInClear:
    """An adopted old profile that still holds data in clear."""

    folder: Path
    moved_to: str          # what moved-to.txt names (the shared profile)
    plain_database: bool   # counter.sqlite3 is a plain SQLite file
    plain_files: int       # plain scans, backups and set-aside copies
    size: int              # bytes in the folder


def _plain_files(folder: Path) -> list[Path]:
    found = sorted((folder / "documents").glob("*/*.pdf"))
    for sub in ("backups", "set-aside"):
        found += [p for p in sorted((folder / sub).glob("*.sqlite3")) if is_plain(p)]
    return found


def _size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                pass
    return total


def find_left_in_clear(folder: Path | None = None, *, platform: str | None = None,
                       environ: Mapping[str, str] | None = None, measure: bool = True) -> LeftInClear | None:
    """The old per-user profile at *folder* (default: this Windows user's 0.1 place) when it
    was adopted (``moved-to.txt``) and still holds data in clear; else None. Cheap: a few
    file headers (and, with *measure*, a walk of the folder for its size; else size is 0)."""
    if folder is None:
        place = legacy_profile_dir(platform or sys.platform, os.environ if environ is None else environ)
        if place is None:
            return None
        folder = Path(str(place))
    folder = Path(folder)
    try:
        if not (folder / MOVED_NOTE).is_file():
            return None
        moved_to = (folder / MOVED_NOTE).read_text(encoding="utf-8").strip()
        plain_db = is_plain(folder / DB_FILENAME)
        plain = _plain_files(folder)
    except OSError:
        return None
    if not plain_db and not plain:
        return None
    return LeftInClear(folder, moved_to, plain_db, len(plain), _size(folder) if measure else 0)


def _dossiers(conn) -> dict[str, str]:
    return {str(i): str(c) for i, c in conn.execute("SELECT id, code FROM dossier").fetchall()}


def missing_in_shared(folder: Path, store) -> list[str]:
    """What of the old profile at *folder* the shared *store* does not hold: dossier codes
    (a dossier counts by its id and code) and scans ("scan <hash>"). [] when all is there."""
    from counter_app.store.document_files import DocumentFiles

    folder = Path(folder)
    old_db = folder / DB_FILENAME
    missing: list[str] = []
    if old_db.is_file() and old_db.stat().st_size > 0:
        from counter_app.store import crypt

        old = crypt.connect(old_db, key=crypt.PLAIN if is_plain(old_db) else store.key, read_only=True)
        try:
            old_dossiers = _dossiers(old)
        finally:
            old.close()
        shared = store.connect(read_only=True)
        try:
            now = _dossiers(shared)
        finally:
            shared.close()
        missing += sorted(code for i, code in old_dossiers.items() if now.get(i) != code)
    files = DocumentFiles(store.path.parent, key=store.key)
    for plain in sorted((folder / "documents").glob("*/*.pdf")):
        digest = plain.parent.name + plain.stem
        if not files.verify(digest):
            missing.append(f"scan {digest[:12]}")
    return missing


@dataclass(frozen=True)
class Removed:
    folder: Path
    dossiers_checked: int
    size: int


def record_removed(store, officer_id: str, removed: Removed) -> None:
    """The audit entry of an old profile's removal by *officer_id* (one transaction)."""
    from counter_app.store.audit import Action, audit

    with store.write() as session:
        audit(session, officer_id, Action.OLD_PROFILE_REMOVED, str(removed.folder),
              {"dossiers": removed.dossiers_checked, "size": removed.size})


def remove_old_profile(folder: Path, store) -> Removed:
    """Delete the adopted old profile at *folder* after :func:`missing_in_shared` found
    nothing missing (else OldProfileDiffers, nothing deleted); forget its backup folder."""
    folder = Path(folder)
    if not (folder / MOVED_NOTE).is_file():
        raise OldProfileDiffers("old_profile.not_adopted", folder=str(folder), note=MOVED_NOTE)
    missing = missing_in_shared(folder, store)
    if missing:
        items = ", ".join(missing[:5])
        shown = message("old_profile.and_others", items=items, others=len(missing) - 5) if len(missing) > 5 else items
        raise OldProfileDiffers("old_profile.missing_in_shared", folder=str(folder), count=len(missing), shown=shown)
    old_db = folder / DB_FILENAME
    checked = 0
    if old_db.is_file() and old_db.stat().st_size > 0:
        from counter_app.store import crypt

        conn = crypt.connect(old_db, key=crypt.PLAIN if is_plain(old_db) else store.key, read_only=True)
        try:
            checked = conn.execute("SELECT count(*) FROM dossier").fetchone()[0]
        finally:
            conn.close()
    size = _size(folder)
    # The database first, the note last: a deletion cut short (a file held open) leaves a
    # folder that is still reported, never an old database without its note (adopted again).
    entries = sorted(folder.iterdir(), key=lambda p: (p.name != DB_FILENAME, p.name == MOVED_NOTE, p.name))
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    folder.rmdir()
    _forget_backup_folder(store.path.parent, folder / "backups")
    return Removed(folder, checked, size)


def _forget_backup_folder(profile_dir: Path, gone: Path) -> None:
    from counter_app.store.backup_place import PREVIOUS_FILE, previous_folders

    kept = [p for p in previous_folders(profile_dir) if p != gone]
    path = Path(profile_dir) / PREVIOUS_FILE
    if path.exists():
        write_bytes_durably(path, "".join(f"{p}\n" for p in kept).encode("utf-8"))

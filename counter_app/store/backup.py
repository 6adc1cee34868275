"""Online backups, the integrity check at start, and restoring a backup.

Backups are copies made with SQLite's online backup API while the application runs, named
``counter-YYYYmmdd-HHMMSS-<reason>.sqlite3``; one at start and one a day, those older than
``backup.keep_days`` (default 30) removed. The folder is the ``backup.dir`` setting (default
``<profile>/backups``); because a damaged database cannot be asked where its backups are, the
folder is also written to ``<profile>/backup-folder.txt``. Restoring never deletes anything:
the current file (damaged or not) is moved to ``<profile>/set-aside/`` first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from counter_app.domain.clock import now_vn
from counter_app.domain.errors import CounterError, Said, message
from counter_app.store import backup_place, crypt, settings
from counter_app.store.audit import Action as A
from counter_app.store.audit import audit
from counter_app.store.code_marks import SERVER_CHECKED_ON, CodeMarks, Mark
from counter_app.store.db import DB_FILENAME, Store, copy_database, open_store
from counter_app.store.number_marks import NumberMarks, numbers_in_database
from counter_app.store.storage import FULL, READ_ONLY, StorageProblem, storage_problem

BACKUP_DIR = "backup.dir"
BACKUP_KEEP_DAYS = "backup.keep_days"
BACKUP_LAST_AT = "backup.last_at"
INTEGRITY_LAST = "integrity.last_check"  # {"at": ISO time, "ok": bool, "quick": bool}
DEFAULT_KEEP_DAYS = 30
HINT_FILE = "backup-folder.txt"
SET_ASIDE_DIR = "set-aside"
DAILY = timedelta(days=1)

_NAME = re.compile(r"^counter-(\d{8}-\d{6})(?:-[a-z]+)?\.sqlite3$")
_MIGRATION_NAME = re.compile(r"^before-migration-(\d{8}-\d{6})\.sqlite3$")


class BackupError(CounterError):
    """A backup could not be made or restored (the message says why, in Vietnamese); ``storage``
    is set when the disk was to blame (full, read-only), not the data."""

    def __init__(self, said: Said, storage: StorageProblem | None = None):
        super().__init__(said)
        self.storage = storage


@dataclass(frozen=True)
class BackupInfo:
    """A backup file and when it was made."""

    path: Path
    made_at: datetime
    size: int


@dataclass(frozen=True)
class IntegrityReport:
    """The result of SQLite's integrity check on one file. ``storage`` is set when the check
    could not run because of the disk (full, read-only, an I/O error): the file is then not
    known to be damaged, and restoring a backup is no cure."""

    path: Path
    ok: bool
    messages: tuple[Said, ...]  # SQLite's own lines (English, as it writes them), or a coded message
    storage: StorageProblem | None = None
    quick: bool = True
    ran: bool = True  # False: not run now, the last check (less than a day ago) found it sound

    @property
    def damaged(self) -> bool:
        """The file itself is bad (not the disk it is on)."""
        return not self.ok and self.storage is None


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup copied in, where the old file went, the reopened store."""

    restored_from: Path
    set_aside: Path | None
    store: Store


# --- where --------------------------------------------------------------------------------

def default_folder(profile_dir: Path) -> Path:
    return Path(profile_dir) / "backups"


def backup_folder(profile_dir: Path, session: Session | None = None) -> Path:
    """The configured backup folder (the setting, else the hint file, else the default)."""
    if session is not None:
        configured = settings.get_setting(session, BACKUP_DIR)
        if configured:
            return Path(configured)
    hint = Path(profile_dir) / HINT_FILE
    if hint.exists():
        text = hint.read_text(encoding="utf-8").strip()
        if text:
            return Path(text)
    return default_folder(profile_dir)


def set_backup_folder(session: Session, profile_dir: Path, folder: Path | str | None) -> None:
    """Store the backup folder in the settings and in the hint file (in the caller's transaction);
    the folder used until now is remembered, so a restore still lists its backups."""
    value = str(Path(folder)) if folder else None
    before = backup_folder(profile_dir, session)
    if value is None or Path(value) != before:
        backup_place.remember_previous(profile_dir, before)
    settings.set_setting(session, BACKUP_DIR, value)
    hint = Path(profile_dir) / HINT_FILE
    if value:
        hint.write_text(value + "\n", encoding="utf-8")
    elif hint.exists():
        hint.unlink()


def candidate_folders(profile_dir: Path) -> list[Path]:
    """Every folder that may hold this profile's backups: the configured one (hint file) first,
    then the default, then those used before (an earlier folder, an old per-user profile's)."""
    out = [backup_folder(profile_dir)]
    for folder in (default_folder(profile_dir), *backup_place.previous_folders(profile_dir)):
        if folder not in out:
            out.append(folder)
    return out


# --- making and listing -------------------------------------------------------------------

def make_backup(store: Store, folder: Path, *, now: datetime | None = None, reason: str = "manual",
                dest: Path | None = None) -> BackupInfo:
    """Copy the live database into *folder* (or to *dest*) with SQLite's online backup API."""
    now = now or now_vn()
    target = Path(dest) if dest else Path(folder) / f"counter-{now:%Y%m%d-%H%M%S}-{reason}.sqlite3"
    try:
        store.backup_to(target)
    except (OSError, crypt.Error) as exc:
        problem = storage_problem(exc, target.parent)
        why = {FULL: message("backup.disk_full"), READ_ONLY: message("backup.read_only")}.get(
            problem.kind if problem else "", str(exc))
        raise BackupError(message("backup.failed", target=str(target), why=why), problem) from exc
    return BackupInfo(target, now, target.stat().st_size)


def _made_at(path: Path) -> datetime | None:
    m = _NAME.match(path.name) or _MIGRATION_NAME.match(path.name)
    if m is None:
        return None
    try:
        return datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def list_backups(folders: list[Path] | Path) -> list[BackupInfo]:
    """Backups found in *folders*, newest first."""
    if isinstance(folders, Path | str):
        folders = [Path(folders)]
    seen: dict[Path, BackupInfo] = {}
    for folder in folders:
        if not Path(folder).is_dir():
            continue
        for path in Path(folder).iterdir():
            made = _made_at(path)
            if made is not None and path.is_file():
                seen[path.resolve()] = BackupInfo(path, made, path.stat().st_size)
    return sorted(seen.values(), key=lambda b: (b.made_at, b.path.name), reverse=True)


def prune(folder: Path, keep_days: int, *, now: datetime | None = None) -> list[Path]:
    """Remove this application's timed backups older than *keep_days* (never the newest one)."""
    now = now or now_vn()
    backups = [b for b in list_backups(folder) if _NAME.match(b.path.name)]
    removed = []
    for b in backups[1:]:
        if now - b.made_at > timedelta(days=keep_days):
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def backup_now(store: Store, profile_dir: Path, *, now: datetime | None = None, reason: str = "daily",
               officer: Any = None) -> BackupInfo:
    """Make a backup into the configured folder, prune old ones, record when (audited)."""
    now = now or now_vn()
    with store.read() as session:
        folder = backup_folder(profile_dir, session)
        keep = int(settings.get_setting(session, BACKUP_KEEP_DAYS, DEFAULT_KEEP_DAYS))
    info = make_backup(store, folder, now=now, reason=reason)
    prune(folder, keep, now=now)
    with store.write() as session:
        settings.set_setting(session, BACKUP_LAST_AT, now.isoformat(timespec="seconds"))
        audit(session, officer, A.BACKUP_MADE, info.path.name, {"reason": reason, "size": info.size}, at=now)
    return info


def backup_if_due(store: Store, profile_dir: Path, *, now: datetime | None = None) -> BackupInfo | None:
    """The daily backup: made when the last one is a day old or more; None otherwise."""
    now = now or now_vn()
    with store.read() as session:
        last = settings.get_setting(session, BACKUP_LAST_AT)
    if last and now - datetime.fromisoformat(last) < DAILY:
        return None
    return backup_now(store, profile_dir, now=now, reason="daily")


# --- checking and restoring ----------------------------------------------------------------

def check_integrity(path: Path, *, quick: bool = True, key: bytes | None = None) -> IntegrityReport:
    """Run ``PRAGMA quick_check`` (or the full ``integrity_check``) on a database file (opened
    with *key*, by default the key store's: a file it does not open is reported as damaged)."""
    path = Path(path)
    if not path.exists():
        return IntegrityReport(path, False, (message("backup.no_such_file", path=str(path)),))
    try:
        conn = crypt.connect(path, key=key, read_only=True)
        try:
            rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except crypt.DatabaseError as exc:
        return IntegrityReport(path, False, (str(exc),),
                               storage_problem(exc, path.parent, candidate_folders(path.parent)))
    messages = tuple(str(r[0]) for r in rows)
    return IntegrityReport(path, messages == ("ok",), () if messages == ("ok",) else messages, quick=quick)


def integrity_due(store: Store, *, now: datetime | None = None) -> bool:
    """Whether the start-up ``quick_check`` is due: it reads the whole file (seconds at a large
    profile), so it runs at most once a day, and again after any check that did not pass, when
    the record cannot be read, or when the clock went back."""
    now = now or now_vn()
    try:
        with store.read() as session:
            last = settings.get_setting(session, INTEGRITY_LAST)
        at = datetime.fromisoformat(last["at"]) if isinstance(last, dict) and last.get("ok") else None
    except (TypeError, ValueError, KeyError, crypt.DatabaseError, DBAPIError):
        return True
    return at is None or not timedelta(0) <= now - at < DAILY


def record_integrity(store: Store, report: IntegrityReport, *, now: datetime | None = None) -> None:
    """Record when the integrity check last ran and what it found (``integrity.last_check``)."""
    now = now or now_vn()
    with store.write() as session:
        settings.set_setting(session, INTEGRITY_LAST, {
            "at": now.isoformat(timespec="seconds"), "ok": report.ok, "quick": report.quick,
        })


def check_if_due(store: Store, *, now: datetime | None = None) -> IntegrityReport:
    """The start's check: ``quick_check`` when due (:func:`integrity_due`), else a passing
    report that says it did not run (``ran`` False). The caller records a check that ran."""
    if not integrity_due(store, now=now):
        return IntegrityReport(store.path, True, (), ran=False)
    return check_integrity(store.path)


def newest_good_backup(profile_dir: Path) -> BackupInfo | None:
    """The newest backup of this profile that passes the integrity check."""
    for info in list_backups(candidate_folders(profile_dir)):
        if check_integrity(info.path, quick=False).ok:
            return info
    return None


_SIDE_FILES = ("-wal", "-shm", "-journal")


def _in_use_error(path: Path, exc: OSError) -> BackupError:
    return BackupError(message("backup.file_in_use", name=path.name, reason=exc.strerror or str(exc)))


def _set_aside(db_path: Path, profile_dir: Path, now: datetime) -> Path | None:
    """Move the database and its side files to ``set-aside/``: all of them or none (a file
    another process holds open cannot be moved on Windows; what was moved is put back)."""
    if not db_path.exists():
        return None
    folder = Path(profile_dir) / SET_ASIDE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{db_path.stem}-{now:%Y%m%d-%H%M%S}{db_path.suffix}"
    n = 1
    while target.exists():
        target = folder / f"{db_path.stem}-{now:%Y%m%d-%H%M%S}-{n}{db_path.suffix}"
        n += 1
    moves = [(db_path, target)] + [
        (db_path.with_name(db_path.name + extra), target.with_name(target.name + extra)) for extra in _SIDE_FILES
    ]
    done: list[tuple[Path, Path]] = []
    for source, dest in moves:
        if not source.exists():
            continue
        try:
            os.replace(source, dest)  # a rename within the profile: whole or not at all
        except OSError as exc:
            for back_from, back_to in reversed(done):
                os.replace(back_to, back_from)
            if not any(folder.iterdir()):
                folder.rmdir()
            raise _in_use_error(source, exc) from exc
        done.append((source, dest))
    return target


def marks_in_database(path: Path | str, key: bytes | None = None) -> list[Mark]:
    """The highest dossier number per agency, workstation and day in a database file (read
    only; a file too damaged to answer gives what could be read, possibly nothing)."""
    try:
        conn = crypt.connect(path, key=key, read_only=True)
    except crypt.Error:
        return []
    try:
        rows = conn.execute(
            "SELECT agency_id, workstation_no, code_day, MAX(code_seq) FROM dossier "
            "GROUP BY agency_id, workstation_no, code_day"
        ).fetchall()
    except crypt.Error:
        return []
    finally:
        conn.close()
    out: list[Mark] = []
    for agency_id, workstation_no, day, seq in rows:
        try:
            out.append((str(agency_id), int(workstation_no), date.fromisoformat(str(day)[:10]), int(seq)))
        except (TypeError, ValueError):
            continue
    return out


def _opening_key(path: Path, keys: tuple[bytes | None, ...]) -> bytes | None:
    """The first of *keys* that opens the database at *path*; the first key when none does (a
    damaged file: what can be read of it is read as before)."""
    for key in keys:
        if key is None:
            continue
        try:
            if crypt.key_opens(path, key):
                return key
        except (crypt.Error, OSError):
            continue
    return keys[0]


def restore_backup(profile_dir: Path, backup: Path, *, store: Store | None = None, officer: Any = None,
                   now: datetime | None = None, damaged: bool = False,
                   backup_key: bytes | None = None) -> RestoreResult:
    """Replace the profile's database with *backup*; the current file is kept aside, never deleted.

    *store* (if open) is closed first (every pooled connection of this process). The backup is
    copied next to the database before anything is moved; then the current files are moved
    aside (all or none) and the copy renamed into place. When another process holds the file
    (Windows refuses to move it) nothing has changed and the BackupError says so. The returned
    store is the reopened (and migrated) one. *backup_key* (a recovery key) opens a backup made
    under another key store (another machine, a key store wiped); the copy put in place is
    encrypted with this key store's key.
    """
    now = now or now_vn()
    profile_dir, backup = Path(profile_dir), Path(backup)
    report = check_integrity(backup, quick=False, key=backup_key)
    if not report.ok:
        if backup_key is not None and any(isinstance(m, str) and "not a database" in m for m in report.messages):
            raise BackupError(message("backup.wrong_recovery_key", name=backup.name))
        raise BackupError(message("backup.damaged", name=backup.name, problems=list(report.messages)))
    if store is not None:
        store.dispose()
    db_path = profile_dir / DB_FILENAME
    incoming = copy_database(backup, db_path.with_name(db_path.name + ".restoring"), read_only=True,
                             source_key=backup_key)
    try:
        aside = _set_aside(db_path, profile_dir, now)
    except BackupError:
        incoming.unlink(missing_ok=True)
        raise
    marks = CodeMarks(profile_dir)
    series = NumberMarks(profile_dir)  # logbook lines and form numbers, likewise
    if aside is not None:  # the numbers the set-aside file gave are never given again
        # The file set aside is under this machine's key, or (the key store lost, the file
        # brought from another machine) under the recovery key's: read it with the one that opens it.
        machine_key = store.key if store is not None else crypt.default_keystore().database_key()
        aside_key = _opening_key(aside, (machine_key, backup_key))
        marks.raise_to(marks_in_database(aside, key=aside_key))
        series.raise_to(numbers_in_database(aside, key=aside_key))
    marks.floor_at_marks()  # nor those reserved since the backup: resume after each block
    series.floor_at_marks()
    os.replace(incoming, db_path)
    reopened = open_store(profile_dir)
    if backup_key is not None:  # the scans were sealed under the recovery key's database key too
        from counter_app.store.document_files import DocumentFiles

        DocumentFiles(profile_dir, key=reopened.key).rekey_from(backup_key)
    with reopened.write() as session:
        settings.set_setting(session, SERVER_CHECKED_ON, None)  # ask the province again
        audit(session, officer, A.RESTORED, backup.name,
              {"set_aside": aside.name if aside else None, "damaged": damaged}, at=now)
    return RestoreResult(backup, aside, reopened)

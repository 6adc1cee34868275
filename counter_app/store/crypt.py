"""Encryption at rest: the database key, the one function that opens a database file, and
the conversion of a plain profile.

Every connection to a profile's database or to a backup of it (the store's engines, the
integrity check, the backup copies, the start's plain reads) is made by :func:`connect`,
which applies the key before anything is read. The files are SQLCipher 4 databases
(AES-256 in CBC mode, an HMAC-SHA512 per page, the WAL encrypted likewise) through
``sqlcipher3``: a DB-API module like ``sqlite3``, so SQLAlchemy's SQLite dialect and the
online backup API work unchanged (see README, "Encrypted at rest", for the choice).

The key is 32 random bytes, used raw (``PRAGMA key = "x'…'"``: no key derivation at each
connection), one per user account, kept in the OS key store through ``keyring`` (Windows
Credential Manager, protected by DPAPI; Secret Service on Linux). Where there is none (a
headless Linux, a locked-down build), :class:`FileKeyring` keeps it in an owner-only file in
the user's configuration folder, outside every profile, so that a copied profile folder
carries neither its key nor its device token; ``check`` warns about it.
"""

from __future__ import annotations

import json
import os
import stat
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import sqlcipher3.dbapi2 as dbapi

from counter_app.domain.errors import CounterError, Message, message
from counter_app.store.storage import fsync_dir, is_plain, write_bytes_durably

Error = dbapi.Error
DatabaseError = dbapi.DatabaseError
OperationalError = dbapi.OperationalError
Connection = dbapi.Connection

SERVICE = "counter-app"
DB_KEY = "database-key"
KEY_BYTES = 32
PLAIN = b""  #: the "key" of a plain SQLite file (only to read one for its conversion, or a baseline)
KEYRING_FILE_ENV = "COUNTER_KEYRING_FILE"  # the fallback file's place (tests, portable installs)
RECOVERY_HEADER = "counter-app recovery key v1"


class KeyError_(CounterError):
    """The database key is missing or does not open the file (the message says what to do)."""


class Backend(Protocol):
    """What :mod:`keyring` backends offer (and :class:`FileKeyring`)."""

    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


class FileKeyring:
    """The fallback key store: one JSON file, owner-only (0600 in a 0700 folder), written whole
    through a temporary file. Not protected by the OS: whoever reads the user's files reads it."""

    priority = 0.5

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._read().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            data = self._read()
            data.setdefault(service, {})[username] = password
            secure_dir(self.path.parent)
            write_private(self.path, json.dumps(data, indent=1).encode("utf-8"))

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            data = self._read()
            if data.get(service, {}).pop(username, None) is not None:
                write_private(self.path, json.dumps(data, indent=1).encode("utf-8"))


@dataclass
class KeyStore:
    """The place the database key and the device tokens are kept. ``fallback`` tells that it is
    the file of :class:`FileKeyring`, not the OS key store (``check`` warns)."""

    backend: Backend
    fallback: bool = False

    def __post_init__(self) -> None:
        self._key: bytes | None = None
        self._lock = threading.Lock()
        self.made_key = False  # the key was made by this process (none was kept before)

    @property
    def name(self) -> str:
        kind = type(self.backend)
        where = f" ({self.backend.path})" if isinstance(self.backend, FileKeyring) else ""
        return f"{kind.__module__}.{kind.__qualname__}{where}"

    def get(self, name: str) -> str | None:
        return self.backend.get_password(SERVICE, name)

    def put(self, name: str, value: str | None) -> None:
        if value is None:
            try:
                self.backend.delete_password(SERVICE, name)
            except Exception:  # noqa: BLE001 - keyring raises PasswordDeleteError when absent
                pass
        else:
            self.backend.set_password(SERVICE, name, value)

    def database_key(self, *, create: bool = True) -> bytes | None:
        """The database key (made and kept on first use when *create*); None when absent."""
        with self._lock:
            if self._key is None:
                stored = self.get(DB_KEY)
                if stored is None and create:
                    self.put(DB_KEY, secrets.token_bytes(KEY_BYTES).hex())
                    stored = self.get(DB_KEY)  # what was kept, should another process have won
                    self.made_key = True
                self._key = bytes.fromhex(stored) if stored else None
            return self._key


def fallback_path() -> Path:
    """Where :class:`FileKeyring` keeps its file: ``$COUNTER_KEYRING_FILE``, else the user's
    configuration folder (outside every profile)."""
    configured = os.environ.get(KEYRING_FILE_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    from counter_app.domain.paths import APP_AUTHOR, APP_NAME

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "keys.json"


def keystore_for(backend: Any) -> KeyStore:
    """A key store over *backend* (a keyring backend), or the fallback file when *backend* is no
    usable key store (keyring's ``fail``/``null`` backends, or one that errors when asked)."""
    usable = backend is not None and getattr(backend, "priority", 1) > 0
    if usable:
        try:
            backend.get_password(SERVICE, DB_KEY)
        except Exception:  # noqa: BLE001 - e.g. Secret Service without a D-Bus session
            usable = False
    if not usable:
        return KeyStore(FileKeyring(fallback_path()), fallback=True)
    return KeyStore(backend)


_default: KeyStore | None = None
_default_lock = threading.Lock()


def default_keystore() -> KeyStore:
    """This process's key store: keyring's chosen backend, else the fallback file."""
    global _default
    with _default_lock:
        if _default is None:
            import keyring

            _default = keystore_for(keyring.get_keyring())
        return _default


def set_default_keystore(store: KeyStore | None) -> KeyStore | None:
    """Choose this process's key store (a composition root, or a test); None: choose again.
    Returns the one chosen before (None when none was), to put back."""
    global _default
    with _default_lock:
        previous, _default = _default, store
        return previous


# --- files -----------------------------------------------------------------------------------

def secure_dir(path: Path | str, *, tighten: bool = False) -> Path:
    """Make *path* (and its missing parents) a folder; the folders it creates are owner-only
    (0700 on POSIX; on Windows the profile's ACL is set by the installer, see
    packaging/README.md). With *tighten*, an existing folder of this user is made owner-only
    too (the profile folder of an older version), unless it is a shared folder (sticky bit,
    e.g. /tmp): a folder someone else owns or shares is never changed."""
    path = Path(path)
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and (not existed or tighten):
        try:
            st = path.stat()
            if st.st_uid == os.getuid() and not st.st_mode & stat.S_ISVTX:
                os.chmod(path, 0o700)
        except OSError:
            pass
    return path


def make_private(path: Path | str) -> None:
    """Owner-only (0600) for an existing file, if allowed."""
    if os.name == "posix":
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass


def create_private(path: Path | str) -> None:
    """Create *path* empty and owner-only if it does not exist (before SQLite creates it, so
    that its -wal and -shm inherit the mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        return
    os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Write *path* whole (temporary file, fsync, rename), owner-only."""
    write_bytes_durably(path, data, private=True)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


# --- connections ----------------------------------------------------------------------------

_quiet = False


def connect(path: Path | str, *, key: bytes | None = None, read_only: bool = False,
            check: bool = False, **kwargs: Any) -> Connection:
    """Open a database file with its key applied: the only way the project opens one.

    *key* None is the key of this process's key store (made on first use); :data:`PLAIN` opens
    a plain SQLite file. *check* reads the first page at once, so that a wrong key (or a file
    that is no database) raises ``DatabaseError`` here rather than at the first query.
    """
    global _quiet
    if key is None:
        key = default_keystore().database_key()
    target = f"file:{Path(path)}?mode=ro" if read_only else f"file:{Path(path)}"
    conn = dbapi.connect(target, uri=True, **kwargs)
    try:
        if not _quiet:  # SQLCipher logs decryption failures to stderr otherwise
            conn.execute("PRAGMA cipher_log_level = NONE")
            _quiet = True
        if key:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        if check:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def key_opens(path: Path | str, key: bytes) -> bool:
    """True when *key* opens the (encrypted) database at *path*; False when the file is not a
    database with that key (another key, or damage: the two look alike). Any other error (a
    full disk, a file another program locks) is raised as it is."""
    try:
        connect(path, key=key, read_only=True, check=True).close()
    except DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB" or "not a database" in str(exc):
            return False
        raise
    return True


# --- recovery keys --------------------------------------------------------------------------

def write_recovery_key(path: Path | str, key: bytes) -> Path:
    """Write *key* to *path* (owner-only) as a recovery key file."""
    path = Path(path)
    write_private(path, f"{RECOVERY_HEADER}\n{key.hex()}\n".encode("ascii"))
    return path


def read_recovery_key(path: Path | str) -> bytes:
    """The key in a recovery key file; KeyError_ (crypt.recovery_key_*) when it is not one."""
    path = Path(path)
    try:
        lines = path.read_bytes().decode("utf-8", errors="replace").split()
    except OSError as exc:
        raise KeyError_("crypt.recovery_key_unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    hexes = [w for w in lines if len(w) == 2 * KEY_BYTES and all(c in "0123456789abcdefABCDEF" for c in w)]
    if not hexes:
        raise KeyError_("crypt.not_a_recovery_key", path=str(path))
    return bytes.fromhex(hexes[0])


def wrong_key_message(path: Path | str) -> Message:
    """A file the key does not open: another key and damage look alike (both are bytes that do
    not authenticate), so the message names both and what to do for each."""
    return message("crypt.wrong_key", name=Path(path).name)


# --- converting a plain file ---------------------------------------------------------------

ENCRYPTING = ".encrypting"


def encrypt_in_place(path: Path | str, key: bytes, *, backup_to: Path | None = None,
                     after_step: Any = None) -> bool:
    """Turn the plain SQLite file at *path* into an encrypted one with *key*; False when it was
    not plain (nothing done).

    The encrypted copy is written beside it (``….encrypting``), synced, copied to *backup_to*
    first when given (an encrypted backup, written whole), and only then renamed over the plain
    file: a crash at any point leaves either the plain file untouched (a leftover copy is
    redone at the next open) or the encrypted one in place. The plain file's WAL is emptied
    into it first; a WAL that stays (another program has the file open) stops the conversion.
    *after_step* (tests) is called with the name of each step done.
    """
    path = Path(path)
    step = after_step or (lambda _name: None)
    tmp = path.with_name(path.name + ENCRYPTING)
    for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    if not is_plain(path):
        return False
    src = connect(path, key=PLAIN)
    try:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # A damaged file is left as it is (never replaced by what of it could be copied): it
        # fails here as at any open, and the damaged-file path (restore a backup) follows.
        found = src.execute("PRAGMA quick_check").fetchall()
        if found != [("ok",)]:
            raise DatabaseError(f"database disk image is malformed: {found[:3]}")
        create_private(tmp)
        quoted = str(tmp).replace("'", "''")
        src.execute(f"ATTACH DATABASE '{quoted}' AS encrypted KEY \"x'{key.hex()}'\"")
        src.execute("SELECT sqlcipher_export('encrypted')")
        version = src.execute("PRAGMA user_version").fetchone()[0]
        src.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        src.execute("DETACH DATABASE encrypted")
    except BaseException:
        src.close()
        tmp.unlink(missing_ok=True)
        raise
    else:
        src.close()
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        tmp.unlink(missing_ok=True)
        raise KeyError_("crypt.encrypt_file_in_use", name=path.name)
    step("exported")
    fsync_file(tmp)
    if not key_opens(tmp, key):  # never replace a file by a copy that does not open
        tmp.unlink(missing_ok=True)
        raise KeyError_("crypt.encrypt_copy_unopenable", name=path.name)
    if backup_to is not None:
        secure_dir(backup_to.parent)
        write_private(backup_to, tmp.read_bytes())
        step("backed-up")
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    os.replace(tmp, path)
    fsync_dir(path.parent)
    make_private(path)
    step("renamed")
    return True

"""The machine's key store: the database key and the device token of a machine-wide profile,
readable by every Windows account of the counter PC.

**Which profiles.** A profile is machine-wide (:func:`key_scope`) when ``COUNTER_KEY_SCOPE``
says ``machine`` (``user`` forces the per-user store), else when its folder holds the marker
``key-scope.json`` with ``"scope": "machine"`` (written the first time the machine store is
used for it, so it stays machine-wide however it is named later), else when it is the
default shared folder on Windows (``%PROGRAMDATA%\\CounterApp\\profile``,
:func:`counter_app.store.profile_place.machine_profile_dir`). Anything else (``--profile`` to
another folder, Linux and macOS, where the default profile is per user) keeps the per-user
key store of :mod:`counter_app.store.crypt`.

**Where.** One file per profile, ``<keys>/<profile id>.key``, in ``COUNTER_MACHINE_KEYS`` or
``%PROGRAMDATA%\\CounterApp\\keys`` (the installer makes it: Users modify, SYSTEM and
Administrators full, nothing inherited), elsewhere ``/var/lib/counter-app/keys``. The
profile id is a UUID kept in the marker. The file is JSON naming the profile; its entries
are sealed by a :class:`counter_app.store.dpapi.Protector` (DPAPI with the machine's key on
Windows; nothing elsewhere, see :mod:`counter_app.store.dpapi`) with the profile id as entropy,
and the id is repeated inside the sealed part: a file of another profile, of another PC, or
damaged is refused with a message, never used. Written whole (temporary file, fsync,
rename); the first file of a profile is published only if none exists (two first starts at
once agree on one key).

**Moving a key in.** When the machine store has no key for a profile whose database is
already encrypted, the signed-in account's per-user key store is tried: if its key opens the
database, it is copied into the machine store (the first start of that account after the
upgrade). The per-user database key is *kept*: it is one key per Windows account, maybe
used by that account's other profiles, and it stays a way back should the key folder be
lost. Device tokens are *moved* (copied, then deleted from the per-user store): one live
copy of a bearer token. Another account before that gets a message naming what to do; a
restore with a recovery key (``restore --recovery-key``) may then make a new machine key.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import sys
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath

from counter_app.store import crypt
from counter_app.store.crypt import DB_KEY, SERVICE, KeyError_, KeyStore
from counter_app.store.dpapi import PlainProtector, ProtectError, Protector, default_protector
from counter_app.domain.errors import Message, message
from counter_app.domain.paths import DB_FILENAME
from counter_app.store.storage import fsync_dir, write_bytes_durably, write_json_durably

_log = logging.getLogger(__name__)

ENV_SCOPE = "COUNTER_KEY_SCOPE"  # machine | user (tests, CI, a shared profile elsewhere than the default)
ENV_KEYS_DIR = "COUNTER_MACHINE_KEYS"  # the keys folder (tests, CI, a POSIX install)
MACHINE, USER = "machine", "user"
MARKER = "key-scope.json"
KEYS_FOLDER = "keys"
POSIX_KEYS_DIR = "/var/lib/counter-app/keys"
FILE_FORMAT = "counter-app machine key v1"
TOKEN_PREFIX = "device-token:"


def machine_keys_dir(platform: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the machine's key files (see the module's docstring)."""
    from counter_app.store.profile_place import MACHINE_FOLDER

    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if environ.get(ENV_KEYS_DIR, "").strip():
        return Path(environ[ENV_KEYS_DIR].strip())
    if platform == "win32":
        base = environ.get("PROGRAMDATA") or environ.get("ALLUSERSPROFILE") or r"C:\ProgramData"
        return Path(str(PureWindowsPath(base) / MACHINE_FOLDER / KEYS_FOLDER))
    return Path(POSIX_KEYS_DIR)


def read_marker(profile_dir: Path) -> dict:
    """The profile's ``key-scope.json`` ({} when absent or unreadable)."""
    try:
        data = json.loads((Path(profile_dir) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _same_folder(a: PurePath | str, b: PurePath | str, platform: str) -> bool:
    if platform == "win32":
        norm = lambda p: str(PureWindowsPath(str(p))).rstrip("\\").casefold()  # noqa: E731
        return norm(a) == norm(b)
    return os.path.normpath(str(a)) == os.path.normpath(str(b))


def key_scope(profile_dir: Path | str, *, platform: str | None = None,
              environ: Mapping[str, str] | None = None) -> str:
    """MACHINE or USER for the profile at *profile_dir* (see the module's docstring)."""
    from counter_app.store.profile_place import machine_profile_dir

    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    forced = environ.get(ENV_SCOPE, "").strip().lower()
    if forced in (MACHINE, USER):
        return forced
    if read_marker(Path(profile_dir)).get("scope") == MACHINE:
        return MACHINE
    if platform == "win32" and _same_folder(profile_dir, machine_profile_dir(platform, environ), platform):
        return MACHINE
    return USER


def _entropy(profile_id: str) -> bytes:
    return f"{FILE_FORMAT}\0{profile_id}".encode()


def _damaged_message(path: Path, why: str, **params) -> Message:
    """The key file is unusable; *why* is the code of the reason ("machine_keys.why_…")."""
    return message("machine_keys.damaged", path=str(path), folder=str(path.parent), why=message(why, **params))


def publish_once(path: Path, data: bytes, prepare=None) -> bool:
    """Write *path* whole and durably only if it does not exist yet (two processes starting at
    once: one wins, the other reads what it wrote); False when it existed (nothing written)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.new")
    write_bytes_durably(tmp, data, private=True)  # owner-only until prepare() opens it to the group
    if prepare is not None:
        prepare(tmp)
    try:
        if os.name == "nt":
            os.rename(tmp, path)  # fails when the target exists
        else:
            os.link(tmp, path)  # likewise
            tmp.unlink()
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        return False
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return True


def _group_readable(path: Path) -> None:
    """POSIX: the owner writes, the folder's group (the counter's users) reads (0640); on
    Windows the keys folder's ACL decides."""
    if os.name == "posix":
        try:
            os.chmod(path, 0o640)
        except OSError:
            pass


class MachineKeyring:
    """The sealed key file of one profile, with keyring's three calls (*service* must be
    :data:`counter_app.store.crypt.SERVICE`). Reading raises KeyError_ (in Vietnamese) for a file
    that is damaged, of another profile or of another PC."""

    def __init__(self, path: Path, profile_id: str, protector: Protector, profile_dir: Path | None = None):
        self.path = Path(path)
        self.profile_id = profile_id
        self.protector = protector
        self.profile_dir = profile_dir
        self._lock = threading.RLock()  # the sync thread and the window's (one process; see README for two)

    def read_entries(self) -> dict[str, str]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise KeyError_("machine_keys.read_failed", path=str(self.path), folder=str(self.path.parent),
                            reason=exc.strerror or str(exc)) from exc
        try:
            outer = json.loads(raw.decode("utf-8"))
            if not isinstance(outer, dict) or outer.get("format") != FILE_FORMAT:
                raise ValueError("not a machine key file")
            sealed = base64.b64decode(outer["sealed"], validate=True)
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise KeyError_(_damaged_message(self.path, "machine_keys.why_not_a_key_file")) from None
        if outer.get("profile_id") != self.profile_id:
            raise KeyError_(_damaged_message(self.path, "machine_keys.why_other_profile",
                                             profile=str(outer.get("profile", "?"))))
        try:
            inner = json.loads(self.protector.unprotect(sealed, _entropy(self.profile_id)).decode("utf-8"))
        except ProtectError:
            raise KeyError_(_damaged_message(self.path, "machine_keys.why_not_this_machine")) from None
        except ValueError:
            raise KeyError_(_damaged_message(self.path, "machine_keys.why_content_damaged")) from None
        if not isinstance(inner, dict) or inner.get("profile_id") != self.profile_id \
                or not isinstance(inner.get("entries"), dict):
            raise KeyError_(_damaged_message(self.path, "machine_keys.why_other_or_damaged"))
        return {str(k): str(v) for k, v in inner["entries"].items()}

    def _encode(self, entries: dict[str, str]) -> bytes:
        inner = json.dumps({"profile_id": self.profile_id, "entries": entries}, sort_keys=True).encode("utf-8")
        sealed = self.protector.protect(inner, _entropy(self.profile_id))
        outer = {"format": FILE_FORMAT, "profile_id": self.profile_id, "protection": self.protector.name,
                 "profile": str(self.profile_dir) if self.profile_dir else None,
                 "sealed": base64.b64encode(sealed).decode("ascii")}
        return json.dumps(outer, indent=1).encode("utf-8")

    def write_entries(self, entries: dict[str, str], *, first: bool = False) -> bool:
        """Write the file whole. *first*: only when no file exists yet (False: one does; nothing
        written). The folder is made when missing."""
        data = self._encode(entries)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not first:
                write_bytes_durably(self.path, data, private=True)  # never readable by all, even briefly
                _group_readable(self.path)
                return True
            return publish_once(self.path, data, _group_readable)
        except OSError as exc:  # the keys folder's rights (set by the installer), a full disk…
            raise KeyError_("machine_keys.write_failed", path=str(self.path), folder=str(self.path.parent),
                            reason=exc.strerror or str(exc)) from exc

    def set_aside(self) -> Path | None:
        """Rename a file that cannot be used (kept for a person to look at); its new path."""
        if not self.path.exists():
            return None
        target = self.path.with_name(f"{self.path.name}.unusable-{uuid.uuid4().hex[:8]}")
        os.replace(self.path, target)
        return target

    # keyring's calls
    def get_password(self, service: str, username: str) -> str | None:
        return self.read_entries().get(username) if service == SERVICE else None

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            new = not self.path.exists()  # before reading: a file made meanwhile fails the publish below
            entries = self.read_entries()
            entries[username] = password
            if not self.write_entries(entries, first=new):  # another process made the file meanwhile
                entries = self.read_entries()
                entries.setdefault(username, password)
                self.write_entries(entries)

    def add_if_absent(self, username: str, password: str) -> str:
        """Keep *password* under *username* unless a value is there already (made by another
        start meanwhile); the value kept."""
        with self._lock:
            new = not self.path.exists()
            entries = self.read_entries()
            if username in entries:
                return entries[username]
            entries[username] = password
            if self.write_entries(entries, first=new):
                return password
            entries = self.read_entries()  # the file was made meanwhile: its value wins
            if username in entries:
                return entries[username]
            entries[username] = password
            self.write_entries(entries)
            return password

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            entries = self.read_entries()
            if entries.pop(username, None) is not None:
                self.write_entries(entries)


def _profile_uid(db_path: Path, key: bytes) -> str | None:
    """The profile's ``profile.uid`` setting (what its device token is kept under), or None."""
    try:
        conn = crypt.connect(db_path, key=key, read_only=True)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = 'profile.uid'").fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row and row[0] else None
    except (crypt.Error, ValueError, TypeError):
        return None  # no setting table yet, or an odd value: the token moves at its first read
    return value if isinstance(value, str) else None


def _not_moved_message(profile_dir: Path, keys_file: Path) -> Message:
    return message("machine_keys.not_moved", profile=str(profile_dir), keys_file=str(keys_file))


@dataclass(eq=False)
class MachineKeyStore(KeyStore):
    """:class:`counter_app.store.crypt.KeyStore` over a :class:`MachineKeyring`, which moves in the
    key (and tokens) of *user* (the account's per-user store) the first time (see the module's
    docstring). ``allow_new_key()`` lets a restore with a recovery key make a new machine key
    for a database whose key is nowhere (the current file is then set aside by the restore)."""

    user: KeyStore | None = None
    db_path: Path | None = None
    moved: list[str] = field(default_factory=list)  # what was moved in by this process

    def __post_init__(self) -> None:
        super().__post_init__()
        self._allow_new = False

    @property
    def name(self) -> str:
        ring = self.backend
        return f"{__name__}.MachineKeyring ({ring.path}, {ring.protector.name})"

    @property
    def os_protected(self) -> bool:
        return self.backend.protector.os_protected

    def allow_new_key(self) -> None:
        self._allow_new = True

    def _db_encrypted(self) -> bool:
        db = self.db_path
        return db is not None and db.is_file() and db.stat().st_size > 0 and not crypt.is_plain(db)

    def _read_key(self) -> str | None:
        try:
            return self.backend.get_password(SERVICE, DB_KEY)
        except KeyError_:
            if not self._allow_new:
                raise
            aside = self.backend.set_aside()  # a restore with a recovery key starts a new file
            _log.warning("The machine's key file is unusable; set aside as %s", aside)
            return None

    def _move_in_user_key(self) -> str | None:
        if self.user is None or not self._db_encrypted():
            return None
        try:
            key = self.user.database_key(create=False)
        except Exception:  # noqa: BLE001 - an unusable per-user store has nothing to move
            return None
        if key is None or not crypt.key_opens(self.db_path, key):
            return None
        kept = self.backend.add_if_absent(DB_KEY, key.hex())
        if kept != key.hex():
            return kept  # another start moved in or made one meanwhile: the one kept is used
        self.moved.append(DB_KEY)
        _log.info("The database key was moved from the account's key store into the machine's %s", self.backend.path)
        uid = _profile_uid(self.db_path, key)
        if uid:
            self.get(f"{TOKEN_PREFIX}{uid}")  # moves the device token in too, now
        return key.hex()

    def database_key(self, *, create: bool = True) -> bytes | None:
        with self._lock:
            if self._key is None:
                stored = self._read_key() or self._move_in_user_key()
                if stored is None and create:
                    if self._db_encrypted() and not self._allow_new:
                        raise KeyError_(_not_moved_message(self.db_path.parent, self.backend.path))
                    stored = self.backend.add_if_absent(DB_KEY, os.urandom(crypt.KEY_BYTES).hex())
                    self.made_key = True
                self._key = bytes.fromhex(stored) if stored else None
            return self._key

    def get(self, name: str) -> str | None:
        value = self.backend.get_password(SERVICE, name)
        if value is None and name.startswith(TOKEN_PREFIX) and self.user is not None:
            try:
                value = self.user.get(name)
            except Exception:  # noqa: BLE001 - an unusable per-user store has nothing to move
                value = None
            if value is not None:  # moved: one live copy of a bearer token
                self.backend.set_password(SERVICE, name, value)
                self.user.put(name, None)
                self.moved.append(name)
        return value


def profile_id(profile_dir: Path, keys_dir: Path, *, platform: str | None = None) -> str:
    """The profile's id from its marker; made (and the marker written, with scope machine) when
    absent. A lost marker is found again from a key file naming this folder."""
    profile_dir = Path(profile_dir)
    marker = read_marker(profile_dir)
    found = marker.get("profile_id")
    if isinstance(found, str) and found:
        if marker.get("scope") != MACHINE:
            write_json_durably(profile_dir / MARKER, {**marker, "scope": MACHINE})
        return found
    found = None
    try:
        for path in sorted(keys_dir.glob("*.key")):
            try:
                outer = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(outer, dict) and outer.get("profile") \
                    and _same_folder(outer["profile"], profile_dir, platform or sys.platform):
                found = str(outer.get("profile_id") or "") or None
                break
    except OSError:
        pass
    found = found or str(uuid.uuid4())
    profile_dir.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"profile_id": found, "scope": MACHINE}, sort_keys=True).encode("utf-8")
    if not publish_once(profile_dir / MARKER, data):  # another start made it meanwhile: its id
        again = read_marker(profile_dir).get("profile_id")
        if isinstance(again, str) and again:
            return again
        write_bytes_durably(profile_dir / MARKER, data)  # there but without an id (damaged): replaced
    return found


def machine_keystore(profile_dir: Path | str, *, user: KeyStore | None, keys_dir: Path | None = None,
                     protector: Protector | None = None, platform: str | None = None) -> MachineKeyStore:
    """The machine store of the profile at *profile_dir* (its marker written when absent)."""
    profile_dir = Path(profile_dir)
    keys_dir = Path(keys_dir) if keys_dir is not None else machine_keys_dir(platform)
    pid = profile_id(profile_dir, keys_dir, platform=platform)
    ring = MachineKeyring(keys_dir / f"{pid}.key", pid, protector or default_protector(platform), profile_dir)
    return MachineKeyStore(ring, user=user, db_path=profile_dir / DB_FILENAME)


def keystore_for_profile(profile_dir: Path | str, *, user: KeyStore | None = None,
                         environ: Mapping[str, str] | None = None, platform: str | None = None,
                         protector: Protector | None = None) -> KeyStore:
    """The key store for the profile at *profile_dir*: the machine's when it is machine-wide,
    else *user* (default: :func:`counter_app.store.crypt.default_keystore`)."""
    environ = os.environ if environ is None else environ
    if key_scope(profile_dir, platform=platform, environ=environ) == USER:
        return user or crypt.default_keystore()
    return machine_keystore(profile_dir, user=user or crypt.default_keystore(),
                            keys_dir=machine_keys_dir(platform, environ), protector=protector, platform=platform)


__all__ = ["MachineKeyStore", "MachineKeyring", "PlainProtector", "key_scope", "keystore_for_profile",
           "machine_keys_dir", "machine_keystore"]

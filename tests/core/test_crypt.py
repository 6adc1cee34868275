"""Encryption at rest: files that hold nothing readable, the key store and its fallback, a
wrong key, plain profiles converted (also across a crash), owner-only files, the device token."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from counter_app.domain.errors import Message
from counter_app.store import crypt, migrate
from counter_app.store.backup import list_backups, make_backup, restore_backup
from counter_app.store.db import DB_FILENAME, Store, copy_database, open_store
from counter_app.store.storage import SQLITE_HEADER
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.services.receiving import receive
from counter_app.services.setup import initialise_profile
from ui.messages import error_text
from sync import config as sync_config
from tests.said import raises_saying

NAME = unicodedata.normalize("NFC", "Nguyễn Văn An")
ID_NUMBER = "001092012345"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An OS key store stand-in: what keyring's Windows or Secret Service backend would hold."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class LockedKeyring(MemoryKeyring):
    """A key store that is there but cannot be used (Secret Service without a D-Bus session)."""

    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("no session bus")


def _leaks(path: Path) -> list[str]:
    """What a raw reading of *path* gives away: the plain header, the name, the ID number."""
    data = path.read_bytes()
    found = [what for what, needle in (("sqlite header", SQLITE_HEADER), ("name", NAME.encode("utf-8")),
                                       ("id number", ID_NUMBER.encode("ascii"))) if needle in data]
    return found


def _opens_as_plain_sqlite(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _set_up(store: Store, make_draft) -> None:
    initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
    receive(store, make_draft(applicant_name=NAME, id_number=ID_NUMBER), "canbo1")


def test_the_database_its_wal_and_its_backups_hold_nothing_readable(store, profile_dir, make_draft):
    receive(store, make_draft(applicant_name=NAME, id_number=ID_NUMBER), "canbo1")
    db = profile_dir / DB_FILENAME
    wal = db.with_name(db.name + "-wal")
    assert wal.stat().st_size > 0  # the new dossier is in the WAL (the store is still open)
    backup = make_backup(store, profile_dir / "backups", reason="manual").path
    for path in (db, wal, backup):
        assert _leaks(path) == [], path.name
    assert not _opens_as_plain_sqlite(db) and not _opens_as_plain_sqlite(backup)
    with store.read() as s:  # and the application reads it all
        from counter_app.store.models import Dossier

        assert s.query(Dossier).filter_by(id_number=ID_NUMBER).one().applicant_name == NAME


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows: the installer's ACL")
def test_files_and_folders_are_owner_only(store, profile_dir, make_draft):
    receive(store, make_draft(), "canbo1")
    backup = make_backup(store, profile_dir / "backups", reason="manual").path
    for path in (profile_dir / DB_FILENAME, profile_dir / (DB_FILENAME + "-wal"), backup):
        assert path.stat().st_mode & 0o777 == 0o600, path.name
    for folder in (profile_dir, backup.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    fallback = crypt.default_keystore()
    assert fallback.fallback and fallback.backend.path.stat().st_mode & 0o777 == 0o600


def test_the_key_goes_to_the_os_key_store_when_there_is_one(tmp_path, make_draft):
    backend = MemoryKeyring()
    keys = crypt.keystore_for(backend)
    assert not keys.fallback
    store = open_store(tmp_path / "p", keys=keys)
    try:
        _set_up(store, make_draft)
    finally:
        store.dispose()
    key_hex = backend.items[(crypt.SERVICE, crypt.DB_KEY)]
    assert len(bytes.fromhex(key_hex)) == 32
    assert key_hex not in (crypt.fallback_path().read_text() if crypt.fallback_path().exists() else "")
    reopened = open_store(tmp_path / "p", keys=crypt.keystore_for(backend))
    reopened.dispose()


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring(), LockedKeyring()], ids=["none", "locked"])
def test_without_a_usable_key_store_the_key_goes_to_the_fallback_file(tmp_path, monkeypatch, backend, make_draft):
    monkeypatch.setenv(crypt.KEYRING_FILE_ENV, str(tmp_path / "config" / "keys.json"))
    keys = crypt.keystore_for(backend)
    assert keys.fallback and keys.backend.path == tmp_path / "config" / "keys.json"
    store = open_store(tmp_path / "p", keys=keys)
    try:
        _set_up(store, make_draft)
    finally:
        store.dispose()
    assert (tmp_path / "config" / "keys.json").is_file()
    assert not (tmp_path / "p" / "keys.json").exists()  # never inside the profile
    open_store(tmp_path / "p", keys=crypt.keystore_for(backend)).dispose()


def test_a_wrong_key_is_refused_with_a_clear_message(tmp_path, make_draft):
    store = open_store(tmp_path / "p", keys=crypt.keystore_for(MemoryKeyring()))
    _set_up(store, make_draft)
    store.dispose()
    with pytest.raises(crypt.KeyError_) as exc:
        open_store(tmp_path / "p", keys=crypt.keystore_for(MemoryKeyring()))
    assert exc.value.message == Message("crypt.wrong_key", {"name": DB_FILENAME})
    said = error_text(exc.value)
    assert "khóa mã hóa của máy này không mở được tệp" in said and "--recovery-key" in said


def test_a_profile_copied_to_another_key_store_cannot_be_opened_nor_synced(tmp_path, make_draft):
    home = MemoryKeyring()
    store = open_store(tmp_path / "p", keys=crypt.keystore_for(home))
    _set_up(store, make_draft)
    with store.write() as s:
        from counter_app.store import settings

        settings.set_setting(s, sync_config.SERVER_URL, "https://tinh.example.vn")
    sync_config.keep_token(store, "the-device-token-0123456789")
    assert sync_config.load_config(store).enrolled
    store.dispose()
    for path in (tmp_path / "p").rglob("*"):
        if path.is_file():
            assert b"the-device-token" not in path.read_bytes(), path
    shutil.copytree(tmp_path / "p", tmp_path / "copy")

    elsewhere = MemoryKeyring()
    with pytest.raises(crypt.KeyError_):
        open_store(tmp_path / "copy", keys=crypt.keystore_for(elsewhere))
    # Even knowing the database key (an exported recovery key), the copy has no token.
    elsewhere.set_password(crypt.SERVICE, crypt.DB_KEY, home.get_password(crypt.SERVICE, crypt.DB_KEY))
    copy = open_store(tmp_path / "copy", keys=crypt.keystore_for(elsewhere))
    try:
        config = sync_config.load_config(copy)
        assert config.token is None and not config.enrolled
        assert sync_config.make_transport(config) is None
    finally:
        copy.dispose()


def test_a_token_an_older_version_kept_in_the_database_moves_to_the_key_store(store):
    from counter_app.store import settings

    with store.write() as s:
        settings.set_setting(s, sync_config.DEVICE_TOKEN, "old-token")
    assert sync_config.read_token(store) == "old-token"
    with store.read() as s:
        assert settings.get_setting(s, sync_config.DEVICE_TOKEN) is None
        uid = settings.get_setting(s, sync_config.PROFILE_UID)
    assert store.keys.get(f"device-token:{uid}") == "old-token"


def _plain_profile(profile: Path, make_draft) -> None:
    """A profile as a version before encryption left it: plain database and a plain backup."""
    store = Store(profile / DB_FILENAME, key=crypt.PLAIN)
    migrate.upgrade(store)
    _set_up(store, make_draft)
    copy_database(store.path, profile / "backups" / "counter-20260301-080000-daily.sqlite3", key=crypt.PLAIN)
    store.dispose()
    assert crypt.is_plain(profile / DB_FILENAME)


def _no_plain_file_in(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            assert _leaks(path) == [], path


def test_a_plain_profile_is_converted_at_open_with_an_encrypted_backup_first(profile_dir, make_draft):
    _plain_profile(profile_dir, make_draft)
    store = open_store(profile_dir)
    try:
        with store.read() as s:
            from counter_app.store.models import Dossier

            assert [d.applicant_name for d in s.query(Dossier)] == [NAME]
    finally:
        store.dispose()
    _no_plain_file_in(profile_dir)
    names = [b.path.name for b in list_backups(profile_dir / "backups")]
    assert any(n.endswith("-encryption.sqlite3") for n in names) and "counter-20260301-080000-daily.sqlite3" in names
    for b in list_backups(profile_dir / "backups"):
        assert crypt.key_opens(b.path, crypt.default_keystore().database_key())


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from counter_app.store import crypt
    from counter_app.store.db import encrypt_profile

    def step(name):
        print(name, flush=True)
        if name == sys.argv[2]:
            sys.stdin.readline()  # held here until the parent kills this process
    encrypt_profile(Path(sys.argv[1]), crypt.default_keystore().database_key(), after_step=step)
    print("done", flush=True)
""")


@pytest.mark.parametrize("stop", ["exported", "backed-up", "renamed"])
def test_a_crash_mid_conversion_loses_nothing(profile_dir, make_draft, stop):
    _plain_profile(profile_dir, make_draft)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(profile_dir), stop], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, encoding="utf-8",
                            cwd=Path(__file__).resolve().parents[2])
    try:
        for line in proc.stdout:
            if line.strip() == stop:
                break
        else:
            pytest.fail(f"the conversion ended before {stop!r}")
        proc.kill()
    finally:
        proc.wait(timeout=60)
        proc.stdin.close()
        proc.stdout.close()
    store = open_store(profile_dir)
    try:
        with store.read() as s:
            from counter_app.store.models import Dossier

            assert [(d.applicant_name, d.id_number) for d in s.query(Dossier)] == [(NAME, ID_NUMBER)]
    finally:
        store.dispose()
    _no_plain_file_in(profile_dir)
    assert not list(profile_dir.glob("*.encrypting*"))


def test_a_backup_from_another_key_store_is_restored_with_the_recovery_key(tmp_path, make_draft):
    old = MemoryKeyring()
    store = open_store(tmp_path / "old", keys=crypt.keystore_for(old))
    _set_up(store, make_draft)
    backup = make_backup(store, tmp_path / "elsewhere", reason="manual").path
    crypt.write_recovery_key(tmp_path / "recovery.key", store.key)
    store.dispose()

    crypt.set_default_keystore(crypt.keystore_for(MemoryKeyring()))  # a new machine
    try:
        new = open_store(tmp_path / "new")
        initialise_profile(new, DEMO_AGENCY, 1, DEMO_OFFICERS)
        with raises_saying(Exception, "bị hỏng"):  # this machine's key does not open it
            restore_backup(tmp_path / "new", backup, store=new)
        result = restore_backup(tmp_path / "new", backup, store=new,
                                backup_key=crypt.read_recovery_key(tmp_path / "recovery.key"))
        try:
            with result.store.read() as s:
                from counter_app.store.models import Dossier

                assert [d.applicant_name for d in s.query(Dossier)] == [NAME]
        finally:
            result.store.dispose()
        assert crypt.key_opens(tmp_path / "new" / DB_FILENAME, crypt.default_keystore().database_key())
    finally:
        crypt.set_default_keystore(None)


def test_a_file_that_is_not_a_recovery_key_is_named(tmp_path):
    (tmp_path / "notes.txt").write_text("hello\n")
    with pytest.raises(crypt.KeyError_) as exc:
        crypt.read_recovery_key(tmp_path / "notes.txt")
    assert exc.value.message == Message("crypt.not_a_recovery_key", {"path": str(tmp_path / "notes.txt")})


def test_after_a_lost_key_store_a_recovery_key_restore_opens_the_scans_too(tmp_path, make_draft):
    """The key store is lost (a reinstalled Windows): the administrator restores with the
    recovery key; the database is re-encrypted for the new key, and so are the scans, which
    the old key sealed (else they would stay unreadable and never upload)."""
    from counter_app.store.document_files import DocumentFiles
    from counter_app.services.digitising import attach_files
    from counter_app.services.receiving import receive
    from tests.core.pages import save, text_page

    profile = tmp_path / "profile"
    crypt.set_default_keystore(crypt.keystore_for(MemoryKeyring()))
    try:
        store = open_store(profile)
        initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
        receipt = receive(store, make_draft(), "canbo1")
        scan = attach_files(store, profile, receipt.code, 1, [save(text_page(["CĂN CƯỚC"]), tmp_path / "c.png", "PNG")])
        pdf = DocumentFiles(profile, key=store.key).read(scan.sha256)
        backup = make_backup(store, tmp_path / "elsewhere", reason="manual").path
        crypt.write_recovery_key(tmp_path / "recovery.key", store.key)
        store.dispose()

        crypt.set_default_keystore(crypt.keystore_for(MemoryKeyring()))  # the key store is gone
        result = restore_backup(profile, backup, backup_key=crypt.read_recovery_key(tmp_path / "recovery.key"))
        try:
            assert DocumentFiles(profile, key=result.store.key).read(scan.sha256) == pdf
        finally:
            result.store.dispose()
    finally:
        crypt.set_default_keystore(None)


def test_a_plain_backup_that_cannot_be_converted_never_stops_the_start(tmp_path, make_draft, monkeypatch):
    """A plain backup on a share that refuses writes (or locked by another program) is left
    as it is and logged; the profile still opens."""
    profile = tmp_path / "profile"
    _plain_profile(profile, make_draft)
    real = crypt.encrypt_in_place

    def refusing(path, key, **kwargs):
        if "backups" in str(path) and "daily" in str(path):
            raise PermissionError(13, "Access is denied", str(path))
        return real(path, key, **kwargs)

    monkeypatch.setattr(crypt, "encrypt_in_place", refusing)
    store = open_store(profile)
    try:
        assert not crypt.is_plain(profile / DB_FILENAME)
        assert crypt.is_plain(profile / "backups" / "counter-20260301-080000-daily.sqlite3")  # left, not lost
    finally:
        store.dispose()

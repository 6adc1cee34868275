"""The machine's key store (counter_app.store.machine_keys, counter_app.store.dpapi): which profiles use it,
the DPAPI calls' marshalling through a fake crypt32 that seals like DPAPI does (bound to a
machine secret and to the entropy), two Windows accounts (two per-user key stores) opening one
profile, the key moved in from the first account, and key files that are damaged or belong to
another profile or another PC."""

from __future__ import annotations

import ctypes
import hashlib
import hmac
import json
import sys
from pathlib import Path, PureWindowsPath

import pytest
from sqlalchemy import func, select

from counter_app.domain.errors import Message
from counter_app.store import crypt
from counter_app.store.crypt import FileKeyring, KeyError_, KeyStore
from counter_app.store.db import open_store
from counter_app.store.dpapi import (
    CRYPTPROTECT_LOCAL_MACHINE,
    CRYPTPROTECT_UI_FORBIDDEN,
    DATA_BLOB,
    DpapiProtector,
    PlainProtector,
    default_protector,
)
from counter_app.store.models import Officer
from counter_app.store.machine_keys import MACHINE, USER, key_scope, machine_keys_dir, machine_keystore
from counter_app.domain.paths import DB_FILENAME

WIN = {"PROGRAMDATA": r"C:\ProgramData", "LOCALAPPDATA": r"C:\Users\a\AppData\Local"}


# --- a fake crypt32: seals with a machine secret, checks the entropy, allocates like LocalAlloc --

class FakeCrypt32:
    """CryptProtectData/CryptUnprotectData over ctypes arguments, as the DLL receives them."""

    def __init__(self, machine_secret: bytes):
        self.secret = machine_secret
        self.calls: list[dict] = []
        self.allocated: list[int] = []
        self._buffers: dict[int, ctypes.Array] = {}

    @staticmethod
    def _read(ref) -> bytes:
        blob = ref._obj  # ctypes.byref(DATA_BLOB)
        assert isinstance(blob, DATA_BLOB)
        return ctypes.string_at(blob.pbData, blob.cbData)

    def _give(self, ref, data: bytes) -> None:
        buffer = ctypes.create_string_buffer(data, len(data))
        address = ctypes.addressof(buffer)
        self._buffers[address] = buffer
        self.allocated.append(address)
        out = ref._obj
        out.cbData = len(data)
        out.pbData = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))

    def _mac(self, entropy: bytes, data: bytes) -> bytes:
        return hmac.new(self.secret, entropy + b"|" + data, hashlib.sha256).digest()

    def CryptProtectData(self, data_in, description, entropy, reserved, prompt, flags, data_out):  # noqa: N802
        data, extra = self._read(data_in), self._read(entropy)
        self.calls.append({"fn": "protect", "description": description, "entropy": extra, "flags": flags,
                           "reserved": reserved, "prompt": prompt})
        mask = hashlib.sha256(self.secret + extra).digest() * (len(data) // 32 + 1)
        self._give(data_out, self._mac(extra, data) + bytes(a ^ b for a, b in zip(data, mask, strict=False)))
        return 1

    def CryptUnprotectData(self, data_in, description, entropy, reserved, prompt, flags, data_out):  # noqa: N802
        blob, extra = self._read(data_in), self._read(entropy)
        self.calls.append({"fn": "unprotect", "entropy": extra, "flags": flags, "description": description})
        mask = hashlib.sha256(self.secret + extra).digest() * (len(blob) // 32 + 1)
        data = bytes(a ^ b for a, b in zip(blob[32:], mask, strict=False))
        if len(blob) < 32 or not hmac.compare_digest(blob[:32], self._mac(extra, data)):
            return 0  # DPAPI: ERROR_INVALID_DATA
        self._give(data_out, data)
        return 1


class FakeKernel32:
    def __init__(self, crypt32: FakeCrypt32):
        self.crypt32 = crypt32
        self.freed: list[int] = []

    def LocalFree(self, pointer):  # noqa: N802
        address = ctypes.cast(pointer, ctypes.c_void_p).value
        self.freed.append(address)
        self.crypt32._buffers.pop(address)
        return None


def fake_dpapi(secret: bytes = b"this PC") -> DpapiProtector:
    crypt32 = FakeCrypt32(secret)
    return DpapiProtector(crypt32, FakeKernel32(crypt32))


def account(tmp_path: Path, name: str) -> KeyStore:
    """A Windows account's own key store (Credential Manager stands in as a file per account)."""
    return KeyStore(FileKeyring(tmp_path / "users" / name / "keys.json"))


# --- which profiles are machine-wide ------------------------------------------------------------

def test_the_default_shared_folder_on_windows_is_machine_wide_whatever_its_spelling(tmp_path):
    assert key_scope(PureWindowsPath(r"C:\ProgramData\CounterApp\profile"), platform="win32", environ=WIN) == MACHINE
    assert key_scope(r"c:\programdata\counterapp\PROFILE\\", platform="win32", environ=WIN) == MACHINE
    assert key_scope(r"D:\quay", platform="win32", environ=WIN) == USER
    assert key_scope(tmp_path / "p", platform="linux", environ={"HOME": str(tmp_path)}) == USER
    # forced by the environment, either way; the marker keeps a profile machine-wide
    assert key_scope(r"D:\quay", platform="win32", environ={**WIN, "COUNTER_KEY_SCOPE": "machine"}) == MACHINE
    assert key_scope(r"C:\ProgramData\CounterApp\profile", platform="win32",
                     environ={**WIN, "COUNTER_KEY_SCOPE": "user"}) == USER
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "key-scope.json").write_text('{"scope": "machine", "profile_id": "x"}', encoding="utf-8")
    assert key_scope(tmp_path / "p", platform="linux", environ={}) == MACHINE


def test_the_keys_folder():
    assert str(machine_keys_dir("win32", {"PROGRAMDATA": r"E:\PD"})).replace("/", "\\") == r"E:\PD\CounterApp\keys"
    assert machine_keys_dir("linux", {}) == Path("/var/lib/counter-app/keys")
    assert machine_keys_dir("linux", {"COUNTER_MACHINE_KEYS": "/srv/k"}) == Path("/srv/k")
    assert isinstance(default_protector("win32"), DpapiProtector)
    assert isinstance(default_protector("linux"), PlainProtector)


# --- DPAPI through ctypes --------------------------------------------------------------------------

def test_dpapi_marshalling_machine_scope_entropy_and_memory_given_back():
    dpapi = fake_dpapi()
    secret = bytes(range(256)) * 3  # zero bytes and all values pass through unchanged
    blob = dpapi.protect(secret, b"entropy-1")
    assert blob != secret and dpapi.unprotect(blob, b"entropy-1") == secret
    protect, unprotect = dpapi._crypt32.calls
    assert protect["flags"] == CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN
    assert protect["entropy"] == b"entropy-1" and protect["description"] == "counter-app machine key"
    assert protect["reserved"] is None and protect["prompt"] is None
    assert unprotect["flags"] == CRYPTPROTECT_UI_FORBIDDEN and unprotect["entropy"] == b"entropy-1"
    # every output buffer is freed (LocalFree), none twice
    assert sorted(dpapi._kernel32.freed) == sorted(dpapi._crypt32.allocated) and not dpapi._crypt32._buffers
    from counter_app.store.dpapi import ProtectError

    with pytest.raises(ProtectError):
        dpapi.unprotect(blob, b"entropy-2")
    with pytest.raises(ProtectError):
        fake_dpapi(b"another PC").unprotect(blob, b"entropy-1")


def test_the_dpapi_module_imports_and_only_reaches_for_the_dlls_when_used():
    import counter_app.store.dpapi as dpapi_module

    protector = DpapiProtector()  # nothing loaded yet: safe on Linux
    if not hasattr(ctypes, "WinDLL"):
        with pytest.raises(AttributeError):
            protector.protect(b"x", b"y")
    assert dpapi_module.DATA_BLOB.cbData.size == 4


# --- two accounts, one machine-wide profile --------------------------------------------------------

def _make_profile(profile: Path, keys: KeyStore) -> None:
    from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
    from counter_app.services.setup import initialise_profile

    store = open_store(profile, keys=keys)
    initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
    store.dispose()


def _open(profile: Path, user: KeyStore, keys_dir: Path, protector=None):
    return open_store(profile, keys=machine_keystore(profile, user=user, keys_dir=keys_dir,
                                                     protector=protector or fake_dpapi()))


def test_a_second_account_opens_the_shared_profile_once_the_key_is_the_machines(tmp_path):
    profile, keys_dir = tmp_path / "ProgramData" / "CounterApp" / "profile", tmp_path / "keys"
    a, b = account(tmp_path, "a"), account(tmp_path, "b")
    _make_profile(profile, a)  # made by a version that kept the key in account A's store
    a.put("device-token:u1", "bearer-of-a")

    # B first: the key is only in A's store. A clear message, nothing changed, no key made.
    before = (profile / DB_FILENAME).read_bytes()
    with pytest.raises(KeyError_) as refused:
        _open(profile, b, keys_dir)
    said = refused.value.message
    assert said.code == "machine_keys.not_moved" and said.params["profile"] == str(profile)
    assert Path(said.params["keys_file"]).parent == keys_dir
    assert (profile / DB_FILENAME).read_bytes() == before
    assert b.get(crypt.DB_KEY) is None
    assert list(keys_dir.glob("*.key")) == []  # no key made for B

    # A opens: the key moves into the machine store (durably, a file), A keeps its copy.
    store = _open(profile, a, keys_dir)
    store.dispose()
    key_files = list(keys_dir.glob("*.key"))
    assert len(key_files) == 1
    marker = json.loads((profile / "key-scope.json").read_text(encoding="utf-8"))
    assert key_files[0].name == f"{marker['profile_id']}.key" and marker["scope"] == "machine"
    assert a.get(crypt.DB_KEY) is not None
    outer = json.loads(key_files[0].read_text(encoding="utf-8"))
    assert outer["protection"] == "dpapi-machine" and a.get(crypt.DB_KEY) not in key_files[0].read_text()

    # B opens now; the device token moves from A's store on first read (one live copy).
    machine_b = machine_keystore(profile, user=b, keys_dir=keys_dir, protector=fake_dpapi())
    store = open_store(profile, keys=machine_b)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Officer)) > 0
    store.dispose()
    machine_a = machine_keystore(profile, user=a, keys_dir=keys_dir, protector=fake_dpapi())
    assert machine_a.get("device-token:u1") == "bearer-of-a" and a.get("device-token:u1") is None
    assert machine_b.get("device-token:u1") == "bearer-of-a"
    assert b.get(crypt.DB_KEY) is None  # nothing of the machine's is copied into an account's store


def test_a_new_shared_profile_gets_a_machine_key_no_account_holds(tmp_path):
    profile, keys_dir = tmp_path / "profile", tmp_path / "keys"
    a, b = account(tmp_path, "a"), account(tmp_path, "b")
    _make_profile(profile, machine_keystore(profile, user=a, keys_dir=keys_dir, protector=fake_dpapi()))
    assert a.get(crypt.DB_KEY) is None
    _open(profile, b, keys_dir).dispose()
    # another PC (another machine secret) cannot use a copied key folder
    with pytest.raises(KeyError_) as other_pc:
        _open(profile, b, keys_dir, protector=fake_dpapi(b"another PC"))
    assert other_pc.value.message.code == "machine_keys.damaged"
    assert other_pc.value.message.params["why"] == Message("machine_keys.why_not_this_machine")


def test_a_damaged_key_file_or_one_of_another_profile_says_so(tmp_path):
    keys_dir = tmp_path / "keys"
    a = account(tmp_path, "a")
    one, two = tmp_path / "one", tmp_path / "two"
    _make_profile(one, machine_keystore(one, user=a, keys_dir=keys_dir, protector=fake_dpapi()))
    _make_profile(two, machine_keystore(two, user=a, keys_dir=keys_dir, protector=fake_dpapi()))
    file_one = keys_dir / f"{json.loads((one / 'key-scope.json').read_text())['profile_id']}.key"
    file_two = keys_dir / f"{json.loads((two / 'key-scope.json').read_text())['profile_id']}.key"
    good_one = file_one.read_bytes()

    file_one.write_bytes(file_two.read_bytes())  # another profile's file under this name
    with pytest.raises(KeyError_) as other:
        _open(one, a, keys_dir)
    assert other.value.message == Message("machine_keys.damaged", {
        "path": str(file_one), "folder": str(keys_dir),
        "why": Message("machine_keys.why_other_profile", {"profile": str(two)})})

    outer = json.loads(file_two.read_text())
    outer["profile_id"] = json.loads((one / "key-scope.json").read_text())["profile_id"]
    file_one.write_text(json.dumps(outer))  # the name rewritten too: the sealed part still says no
    with pytest.raises(KeyError_) as sealed:
        _open(one, a, keys_dir)
    assert sealed.value.message.params["why"] == Message("machine_keys.why_not_this_machine")

    for damage in (b"", b"{not json", good_one[: len(good_one) // 2], b'{"format": "x"}'):
        file_one.write_bytes(damage)
        with pytest.raises(KeyError_) as damaged:
            _open(one, a, keys_dir)
        assert damaged.value.message.code == "machine_keys.damaged"
        assert damaged.value.message.params["path"] == str(file_one)

    file_one.write_bytes(good_one)
    _open(one, a, keys_dir).dispose()


def test_a_lost_marker_finds_its_key_file_again(tmp_path):
    profile, keys_dir = tmp_path / "profile", tmp_path / "keys"
    a = account(tmp_path, "a")
    _make_profile(profile, machine_keystore(profile, user=a, keys_dir=keys_dir, protector=fake_dpapi()))
    (profile / "key-scope.json").unlink()
    _open(profile, account(tmp_path, "b"), keys_dir).dispose()
    assert len(list(keys_dir.glob("*.key"))) == 1


def test_two_first_starts_at_once_agree_on_one_key(tmp_path):
    profile, keys_dir = tmp_path / "profile", tmp_path / "keys"
    first = machine_keystore(profile, user=None, keys_dir=keys_dir, protector=PlainProtector())
    second = machine_keystore(profile, user=None, keys_dir=keys_dir, protector=PlainProtector())
    ring = first.backend
    assert ring.write_entries({"database-key": "aa" * 32}, first=True)
    assert not second.backend.write_entries({"database-key": "bb" * 32}, first=True)  # published only once
    assert second.database_key() == bytes.fromhex("aa" * 32)
    assert not list(keys_dir.glob("*.new"))
    # a key made by another start after this one looked: kept, never overwritten
    third = machine_keystore(profile, user=None, keys_dir=keys_dir, protector=PlainProtector())
    assert third.backend.add_if_absent("database-key", "cc" * 32) == "aa" * 32
    assert third.backend.read_entries()["database-key"] == "aa" * 32


@pytest.mark.skipif(sys.platform != "win32", reason="the real DPAPI: Windows only (the Windows CI runs it)")
def test_the_real_dpapi_with_the_machines_key(tmp_path):
    from counter_app.store.dpapi import ProtectError

    dpapi = DpapiProtector()
    key = bytes(range(32))
    blob = dpapi.protect(key, b"profile-1")
    assert key not in blob and dpapi.unprotect(blob, b"profile-1") == key
    with pytest.raises(ProtectError):
        dpapi.unprotect(blob, b"profile-2")
    with pytest.raises(ProtectError):
        dpapi.unprotect(blob[:-8] + bytes(8), b"profile-1")
    profile, keys_dir = tmp_path / "profile", tmp_path / "keys"
    _make_profile(profile, machine_keystore(profile, user=account(tmp_path, "a"), keys_dir=keys_dir))
    opened = open_store(profile, keys=machine_keystore(profile, user=account(tmp_path, "b"), keys_dir=keys_dir))
    opened.dispose()
    assert json.loads(next(keys_dir.glob("*.key")).read_text(encoding="utf-8"))["protection"] == "dpapi-machine"


def test_a_restore_with_a_recovery_key_may_start_a_new_key_file_keeping_the_damaged_one(tmp_path):
    profile, keys_dir = tmp_path / "profile", tmp_path / "keys"
    a = account(tmp_path, "a")
    _make_profile(profile, machine_keystore(profile, user=a, keys_dir=keys_dir, protector=fake_dpapi()))
    key_file = next(keys_dir.glob("*.key"))
    key_file.write_bytes(b"\x00 damaged")
    store = machine_keystore(profile, user=a, keys_dir=keys_dir, protector=fake_dpapi())
    with pytest.raises(KeyError_):
        store.database_key()
    store.allow_new_key()  # what `restore --recovery-key` does
    new_key = store.database_key()
    assert store.made_key and len(new_key) == crypt.KEY_BYTES
    kept = [p for p in keys_dir.iterdir() if ".unusable-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b"\x00 damaged"
    again = machine_keystore(profile, user=None, keys_dir=keys_dir, protector=fake_dpapi())
    assert again.database_key(create=False) == new_key


def test_two_first_starts_at_once_agree_on_one_profile_id(tmp_path):
    """Two starts racing on a new profile (a double click): both end with the same id, so the key
    file one of them makes is the one the other reads."""
    import threading

    from counter_app.store.machine_keys import MARKER, profile_id

    for round_ in range(40):
        profile, keys_dir = tmp_path / f"profile{round_}", tmp_path / "keys"
        barrier, ids = threading.Barrier(2), []

        def start(barrier, ids, profile, keys_dir):
            barrier.wait()
            ids.append(profile_id(profile, keys_dir))

        threads = [threading.Thread(target=start, args=(barrier, ids, profile, keys_dir)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert ids[0] == ids[1] == json.loads((profile / MARKER).read_text(encoding="utf-8"))["profile_id"]
        assert not [p for p in profile.iterdir() if p.name.endswith((".new", ".part"))]


def test_a_key_file_that_cannot_be_written_says_where_and_what_to_check(tmp_path, monkeypatch):
    """Writing the key file fails (a full disk here; the keys folder's rights on a PC): a
    KeyError_ in Vietnamese naming the folder, which the window shows in its message box, not a
    traceback; no key is kept half written."""
    import errno

    from counter_app.store import machine_keys

    def full_disk(path, data, **_kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    profile, keys_dir = tmp_path / "shared", tmp_path / "keys"
    profile.mkdir()
    store = machine_keystore(profile, user=None, keys_dir=keys_dir, protector=PlainProtector())
    monkeypatch.setattr(machine_keys, "write_bytes_durably", full_disk)
    from ui.messages import error_text

    with pytest.raises(KeyError_) as err:
        store.database_key()
    said = error_text(err.value)
    assert str(keys_dir) in said and "quyền ghi" in said and "No space" in said
    assert not list(keys_dir.glob("*.key"))

"""Two Windows accounts of one counter PC on its machine-wide profile, through the command line
in separate processes against the real reference server: each account has its own key store
(COUNTER_KEYRING_FILE), the profile's key and device token live in the machine's store
(COUNTER_MACHINE_KEYS; on Linux sealed by nothing but the folder's rights, DPAPI on Windows).
The second account is refused with a message until the first has opened the profile once; then
it opens, syncs with the token the first enrolled, and recovery keys still work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from counter_app.services.demo import DEMO_AGENCY, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def as_account(tmp_path: Path, who: str, profile: Path, *args: str, scope: str = "machine",
               password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               COUNTER_KEYRING_FILE=str(tmp_path / "users" / who / "keys.json"),
               COUNTER_MACHINE_KEYS=str(tmp_path / "ProgramData" / "CounterApp" / "keys"), COUNTER_KEY_SCOPE=scope)
    env.pop("COUNTER_ADMIN_PASSWORD", None)
    if password is not None:
        env["COUNTER_ADMIN_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300, cwd=ROOT,
                          stdin=subprocess.DEVNULL)


def _user_keys(tmp_path: Path, who: str) -> dict:
    return json.loads((tmp_path / "users" / who / "keys.json").read_text(encoding="utf-8"))["counter-app"]


def test_second_account_opens_and_syncs_once_the_key_is_the_machines(tmp_path, server, server_store):
    profile = tmp_path / "ProgramData" / "CounterApp" / "profile"
    # Before the upgrade: account A's own key store holds the key and the device token.
    made = as_account(tmp_path, "a", profile, "demo", "--dossiers", "3", scope="user")
    assert made.returncode == 0, made.stderr
    code = server_store.issue_code(DEMO_AGENCY.id)
    enrolled = as_account(tmp_path, "a", profile, "enroll", "--server", server.url, "--code", code, scope="user")
    assert enrolled.returncode == 0, enrolled.stderr
    assert {k.split(":")[0] for k in _user_keys(tmp_path, "a")} == {"database-key", "device-token"}

    # After it: B first. Refused with what to do; nothing made, nothing changed.
    refused = as_account(tmp_path, "b", profile, "sync")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "chưa được chuyển vào kho khóa chung" in refused.stderr and "mở phần mềm một lần" in refused.stderr
    assert not (tmp_path / "users" / "b" / "keys.json").exists()

    # A opens once: the key and token move to the machine's store (the key is kept in A's too).
    opened = as_account(tmp_path, "a", profile, "ledger")
    assert opened.returncode == 0, opened.stderr
    assert len(json.loads(opened.stdout)) == 3
    assert set(_user_keys(tmp_path, "a")) == {"database-key"}
    assert len(list((tmp_path / "ProgramData" / "CounterApp" / "keys").glob("*.key"))) == 1

    # B now opens and syncs with the token A enrolled (read from the machine's store).
    synced = as_account(tmp_path, "b", profile, "sync")
    assert synced.returncode == 0, synced.stderr
    report = json.loads(synced.stdout)
    assert report["state"] == "online" and report["acknowledged"] >= 3 and report["pending"] == 0
    assert report["rejected"] == 0
    checked = as_account(tmp_path, "b", profile, "check")
    assert checked.returncode == 0, checked.stderr
    assert "MachineKeyring" in json.loads(checked.stdout)["key_store"]
    assert "chỉ được bảo vệ bằng quyền của thư mục" in checked.stderr  # Linux: no OS sealing, said so
    assert not (tmp_path / "users" / "b" / "keys.json").exists()


def test_recovery_key_export_and_restore_with_the_machine_store(tmp_path):
    profile = tmp_path / "ProgramData" / "CounterApp" / "profile"
    assert as_account(tmp_path, "a", profile, "demo", "--dossiers", "2").returncode == 0
    backup = tmp_path / "usb" / "counter-20260310-170000-manual.sqlite3"
    backup.parent.mkdir()
    assert as_account(tmp_path, "b", profile, "backup", "-o", str(backup)).returncode == 0
    exported = as_account(tmp_path, "b", profile, "recovery-key", "--out", str(tmp_path / "usb" / "khoa.txt"),
                          "--admin", "admin", password=DEMO_PASSWORD)
    assert exported.returncode == 0, exported.stderr

    # The keys folder is lost (a reimaged C:, a deleted folder): a new machine key is refused
    # silently by nobody; the data is not opened with a new key.
    for f in (tmp_path / "ProgramData" / "CounterApp" / "keys").glob("*.key"):
        f.unlink()
    lost = as_account(tmp_path, "b", profile, "ledger")
    assert lost.returncode == 1 and "Traceback" not in lost.stderr
    assert "chưa được chuyển vào kho khóa chung" in lost.stderr or "không mở được" in lost.stderr
    restored = as_account(tmp_path, "b", profile, "restore", "--recovery-key", str(tmp_path / "usb" / "khoa.txt"),
                          str(backup))
    assert restored.returncode == 0, restored.stderr
    for who in ("a", "b"):
        listed = as_account(tmp_path, who, profile, "ledger")
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)) == 2

    # A damaged machine key file: a message, never a traceback.
    key_file = next((tmp_path / "ProgramData" / "CounterApp" / "keys").glob("*.key"))
    key_file.write_bytes(b"\x00garbage")
    damaged = as_account(tmp_path, "a", profile, "ledger")
    assert damaged.returncode == 1 and "Traceback" not in damaged.stderr
    assert "Không dùng được tệp khóa chung" in damaged.stderr
    checked = as_account(tmp_path, "a", profile, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr

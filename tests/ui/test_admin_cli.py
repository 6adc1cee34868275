"""`counter-app check / backup / restore / officer`: exit codes and what they print."""

from __future__ import annotations

import io
import json
from datetime import datetime

from counter_app.store import crypt
import pytest
from argon2 import PasswordHasher

from counter_app.services import auth
from counter_app.store.audit import audit
from ui.cli.main import main


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _run(capsys, profile_dir, *argv):
    code = main(["--profile", str(profile_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_then_names_an_edited_entry(store, profile_dir, capsys):
    with store.write() as session:
        for i in range(3):
            audit(session, None, "settings_changed", f"k{i}", {"i": i}, at=datetime(2026, 3, 10, 9, i))
    store.dispose()
    code, out, err = _run(capsys, profile_dir, "check")
    assert (code, json.loads(out)["audit"]) == (0, "ok")
    conn = crypt.connect(profile_dir / "counter.sqlite3")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET target = 'k9' WHERE seq = 2")
    conn.commit()
    conn.close()
    code, out, err = _run(capsys, profile_dir, "check")
    assert code == 1
    assert json.loads(out)["audit_problems"][0]["seq"] == 2
    assert "Mục nhật ký số 2: nội dung đã bị sửa" in err


def test_check_reports_a_damaged_file(profile_dir, capsys):
    (profile_dir / "counter.sqlite3").write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    code, out, err = _run(capsys, profile_dir, "check")
    assert code == 1 and json.loads(out)["database"] == "damaged"
    assert "counter-app restore --newest" in err


def test_officer_add_needs_an_administrators_password(store, profile_dir, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("quantri-2026\n"))
    code, _, err = _run(capsys, profile_dir, "officer", "add", "quantri", "--name", "Đỗ Minh Quân",
                        "--role", "admin", "--password-stdin")
    assert code == 0, err
    monkeypatch.setattr("sys.stdin", io.StringIO("matkhau-123\n"))
    code, _, err = _run(capsys, profile_dir, "officer", "add", "canbo9", "--name", "Lê Na", "--password-stdin")
    assert code == 1 and "Tạo tài khoản: cần đăng nhập với quyền quản trị viên" in err
    monkeypatch.setenv("COUNTER_ADMIN_PASSWORD", "sai")
    code, _, err = _run(capsys, profile_dir, "officer", "add", "canbo9", "--name", "Lê Na", "--admin", "quantri",
                        "--password-stdin")
    assert code == 1 and "mật khẩu không đúng" in err
    monkeypatch.setenv("COUNTER_ADMIN_PASSWORD", "quantri-2026")
    monkeypatch.setattr("sys.stdin", io.StringIO("matkhau-123\n"))
    code, _, err = _run(capsys, profile_dir, "officer", "add", "canbo9", "--name", "Lê Na", "--admin", "quantri",
                        "--password-stdin")
    assert code == 0, err
    code, out, _ = _run(capsys, profile_dir, "officer", "list")
    rows = {r["username"]: r for r in json.loads(out)}
    assert (rows["canbo9"]["role"], rows["canbo9"]["has_password"]) == ("officer", True)


def test_backup_then_restore_keeps_the_old_file_aside(store, profile_dir, tmp_path, capsys):
    target = tmp_path / "saoluu.sqlite3"
    code, out, _ = _run(capsys, profile_dir, "backup", "-o", str(target))
    assert code == 0 and json.loads(out)["file"] == str(target)
    store.dispose()
    code, out, err = _run(capsys, profile_dir, "restore", str(target))
    assert code == 0, err
    aside = json.loads(out)["set_aside"]
    assert aside.startswith(str(profile_dir / "set-aside"))


def test_code_rules_are_listed_and_an_administrator_chooses_them(store, profile_dir, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("quantri-2026\n"))
    assert _run(capsys, profile_dir, "officer", "add", "quantri", "--name", "Đỗ Minh Quân",
                "--role", "admin", "--password-stdin")[0] == 0
    code, out, _ = _run(capsys, profile_dir, "code-rules")
    shown = json.loads(out)
    assert code == 0 and [r["id"] for r in shown["rules"]] == ["tt01-2018", "tt04-2025-centralised"]
    assert shown["rules"][1]["valid_from"] == "2026-01-25" and shown["settings"]["codes.platform_owner"] is None
    code, _, err = _run(capsys, profile_dir, "code-rules", "--platform-owner", "01")
    assert code != 0 and "--admin" in err
    monkeypatch.setenv("COUNTER_ADMIN_PASSWORD", "quantri-2026")
    code, _, err = _run(capsys, profile_dir, "code-rules", "--platform-owner", "1", "--admin", "quantri")
    assert code != 0 and "phải gồm đúng 2 chữ số" in err
    code, out, err = _run(capsys, profile_dir, "code-rules", "--platform-owner", "01", "--centralised-agency-id",
                          "h56.000.00", "--select", "tt01-2018", "tt04-2025-centralised", "--admin", "quantri")
    assert code == 0, err
    assert json.loads(out)["settings"] == {"codes.centralised_agency_id": "H56.000.00", "codes.platform_owner": "01",
                                           "codes.rules": ["tt01-2018", "tt04-2025-centralised"]}
    assert "mã đã cấp không thay đổi" in err

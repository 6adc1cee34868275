"""Every `counter-app` command given bad input: a Vietnamese message, exit 2 (bad input) or 1
(not found, or a check that failed), never a traceback, nothing half written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.cli.main import main

GOOD = {
    "procedure_code": "1.001193",
    "applicant_name": "Đặng Văn Đức",
    "id_number": "001092012345",
    "address": "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng",
}
NOT_A_DIR = "/proc/counter-app-no-such-dir"   # cannot be created, even by root


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("badcli") / "demo"
    assert main(["--profile", str(path), "demo", "--dossiers", "3"]) == 0
    return path


@pytest.fixture(scope="module")
def known_code(profile):
    from counter_app.store.db import open_store
    from counter_app.store.ledger import LedgerFilter, list_dossiers

    store = open_store(profile)
    try:
        with store.read() as session:
            return list_dossiers(session, LedgerFilter())[0]["code"]
    finally:
        store.dispose()


def run(capsys, monkeypatch, argv, stdin: str = ""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def ledger_size(capsys, monkeypatch, profile) -> int:
    code, out, _ = run(capsys, monkeypatch, ["--profile", str(profile), "ledger"])
    assert code == 0
    return len(json.loads(out))


# (arguments after --profile PROFILE, stdin, exit code, words the message must contain)
CASES = [
    (["lookup", "hello"], "", 2, "không phải mã hồ sơ"),
    (["lookup", "000.00.14.H56-260310-9999"], "", 1, "Không có hồ sơ nào mang mã"),
    (["receipt", "xin chào"], "", 2, "không phải mã hồ sơ"),
    (["receipt", "000.00.14.H56-260310-9999"], "", 1, "Không tìm thấy hồ sơ"),
    (["receipt", "{code}", "--officer", "khong-co"], "", 1, "Không tìm thấy cán bộ 'khong-co'"),
    (["receipt", "{code}", "-o", NOT_A_DIR + "/slip.pdf"], "", 2, "Không ghi được tệp PDF"),
    (["receipt", "{code}", "--kind", "nonsense"], "", 2, "không hợp lệ (chọn một trong"),
    (["receive"], "", 2, "JSON không hợp lệ"),
    (["receive"], "{not json", 2, "JSON không hợp lệ ở dòng 1"),
    (["receive"], "[1, 2]", 2, "phải là một đối tượng JSON"),
    (["receive"], json.dumps(dict(GOOD, procedure_code="9.999999")), 2, "không có mã '9.999999'"),
    (["receive"], json.dumps(dict(GOOD, received_at="hôm qua")), 2, "không phải thời điểm ISO 8601"),
    (["receive"], json.dumps(dict(GOOD, documents="giấy")), 2, "phải là một danh sách"),
    (["receive", "--officer", "khong-co"], json.dumps(GOOD), 2, "không có tài khoản 'khong-co'"),
    (["due-date", "--procedure", "1.001193", "--at", "mai"], "", 2, "--at: 'mai' không phải thời điểm"),
    (["due-date", "--procedure", "9.999999", "--at", "2026-03-10T09:00"], "", 1, "Không có thủ tục mã '9.999999'"),
    (["due-date", "--procedure", "1.001193"], "", 2, "thiếu tham số bắt buộc: --at"),
    (["ledger", "--to", "10/03/2026"], "", 2, "--to: '10/03/2026' không phải ngày"),
    (["ledger", "--status", "đẹp"], "", 2, "--status: 'đẹp' không hợp lệ"),
    (["ledger", "--format", "xml"], "", 2, "--format: 'xml' không hợp lệ"),
    (["demo", "--dossiers", "nhiều"], "", 2, "--dossiers: 'nhiều' không phải số nguyên"),
    (["demo", "--dossiers", "-5"], "", 2, "--dossiers: phải là số không âm"),
    (["backup", "-o", NOT_A_DIR + "/b.sqlite3"], "", 2, "không có thư mục"),
    (["restore"], "", 2, "Cần chỉ ra tệp sao lưu"),
    (["restore", "khong-co.sqlite3"], "", 1, "Không có tệp sao lưu"),
    (["officer"], "", 2, "thiếu tham số bắt buộc"),
    (["officer", "add", "canbo9", "--name", "Cán Bộ", "--admin", "admin"], "", 2, "Không có bàn phím để nhập mật khẩu"),
    (["officer", "passwd", "khong-co", "--admin", "admin", "--password-stdin"], "matkhau-moi-123\n", 1, "Không tìm thấy tài khoản"),
    (["officer", "add", "canbo9", "--name", "Cán Bộ", "--role", "vua"], "", 2, "--role: 'vua' không hợp lệ"),
    (["enroll", "--server", "ftp://tinh.example", "--code", "123"], "", 2, "Địa chỉ máy chủ không hợp lệ"),
    (["enroll", "--server", "http://tinh.example.vn", "--code", "123"], "", 2, "phải dùng https"),
    (["sync"], "", 1, "chưa đăng ký với máy chủ"),
    (["sync", "--batch-size", "0"], "", 2, "--batch-size: phải là số nguyên dương"),
    (["khong-co-lenh"], "", 2, "'khong-co-lenh' không hợp lệ"),
]


@pytest.mark.parametrize(("args", "stdin", "exit_code", "words"), CASES, ids=[" ".join(c[0])[:40] for c in CASES])
def test_bad_input_gets_a_message_and_an_exit_code(profile, known_code, capsys, monkeypatch, args, stdin, exit_code, words):
    monkeypatch.setenv("COUNTER_ADMIN_PASSWORD", "demo1234")
    before = ledger_size(capsys, monkeypatch, profile)
    argv = ["--profile", str(profile), *[a.replace("{code}", known_code) for a in args]]
    code, out, err = run(capsys, monkeypatch, argv, stdin)
    assert (code, words in err) == (exit_code, True), err
    assert err.strip() and "Lỗi không mong đợi" not in err
    assert ledger_size(capsys, monkeypatch, profile) == before  # nothing stored


def test_a_missing_profile_folder_is_refused_unless_created(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "go-nham" / "ho-so"
    for args in (["ledger"], ["lookup", "000.00.14.H56-260310-0001"], ["check"], ["backup"], ["sync"],
                 ["officer", "list"], ["receipt", "000.00.14.H56-260310-0001"]):
        code, out, err = run(capsys, monkeypatch, ["--profile", str(missing), *args])
        assert code == 2 and out == ""
        assert f"Không có thư mục dữ liệu {missing}" in err and "--create" in err
    code, _, _ = run(capsys, monkeypatch, ["--profile", str(missing), "receive"], json.dumps(GOOD))
    assert code == 2
    assert not missing.exists() and not missing.parent.exists()  # nothing was made

    code, out, _ = run(capsys, monkeypatch, ["--profile", str(missing), "--create", "ledger"])
    assert (code, json.loads(out)) == (0, [])
    assert (missing / "counter.sqlite3").is_file()


def test_commands_that_make_a_profile_need_no_create(tmp_path, capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["--profile", str(tmp_path / "moi"), "demo", "--dossiers", "0"])
    assert code == 0 and (tmp_path / "moi" / "counter.sqlite3").is_file()


def test_a_file_or_an_uncreatable_folder_as_profile_is_refused(tmp_path, capsys, monkeypatch):
    a_file = tmp_path / "tep.txt"
    a_file.write_text("x")
    code, _, err = run(capsys, monkeypatch, ["--profile", str(a_file), "ledger"])
    assert code == 2 and "là một tệp, không phải thư mục dữ liệu" in err
    code, _, err = run(capsys, monkeypatch, ["--profile", NOT_A_DIR, "--create", "ledger"])
    assert code == 2 and "Không tạo được thư mục dữ liệu" in err


def test_an_unopenable_or_damaged_database_is_a_message(tmp_path, capsys, monkeypatch):
    unopenable = tmp_path / "khong-mo-duoc"
    (unopenable / "counter.sqlite3").mkdir(parents=True)  # a folder where the database should be
    code, _, err = run(capsys, monkeypatch, ["--profile", str(unopenable), "ledger"])
    assert code == 2 and f"Không mở được dữ liệu trong thư mục {unopenable}" in err
    damaged = tmp_path / "hong"
    damaged.mkdir()
    (damaged / "counter.sqlite3").write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, monkeypatch, ["--profile", str(damaged), "ledger"])
    assert code == 1 and "bị hỏng" in err and "restore --newest" in err


def test_a_slip_that_cannot_be_written_after_a_receive_says_the_dossier_is_saved(profile, capsys, monkeypatch):
    before = ledger_size(capsys, monkeypatch, profile)
    code, out, err = run(capsys, monkeypatch, ["--profile", str(profile), "receive", "--print", "-o",
                                               NOT_A_DIR + "/slip.pdf"], json.dumps(GOOD))
    saved = json.loads(out)
    assert code == 1 and "Không ghi được tệp PDF" in err and f"Hồ sơ {saved['code']} đã được lưu" in err
    assert ledger_size(capsys, monkeypatch, profile) == before + 1


def test_the_real_entry_point_prints_no_traceback(profile, tmp_path):
    """Through `python -m ui.cli.main` (the installed command's module), not main() in-process."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    for args, expected in ((["--profile", str(tmp_path / "khong-co"), "ledger"], 2),
                           (["--profile", str(profile), "lookup", "rác"], 2),
                           (["--profile", str(profile), "receipt", "000.00.14.H56-260310-0001", "-o",
                             NOT_A_DIR + "/x.pdf"], 1)):
        result = subprocess.run([sys.executable, "-m", "ui.cli.main", *args], capture_output=True, text=True,
                                encoding="utf-8", env=env, timeout=120, cwd=Path(__file__).resolve().parents[2])
        assert result.returncode == expected, result.stderr
        assert result.stderr.strip() and "Traceback" not in result.stderr


def test_every_commands_help_is_vietnamese_headings_included(capsys):
    """argparse's own words ("usage:", "options:", "show this help message…") are not left in
    English in any command's help."""
    from ui.cli.main import build_parser, main

    english = ("usage:", "options:", "positional arguments:", "optional arguments:", "show this help message")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in [None, *sub.choices]:
        assert main(["--help"] if command is None else [command, "--help"]) == 0
        text = capsys.readouterr().out
        assert text.startswith("Cách dùng: counter-app"), command
        assert not [w for w in english if w in text], (command, text)
        assert "tùy chọn:" in text and "hiện hướng dẫn này rồi thoát" in text

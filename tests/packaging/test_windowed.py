"""counter-app.exe, the windowed program: commands refused with a dialog naming the CLI,
selftest to a file, and everything a console would show written to the profile's log.

Each case is a real process with stdout and stderr set to None, as a Windows GUI executable
starts (tests/packaging/windowed_child.py); the dialog's text is captured to a file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.windowed import CLI_EXE, LOG_NAME, split_argv

ROOT = Path(__file__).resolve().parents[2]


def run_windowed(tmp_path: Path, *args: str) -> tuple[int, str]:
    dialog = tmp_path / "dialog.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_TEST_DIALOG_FILE=str(dialog))
    proc = subprocess.run([sys.executable, "-m", "tests.packaging.windowed_child", *args], cwd=ROOT,
                          capture_output=True, env=env, timeout=300)
    assert proc.stdout == b"" and proc.stderr == b""  # a windowed program shows nothing on a console
    return proc.returncode, dialog.read_text(encoding="utf-8") if dialog.exists() else ""


@pytest.fixture
def profile(tmp_path):
    path = tmp_path / "hồ sơ"
    path.mkdir()
    return path


def test_split_argv_finds_the_profile_and_the_command():
    assert split_argv([]) == (None, None)
    assert split_argv(["--profile", "D:/quầy", "--create"]) == (Path("D:/quầy"), None)
    assert split_argv(["--profile=D:/q", "ledger", "--format", "csv"]) == (Path("D:/q"), "ledger")
    assert split_argv(["--help"]) == (None, "--help")


@pytest.mark.parametrize("command", ["ledger", "receive", "--help"])
def test_a_command_is_refused_with_a_dialog_naming_the_cli_and_logged(tmp_path, profile, command):
    code, dialog = run_windowed(tmp_path, "--profile", str(profile), command)
    assert code == 2
    assert CLI_EXE in dialog and f"“{command}”" in dialog and "chương trình cửa sổ" in dialog
    log = (profile / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert f"refused command '{command}'" in log


def test_a_profile_that_cannot_be_used_is_said_in_a_dialog(tmp_path):
    """What the CLI would print on stderr reaches the officer as a dialog."""
    blocked = tmp_path / "tệp.txt"
    blocked.write_text("x", encoding="utf-8")
    code, dialog = run_windowed(tmp_path, "--profile", str(blocked))
    assert code == 2
    assert "là một tệp, không phải thư mục dữ liệu" in dialog


@pytest.mark.slow
def test_selftest_writes_its_report_to_a_file(tmp_path, profile):
    report = tmp_path / "selftest.json"
    code, dialog = run_windowed(tmp_path, "--profile", str(profile), "selftest", "--output", str(report))
    assert dialog == ""
    parsed = json.loads(report.read_text(encoding="utf-8"))
    assert code == 0 and parsed["ok"] is True, [c for c in parsed["checks"] if not c["ok"]]
    assert "exit 0" in (profile / "logs" / LOG_NAME).read_text(encoding="utf-8")


def test_a_slot_error_and_a_print_go_to_the_profile_log(tmp_path, profile):
    code, _ = run_windowed(tmp_path, "slot-error", str(profile))
    assert code == 0
    log = (profile / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "printed with no console" in log
    assert "ValueError: lỗi trong slot" in log and "Traceback" in log
    # Once: the log's own hook writes it; the default hook's copy through stderr is not logged again.
    assert log.count("ValueError: lỗi trong slot") == 1 and log.count("Traceback") == 1, log

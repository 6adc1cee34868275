"""The real CLI on a console that is not UTF-8 (what Windows gives it): bytes in, bytes out.

Each run is a subprocess with ``PYTHONIOENCODING=cp1252`` and ``LANG=C`` (and no
``PYTHONUTF8``): Python's own text streams would then decode stdin as cp1252, as a Windows
console does with its ANSI code page. The CLI must read "Đặng Văn Đức" right whether the bytes
come with a UTF-8 BOM, without one, as UTF-16 from PowerShell's ``Out-File``, or from
``--input FILE``; refuse bytes that are not UTF-8 with a message; and write CSV that Excel opens
(BOM, one ``\\r\\n`` per record).
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys

import pytest

from counter_app.services import auth
from counter_app.store.db import open_store

NAME = "Đặng Văn Đức"
DOSSIER = {
    "procedure_code": "1.001193",
    "applicant_name": NAME,
    "id_number": "001092012345",
    "address": "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng",
}


def non_utf8_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONUTF8"))}
    env.update(PYTHONIOENCODING="cp1252", LANG="C", LC_ALL="C", PYTHONUTF8="0")
    return env


def cli(profile, *args, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """Run the real CLI; stdin and both outputs are bytes."""
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
                          input=stdin, capture_output=True, env=non_utf8_env(), timeout=300)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("console") / "p"
    result = cli(path, "demo", "--dossiers", "0")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return path


def dossier_json() -> str:
    return json.dumps(DOSSIER, ensure_ascii=False)


@pytest.mark.parametrize("encode", [
    pytest.param(lambda s: s.encode("utf-8"), id="utf-8"),
    pytest.param(lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), id="utf-8-bom"),
    pytest.param(lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), id="utf-16-le-bom"),
])
def test_receive_reads_the_name_right_from_stdin(profile, encode):
    result = cli(profile, "receive", stdin=encode(dossier_json()))
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    saved = json.loads(result.stdout.decode("utf-8"))
    assert saved["applicant_name"] == NAME
    assert f"Đã tiếp nhận hồ sơ {saved['code']}".encode() in result.stderr
    # What was stored, read back through another command, is the same name.
    listed = json.loads(cli(profile, "ledger", "--search", saved["code"]).stdout.decode("utf-8"))
    assert [r["applicant_name"] for r in listed] == [NAME]


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["no-bom", "bom"])
def test_receive_reads_an_input_file(profile, tmp_path, bom):
    path = tmp_path / "ho so.json"
    path.write_bytes(bom + dossier_json().encode("utf-8"))
    result = cli(profile, "receive", "--input", str(path))
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert json.loads(result.stdout.decode("utf-8"))["applicant_name"] == NAME


def test_bytes_that_are_not_utf8_are_refused_and_nothing_is_stored(profile):
    before = len(json.loads(cli(profile, "ledger").stdout.decode("utf-8")))
    cp1258 = dossier_json().replace("Đặng", "Đang").encode("cp1258", errors="replace")  # "Đ" is 0xD0 there
    result = cli(profile, "receive", stdin=cp1258)
    assert result.returncode == 2
    message = result.stderr.decode("utf-8")
    assert "không phải văn bản UTF-8" in message and "0xD0" in message and "--input" in message
    assert b"Traceback" not in result.stderr
    assert len(json.loads(cli(profile, "ledger").stdout.decode("utf-8"))) == before


def test_a_missing_input_file_is_a_message(profile, tmp_path):
    result = cli(profile, "receive", "--input", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "Không đọc được tệp" in result.stderr.decode("utf-8") and b"Traceback" not in result.stderr


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["no-bom", "bom"])
def test_password_stdin_is_utf8(profile, bom):
    username = "duc" + str(len(bom))
    password = "Mật khẩu Đức 2026"
    # (argv stays ASCII: under LANG=C, Linux hands Python undecodable bytes; Windows' argv is UTF-16)
    env_admin = ["officer", "add", username, "--name", "Dang Van Duc", "--admin", "admin", "--password-stdin"]
    result = subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *env_admin],
                            input=bom + password.encode("utf-8") + b"\r\n", capture_output=True,
                            env=dict(non_utf8_env(), COUNTER_ADMIN_PASSWORD="demo1234"), timeout=300)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert json.loads(result.stdout.decode("utf-8"))["full_name"] == "Dang Van Duc"
    store = open_store(profile)
    try:
        assert auth.login(store, username, password).username == username
    finally:
        store.dispose()


def _check_excel_csv(data: bytes) -> list[str]:
    assert data.startswith(codecs.BOM_UTF8)
    assert b"\r\r\n" not in data
    assert data.count(b"\n") == data.count(b"\r\n") and data.endswith(b"\r\n")
    lines = data[len(codecs.BOM_UTF8):].decode("utf-8").split("\r\n")
    assert lines[0].startswith("code,")
    return lines


def test_ledger_csv_has_a_bom_and_crlf_once(profile, tmp_path):
    assert cli(profile, "receive", stdin=dossier_json().encode()).returncode == 0
    result = cli(profile, "ledger", "--format", "csv")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    lines = _check_excel_csv(result.stdout)
    assert any(NAME in line for line in lines)
    path = tmp_path / "sổ.csv"
    assert cli(profile, "ledger", "--format", "csv", "-o", str(path)).returncode == 0
    assert path.read_bytes() == result.stdout


def test_ledger_to_an_unwritable_file_is_a_message(profile, tmp_path):
    result = cli(profile, "ledger", "--format", "csv", "-o", str(tmp_path / "no-such-dir" / "x.csv"))
    assert result.returncode == 2
    assert "Không ghi được tệp" in result.stderr.decode("utf-8") and b"Traceback" not in result.stderr

"""The counter tells Vietnam time whatever zone the PC is set to.

The real `counter-app` runs in a child process with another ``TZ`` (UTC, New York, Kiritimati
at UTC+14) and, through libfaketime (Debian's ``faketime``), at a chosen instant. A receipt at
07:48 UTC is 14:48 in Vietnam: the saved dossier, the printed slip and the ledger must say
14:48, and the dossier code's YYMMDD is the Vietnam date, also when the PC's own date differs.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from tests import pdfcheck

ZONES = ["UTC", "America/New_York", "Pacific/Kiritimati"]
GOOD = {
    "procedure_code": "1.004873",
    "applicant_name": "Trần Thị Bình",
    "id_number": "001192012345",
    "address": "Số 5 Lê Lợi, phường Hải Châu, Đà Nẵng",
}

pytestmark = pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime (Debian) is not installed")


def run_at(instant_utc: datetime | None, zone: str, profile, *args, stdin: str | None = None, env_extra=None):
    """`counter-app --profile PROFILE ARGS` with TZ=*zone*, its clock set to *instant_utc*
    (still running from there), or the real clock when None."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", TZ=zone, **(env_extra or {}))
    cmd = [sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args]
    if instant_utc is not None:
        offset = math.ceil(instant_utc.timestamp() - time.time())  # the child starts at or after it
        cmd = ["faketime", "-f", f"{offset:+d}s", *cmd]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("vntime") / "p"
    result = run_at(None, "UTC", path, "demo", "--dossiers", "0")
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("zone", ZONES)
def test_a_receipt_at_14_48_vietnam_time_says_14_48_on_every_pc_zone(profile, tmp_path, zone):
    at = datetime(2026, 3, 10, 7, 48, 0, tzinfo=UTC)  # 14:48 in Vietnam; 03:48 in New York (DST)
    slip = tmp_path / "slip.pdf"
    result = run_at(at, zone, profile, "receive", "--print", "-o", str(slip),
                    stdin=json.dumps(GOOD, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout)
    assert saved["received_at"].startswith("2026-03-10T14:48:"), saved["received_at"]
    assert "-260310-" in saved["code"]
    # 3 working days from Tuesday 10/3 14:48 → Friday 13/3 14:48 (working hours counted).
    assert saved["due_at"] == "2026-03-13T" + saved["received_at"][11:]
    assert "hẹn trả 14 giờ 48 phút, ngày 13/03/2026" in result.stderr
    text = pdfcheck.flat(pdfcheck.all_text(slip))
    assert "14 giờ 48 phút, ngày 10 tháng 03 năm 2026" in text, text

    rows = json.loads(run_at(at, zone, profile, "ledger", "--search", saved["code"]).stdout)
    assert [r["received_at"][:16] for r in rows] == ["2026-03-10T14:48"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("instant", "vn_day", "vn_time"), [
    (datetime(2026, 3, 9, 17, 30, tzinfo=UTC), "260310", "00:30"),   # PC in UTC/New York: still the 9th
    (datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "260310", "19:00"),   # PC in Kiritimati: already the 11th
])
def test_the_code_carries_the_vietnam_date_near_midnight(profile, zone, instant, vn_day, vn_time):
    result = run_at(instant, zone, profile, "receive", stdin=json.dumps(GOOD, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout)
    assert saved["code"].split("-")[1] == vn_day
    assert saved["received_at"][11:16] == vn_time


def test_an_offset_is_converted_and_a_naive_time_is_vietnam_time(profile):
    """A UTC offset in the input is converted; a time without one is Vietnam time, not the
    PC's: 23:30 UTC on the 9th is 06:30 on the 10th in Vietnam."""
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    aware = run_at(now, "America/New_York", profile, "receive",
                   stdin=json.dumps(dict(GOOD, received_at="2026-03-09T23:30:00+00:00")))
    assert aware.returncode == 0, aware.stderr
    saved = json.loads(aware.stdout)
    assert saved["received_at"] == "2026-03-10T06:30:00" and "-260310-" in saved["code"]
    # 15:30 Vietnam time is 08:30 UTC: in the past at 09:00 UTC, whatever the PC's zone says.
    naive = run_at(now, "Pacific/Kiritimati", profile, "receive",
                   stdin=json.dumps(dict(GOOD, received_at="2026-03-10T15:30:00")))
    assert naive.returncode == 0, naive.stderr
    assert json.loads(naive.stdout)["received_at"] == "2026-03-10T15:30:00"
    future = run_at(now, "UTC", profile, "receive", stdin=json.dumps(dict(GOOD, received_at="2026-03-10T16:30:00")))
    assert future.returncode == 2 and "sau thời điểm hiện tại" in future.stderr


def test_without_the_os_zone_database_tzdata_is_used(profile):
    """As on Windows: no IANA database on the system (PYTHONTZPATH empty), the tzdata package
    gives Asia/Ho_Chi_Minh, and the PC in UTC still prints Vietnam time."""
    at = datetime(2026, 3, 10, 7, 48, tzinfo=UTC)
    result = run_at(at, "UTC", profile, "receive", stdin=json.dumps(GOOD, ensure_ascii=False),
                    env_extra={"PYTHONTZPATH": ""})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["received_at"].startswith("2026-03-10T14:48:")


def test_backup_file_names_carry_vietnam_time(profile):
    at = datetime(2026, 3, 10, 7, 48, tzinfo=UTC)
    result = run_at(at, "America/New_York", profile, "backup")
    assert result.returncode == 0, result.stderr
    made = json.loads(result.stdout)
    assert made["made_at"].startswith("2026-03-10T14:48:")
    assert "20260310-1448" in os.path.basename(made["file"])

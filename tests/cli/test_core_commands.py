"""`counter-app` core subcommands, run as a person or a script would run them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from counter_app.domain.enums import DossierStatus

GOOD = {
    "procedure_code": "1.001193",
    "applicant_name": "Đặng Văn Đức",
    "id_number": "001092012345",
    "address": "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng",
    "phone": "+84 912 345 678",
    "received_at": "2026-02-13T16:59:00",
}


def run(profile, *args, stdin: str | None = None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300,
    )


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory):
    profile = tmp_path_factory.mktemp("cli") / "demo"
    result = run(profile, "demo", "--dossiers", "400")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["dossiers"] == 400
    assert {"username": "canbo1", "full_name": "Nguyễn Thị Mai Anh", "role": "officer",
            "password": "demo1234"} in printed["logins"]
    assert "canbo1" in result.stderr and "demo1234" in result.stderr
    return profile


def test_demo_represents_every_status(demo_profile):
    rows = json.loads(run(demo_profile, "ledger").stdout)
    assert len(rows) >= 400
    assert {r["status"] for r in rows} == {int(s) for s in DossierStatus}
    assert any("Đ" in r["applicant_name"] or "ữ" in r["applicant_name"] for r in rows)


def test_receive_prints_the_saved_dossier(demo_profile, monkeypatch):
    monkeypatch.setenv("COUNTER_SUPERVISOR_PASSWORD", "demo1234")  # a back-dated reception
    result = run(demo_profile, "receive", "--supervisor", "giamsat", stdin=json.dumps(GOOD, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout)
    assert saved["code"].startswith("000.00.14.H56-260213-")
    assert saved["phone"] == "0912345678"
    assert saved["applicant_name"] == "Đặng Văn Đức"
    # Same-day procedure received after 15:00 on Friday 13/2/2026, before Tết (14–22/2 off).
    assert saved["due_at"] == "2026-02-23T17:00:00"


def test_receive_bad_input_exits_2_naming_each_field_and_stores_nothing(demo_profile):
    before = len(json.loads(run(demo_profile, "ledger").stdout))
    bad = dict(GOOD, applicant_name="", id_number="12345", email="not-an-email")
    result = run(demo_profile, "receive", stdin=json.dumps(bad))
    assert result.returncode == 2
    assert "Họ và tên" in result.stderr and "CCCD" in result.stderr and "mail" in result.stderr
    assert len(json.loads(run(demo_profile, "ledger").stdout)) == before


def test_receive_malformed_json_and_unknown_fields_exit_2(demo_profile):
    assert run(demo_profile, "receive", stdin="{not json").returncode == 2
    result = run(demo_profile, "receive", stdin=json.dumps(dict(GOOD, colour="red")))
    assert result.returncode == 2 and "colour" in result.stderr


def test_due_date_command(demo_profile):
    result = run(demo_profile, "due-date", "--procedure", "1.004873", "--at", "2026-04-29T10:00")
    assert result.returncode == 0, result.stderr
    # 3 working days from Wed 29/4: 30/4 and 1/5 are holidays, weekend 2–3/5 → Wed 6/5 10:00.
    assert json.loads(result.stdout)["due_at"] == "2026-05-06T10:00:00"
    assert run(demo_profile, "due-date", "--procedure", "9.999999", "--at", "2026-04-29T10:00").returncode == 1
    assert run(demo_profile, "due-date", "--procedure", "1.004873", "--at", "hôm qua").returncode == 2


def test_ledger_filters_and_csv(demo_profile):
    rows = json.loads(run(demo_profile, "ledger", "--status", "returned").stdout)
    assert rows and all(r["status"] == 10 for r in rows)
    for key in ("code", "status", "procedure_code", "applicant_name", "received_at", "due_at"):
        assert key in rows[0]
    out = run(demo_profile, "ledger", "--from", "2026-02-13", "--to", "2026-02-13", "--format", "csv").stdout
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [r["applicant_name"] for r in parsed] == ["Đặng Văn Đức"]
    assert run(demo_profile, "ledger", "--status", "nonsense").returncode == 2
    assert run(demo_profile, "ledger", "--from", "13/02/2026").returncode == 2

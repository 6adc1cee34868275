"""`receive` refuses what it cannot keep (issue 12, item 6): run as a script would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import datetime, timedelta

import pytest

from counter_app.domain.ids import new_id

GOOD = {
    "procedure_code": "1.001193",
    "applicant_name": "Đặng Văn Đức",
    "id_number": "001092012345",
    "address": "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng",
}
HUGE = "x" * 100_000


def run(profile, *args, stdin: str = "", env: dict | None = None):
    full = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", env=full, timeout=300,
    )


def receive(profile, body: dict, *args, env: dict | None = None):
    return run(profile, "receive", *args, stdin=json.dumps(body, ensure_ascii=False), env=env)


def count(profile) -> int:
    return len(json.loads(run(profile, "ledger").stdout))


def at(delta: timedelta) -> str:
    return (datetime.now() + delta).replace(microsecond=0).isoformat()


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("refusals") / "demo"
    assert run(path, "demo", "--dossiers", "0").returncode == 0
    return path


def _refused(result, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr


@pytest.mark.parametrize("bad", ["abc", "x" * 40, str(uuid.uuid4()), "0190163d-8694-739b-aea5-966c26f8ad9", 7])
def test_an_id_that_is_not_a_uuid7_is_refused(profile, bad):
    before = count(profile)
    _refused(receive(profile, dict(GOOD, id=bad)), "id")
    assert count(profile) == before


def test_an_id_already_used_is_refused_without_a_traceback(profile):
    given = new_id()
    first = receive(profile, dict(GOOD, id=given.upper()))
    assert first.returncode == 0, first.stderr
    saved = json.loads(first.stdout)
    assert saved["id"] == given  # stored in its canonical lower-case form
    _refused(receive(profile, dict(GOOD, id=given)), given, saved["code"])


@pytest.mark.parametrize("when", ["1999-12-31T09:00:00", "2100-01-04T09:00:00"])
def test_a_year_whose_code_would_wrap_is_refused(profile, when):
    _refused(receive(profile, dict(GOOD, received_at=when)), when[:4])


def test_not_before_the_agency_was_set_up(profile):
    # The demo ward was set up on 1/7/2025 (counter_app.services.demo.DEMO_SET_UP_AT).
    _refused(receive(profile, dict(GOOD, received_at="2025-06-30T09:00:00"), "--supervisor", "giamsat",
                     env={"COUNTER_SUPERVISOR_PASSWORD": "demo1234"}), "01/07/2025")


def test_back_dating_beyond_the_window_needs_a_supervisor(profile):
    body = dict(GOOD, received_at=at(-timedelta(days=3)))
    before = count(profile)
    alone = receive(profile, body)
    assert alone.returncode == 1 and "--supervisor" in alone.stderr and "giám sát" in alone.stderr
    officer = receive(profile, body, "--supervisor", "canbo1", env={"COUNTER_SUPERVISOR_PASSWORD": "demo1234"})
    assert officer.returncode == 1 and "chỉ có quyền cán bộ tiếp nhận" in officer.stderr
    wrong = receive(profile, body, "--supervisor", "giamsat", env={"COUNTER_SUPERVISOR_PASSWORD": "sai-mat-khau"})
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert count(profile) == before
    approved = receive(profile, body, "--supervisor", "giamsat", env={"COUNTER_SUPERVISOR_PASSWORD": "demo1234"})
    assert approved.returncode == 0, approved.stderr
    assert json.loads(approved.stdout)["received_at"] == body["received_at"]
    within = receive(profile, dict(GOOD, received_at=at(-timedelta(hours=2))))
    assert within.returncode == 0, within.stderr


def test_an_unknown_officer_is_bad_input(profile):
    before = count(profile)
    _refused(receive(profile, GOOD, "--officer", "khongco"), "khongco")
    _refused(receive(profile, dict(GOOD, officer="khongco2")), "khongco2")
    assert count(profile) == before


@pytest.mark.parametrize("field", ["applicant_name", "procedure_code", "id_number", "address", "channel",
                                   "applicant_kind", "id", "officer", "received_at", "birth_date", "phone",
                                   "email", "note", HUGE])
def test_messages_never_echo_a_huge_input(profile, field):
    body = dict(GOOD, **{field: HUGE}) if field != HUGE else dict(GOOD, **{HUGE: 1})
    result = receive(profile, body)
    assert result.returncode == 2, result.stderr[:500]
    assert "Traceback" not in result.stderr and len(result.stderr) < 1000, result.stderr[:300]


def test_input_larger_than_a_megabyte_is_refused_unread(profile):
    result = run(profile, "receive", stdin=json.dumps(dict(GOOD, note="y" * 1_200_000)))
    _refused(result, "quá lớn")
    assert len(result.stderr) < 500

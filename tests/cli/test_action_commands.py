"""Every action of the card from the command line: a whole life cycle driven by scripts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from counter_app.store import crypt
import pytest

from counter_app.domain.clock import now_vn

pytestmark = pytest.mark.slow


def run(profile, *args, stdin: str | None = None, password: str | None = "demo1234"):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("COUNTER_OFFICER_PASSWORD", None)
    if password is not None:
        env["COUNTER_OFFICER_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
                          input=stdin, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def ok(profile, *args) -> dict:
    done = run(profile, *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("actions") / "p"
    assert run(path, "demo", "--dossiers", "10").returncode == 0
    return path


def receive(profile, name: str = "Đặng Văn Đức") -> str:
    draft = {"procedure_code": "2.000815", "applicant_name": name, "id_number": "001092012345",
             "address": "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng", "officer": "canbo1"}
    done = run(profile, "receive", stdin=json.dumps(draft, ensure_ascii=False))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["code"]


def history(profile, code: str) -> list[tuple[str, int, int]]:
    with crypt.connect(profile / "counter.sqlite3") as db:
        return db.execute(
            "SELECT e.kind, e.from_status, e.to_status FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id "
            "WHERE d.code = ? ORDER BY e.rowid", (code,)).fetchall()


def outbox_rows(profile, code: str) -> int:
    with crypt.connect(profile / "counter.sqlite3") as db:
        return db.execute("SELECT count(*) FROM outbox o JOIN dossier_event e ON e.seq = o.seq"
                          " JOIN dossier d ON d.id = e.dossier_id WHERE d.code = ?",
                          (code,)).fetchone()[0]


def test_a_whole_life_cycle_from_the_command_line(profile):
    code = receive(profile)
    steps = [
        (("hand-over", code, "--department", "Phòng Tư pháp"), 4),
        (("supplement", code, "--missing", "Bản sao giấy khai sinh", "--reason", "Thiếu bản sao"), 5),
        (("supplement-done", code), 4),
        (("payment-required", code, "--amount", "50000"), 6),
        (("payment-done", code, "--receipt-no", "BL-0012"), 4),
        (("result-ready", code), 9),
        (("return", code, "--fees-paid"), 10),
    ]
    version = 1
    for args, status in steps:
        result = ok(profile, *args, "--officer", "canbo1")
        assert (result["code"], result["to_status"]) == (code, status), args
        assert result["version"] > version
        version = result["version"]
    kinds = [k for k, _f, _t in history(profile, code)]
    assert kinds[0] == "received" and len(kinds) == len(steps) + 1
    assert outbox_rows(profile, code) >= len(steps) + 1  # each change queued for the province


@pytest.mark.parametrize("command, status, handed_over", [("withdraw", 7, True), ("stop", 8, True),
                                                      ("refuse", 3, False)])
def test_finishing_actions_need_a_reason_and_end_the_dossier(profile, command, status, handed_over):
    code = receive(profile)
    if handed_over:
        ok(profile, "hand-over", code, "--officer", "canbo1", "--department", "Phòng Tư pháp")
    refused = run(profile, command, code, "--officer", "giamsat", "--reason", "  ")
    assert refused.returncode == 2 and "Lý do" in refused.stderr
    extra = ("--decided-by", "Chủ tịch UBND phường", "--notice", "Hồ sơ được trả lại") if command == "stop" else ()
    assert ok(profile, command, code, "--officer", "giamsat", "--reason", "Công dân đề nghị", *extra)["to_status"] == status
    if command == "stop":  # who decided and what the applicant is told go with the event, as from the card
        with crypt.connect(profile / "counter.sqlite3") as db:
            data = db.execute("SELECT e.data FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id "
                              "WHERE d.code = ? ORDER BY e.rowid DESC LIMIT 1", (code,)).fetchone()[0]
        assert json.loads(data)["decided_by"] == "Chủ tịch UBND phường"
    again = run(profile, command, code, "--officer", "giamsat", "--reason", "Lần nữa")
    assert again.returncode == 1 and "Traceback" not in again.stderr  # finished: not allowed


def test_a_withdrawal_is_a_supervisors_act_as_in_the_window(profile):
    code = receive(profile)
    done = run(profile, "withdraw", code, "--officer", "canbo1", "--reason", "Công dân đề nghị")
    assert done.returncode == 1 and "giám sát" in done.stderr


def test_batch_hand_over_is_all_or_nothing(profile):
    first, second = receive(profile), receive(profile, "Trần Thị Bích")
    unknown = first[:-4] + "9999"
    refused = run(profile, "hand-over", first, second, unknown, "--officer", "canbo1", "--department", "Phòng Y tế")
    assert refused.returncode in (1, 2) and unknown in refused.stderr
    assert [s for _k, _f, s in history(profile, first)] == [2]  # nothing written
    batch = ok(profile, "hand-over", first, second, "--officer", "canbo1", "--department", "Phòng Y tế")
    assert [r["to_status"] for r in batch["results"]] == [4, 4] and batch["job_id"]


def test_apology_edit_and_the_version_guard(profile):
    code = receive(profile)
    due = now_vn().replace(microsecond=0, second=0, minute=0, hour=16).isoformat()
    bad = run(profile, "apologise", code, "--officer", "canbo1", "--reason", "Chậm", "--new-due-at", "mai")
    assert bad.returncode == 2 and "--new-due-at" in bad.stderr
    later = f"{int(due[:4]) + 1}{due[4:]}"
    apology = ok(profile, "apologise", code, "--officer", "canbo1", "--reason", "Chờ xác minh", "--new-due-at", later)
    assert apology["due_at"].startswith(later[:16]) and apology["job_id"]
    stale = run(profile, "hand-over", code, "--officer", "canbo1", "--department", "P", "--expected-version", "1")
    assert stale.returncode == 1 and "thay đổi" in stale.stderr  # the apology moved it on from version 1
    assert [k for k, _f, _t in history(profile, code)] == ["received", "apology_issued"]
    officer_edit = run(profile, "edit", code, "--officer", "canbo1", "--set", "phone=0911111111", "--reason", "Sai")
    assert officer_edit.returncode == 1 and "giám sát" in officer_edit.stderr
    edited = ok(profile, "edit", code, "--officer", "giamsat", "--set", "phone=0911111111", "--reason", "Sai số")
    assert edited["changes"]["phone"][1] == "0911111111"


@pytest.mark.parametrize("args, exit_code, words", [
    (("result-ready", "000.00.14.H56-260101-0001", "--officer", "nobody"), 2, "nobody"),
    (("result-ready", "không phải mã", "--officer", "canbo1"), 1, "không"),
    (("payment-required", "X", "--officer", "canbo1", "--amount", "abc"), 2, "amount"),
    (("edit", "X", "--officer", "giamsat", "--set", "phone", "--reason", "r"), 2, "TRƯỜNG=GIÁ_TRỊ"),
])
def test_bad_input_is_a_message_and_an_exit_code(profile, args, exit_code, words):
    done = run(profile, *args)
    assert done.returncode == exit_code, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr


def test_an_action_is_recorded_only_under_a_name_whose_password_was_given(profile):
    code = receive(profile)
    wrong = run(profile, "edit", code, "--officer", "giamsat", "--set", "phone=0911111111", "--reason", "Sai",
                password="khong-phai")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    missing = run(profile, "result-ready", code, "--officer", "canbo1", password=None)
    assert missing.returncode == 2 and "COUNTER_OFFICER_PASSWORD" in missing.stderr
    assert [k for k, _f, _t in history(profile, code)] == ["received"]  # nothing recorded

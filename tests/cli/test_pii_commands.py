"""Personal data from the command line: the access log of a printed slip, a person's export
(administrators only, itself logged), the retention setting and the erasure's dry run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.pdfcheck import page_count, page_text

pytestmark = pytest.mark.slow

PERSON = ("Tôn Nữ Diễm Kiều", "079190099887")
OTHER = ("Âu Dương Phong", "001085033221")


def run(profile, *args, stdin: str | None = None, admin_password: str | None = None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COUNTER_OFFICER_PASSWORD="demo1234")
    env.pop("COUNTER_ADMIN_PASSWORD", None)
    if admin_password is not None:
        env["COUNTER_ADMIN_PASSWORD"] = admin_password
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
                          input=stdin, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def ok(profile, *args, **kwargs) -> dict:
    done = run(profile, *args, **kwargs)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("pii") / "p"
    assert run(path, "demo", "--dossiers", "5").returncode == 0
    return path


def receive(profile, person: tuple[str, str], procedure: str = "2.000815") -> str:
    draft = {"procedure_code": procedure, "applicant_name": person[0], "id_number": person[1],
             "address": "Số 9 Hùng Vương, phường Thuận Hóa, Huế", "officer": "canbo1"}
    return ok(profile, "receive", stdin=json.dumps(draft, ensure_ascii=False))["code"]


def test_a_printed_slip_is_in_the_access_log_with_officer_workstation_and_form(profile, tmp_path):
    code = receive(profile, OTHER)
    ok(profile, "receipt", code, "-o", str(tmp_path / "slip.pdf"), "--officer", "canbo2")
    log = ok(profile, "pii-log", code)
    prints = [a for a in log["access"] if a["action"] == "print"]
    assert [(a["officer_name"], a["workstation_no"], a["form"], a["dossier_code"]) for a in prints] == [
        ("Phạm Đức Thắng", 1, "receipt.pdf", code)]
    ok(profile, "pii-log", code, "--officer", "canbo1")  # a person reading the log is a view of it
    assert [a["form"] for a in ok(profile, "pii-log", code)["access"]][-1] == "pii-log"


def test_a_persons_export_holds_exactly_their_dossiers_and_needs_an_administrator(profile, tmp_path):
    mine = {receive(profile, PERSON), receive(profile, PERSON, "2.000884")}
    theirs = receive(profile, OTHER)
    out = tmp_path / "kieu.json"

    refused = run(profile, "pii-export", PERSON[1], "--out", str(out))
    assert refused.returncode == 2 and "--admin" in refused.stderr
    refused = run(profile, "pii-export", PERSON[1], "--out", str(out), "--admin", "canbo1", admin_password="demo1234")
    assert refused.returncode == 1 and "Trích xuất dữ liệu cá nhân: cần quyền" in refused.stderr
    assert not out.exists()
    bad = run(profile, "pii-export", "12ab", "--out", str(out), "--admin", "admin", admin_password="demo1234")
    assert bad.returncode == 2 and "Số giấy tờ tùy thân không hợp lệ" in bad.stderr

    said = ok(profile, "pii-export", f" {PERSON[1][:6]} {PERSON[1][6:]} ", "--out", str(out), "--admin", "admin",
              admin_password="demo1234")
    assert set(said["dossiers"]) == mine
    content = json.loads(out.read_text(encoding="utf-8"))
    assert {d["code"] for d in content["dossiers"]} == mine and theirs not in json.dumps(content)
    for d in content["dossiers"]:
        assert (d["fields"]["applicant_name"], d["fields"]["id_number"]) == PERSON
        assert [e["kind"] for e in d["events"]][0] == "received"
        assert [a["action"] for a in d["access_log"]] == []  # the export's own rows come with it, after
    pdf = out.with_suffix(".pdf")
    text = " ".join(page_text(pdf, i) for i in range(page_count(pdf)))
    assert PERSON[0] in text and PERSON[1] in text and OTHER[0] not in text
    assert "DỮ LIỆU CÁ NHÂN" in text and "Tiếp nhận" in text
    for code in mine:
        rows = [(a["action"], a["form"], a["officer_name"]) for a in ok(profile, "pii-log", code)["access"]]
        assert rows == [("export", "json", "Trần Thị Thu Hà"), ("export", "pdf", "Trần Thị Thu Hà")]


def test_retention_is_an_administrators_setting_and_the_dry_run_erases_nothing(profile):
    assert ok(profile, "pii-retention") == {"retention_months": 24}
    bad = run(profile, "pii-retention", "0", "--admin", "admin", admin_password="demo1234")
    assert bad.returncode == 2 and "từ 1 đến 1200" in bad.stderr
    assert run(profile, "pii-retention", "12").returncode == 2  # no --admin
    assert ok(profile, "pii-retention", "12", "--admin", "admin", admin_password="demo1234") == {"retention_months": 12}
    dry = ok(profile, "pii-purge", "--dry-run")
    assert dry["dry_run"] is True and dry["retention_months"] == 12 and dry["would_erase"] == []
    assert run(profile, "pii-purge").returncode == 2  # erasing for real needs an administrator


def test_bad_inputs_are_named(profile, tmp_path):
    unknown = run(profile, "pii-log", "000.00.14.H56-260310-9999")
    assert unknown.returncode == 1 and "Không tìm thấy hồ sơ" in unknown.stderr
    nowhere = run(profile, "pii-export", PERSON[1], "--out", str(tmp_path / "khong-co" / "x.json"), "--admin", "admin",
                  admin_password="demo1234")
    assert nowhere.returncode == 2 and "không có thư mục" in nowhere.stderr
    wrong = run(profile, "pii-export", PERSON[1], "--out", str(tmp_path / "x.json"), "--admin", "admin",
                admin_password="sai-mat-khau")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr and not (tmp_path / "x.json").exists()


def test_the_ledger_listed_or_written_to_a_file_is_an_export_logged_for_each_dossier_it_carries(profile, tmp_path):
    listed = receive(profile, ("Khổng Minh Triết", "001099077665"), "1.001193")
    other = receive(profile, ("Lạc Thị Vân", "001099077666"), "2.000884")
    rows = ok(profile, "ledger", "--search", "Khổng Minh Triết", "--officer", "canbo2")
    assert [r["code"] for r in rows] == [listed]
    out = tmp_path / "so.csv"
    done = run(profile, "ledger", "--search", "001099077665", "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Khổng Minh Triết" in out.read_text(encoding="utf-8-sig")
    exports = [a for a in ok(profile, "pii-log", listed)["access"] if a["action"] == "export"]
    assert [(a["form"], a["officer_name"], a["workstation_no"]) for a in exports] == [
        ("ledger.json", "Phạm Đức Thắng", 1), ("ledger.csv", None, 1)]
    assert [a for a in ok(profile, "pii-log", other)["access"] if a["action"] == "export"] == []
    unknown = run(profile, "ledger", "--search", "Khổng Minh Triết", "--officer", "khongcoai")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr and unknown.stdout == ""
    assert len([a for a in ok(profile, "pii-log", listed)["access"] if a["action"] == "export"]) == 2

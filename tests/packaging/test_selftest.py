"""`counter-app selftest` from the checkout (the frozen run is in test_bundle.py)."""

from __future__ import annotations

import json

from counter_app.store import migrate
from ui.cli.main import main

EXPECTED_CHECKS = ["resources", "imports", "migrate", "demo_data", "encryption", "calendar", "timezone", "pdf_stack", "scan_pdfa", "slip", "translations", "icu", "window"]


def test_selftest_passes_every_check_and_reports_json(qapp, capsys, tmp_path):
    code = main(["--profile", str(tmp_path / "unused"), "selftest"])
    report = json.loads(capsys.readouterr().out)
    failed = [c for c in report["checks"] if not c["ok"]]
    assert failed == []
    assert code == 0 and report["ok"] is True and report["frozen"] is False
    assert [c["name"] for c in report["checks"]] == EXPECTED_CHECKS
    checks = {c["name"]: c["detail"] for c in report["checks"]}
    assert checks["migrate"]["revision"] == migrate.head_revision()
    assert checks["demo_data"]["dossiers"] == 5
    assert checks["imports"]["modules"] > 50
    assert checks["pdf_stack"]["pages"] == 1
    assert checks["slip"]["module"] == "counter_app.services.printing"
    assert checks["slip"]["pages"] == 1
    assert set(checks["resources"]["found"]) == {"fonts", "catalogue", "calendar", "forms", "icons", "translations", "papers"}
    assert {"format.json", "seed.json"} <= set(checks["resources"]["found"]["catalogue"])
    assert "Tết Dương lịch" == checks["calendar"]["example"]
    assert checks["translations"] == {"en": True}
    assert checks["timezone"]["zone"] == "Asia/Ho_Chi_Minh" and checks["timezone"]["tzdata"]
    assert not (tmp_path / "unused").exists()  # the user's profile is never touched


def test_selftest_fails_with_exit_1_when_a_resource_is_missing(qapp, capsys, tmp_path, monkeypatch):
    from ui.cli import selftest_commands

    monkeypatch.setitem(selftest_commands.REQUIRED_RESOURCES, "templates-that-do-not-exist", "*.xml")
    code = main(["selftest"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["ok"] is False
    resources = next(c for c in report["checks"] if c["name"] == "resources")
    assert resources["ok"] is False
    assert "templates-that-do-not-exist" in resources["detail"]["error"]


def test_the_icu_check_sorts_vietnamese_as_vietnamese(qapp, capsys, tmp_path):
    main(["--profile", str(tmp_path / "unused"), "selftest"])
    checks = {c["name"]: c["detail"] for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["icu"] == {"order": ["az", "ăn", "Dung", "Đào"], "months": {"vi": "tháng 3", "en": "March"}}

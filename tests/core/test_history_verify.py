"""`counter-app check` verifies the dossier history: tampering behind the app is named."""

from __future__ import annotations

import json
from datetime import datetime

from counter_app.store import crypt
import pytest

from counter_app.store.history_verify import verify_history
from counter_app.services import actions
from counter_app.services.receiving import receive
from ui.cli.main import main
from counter_app.domain.enums import DossierStatus
from counter_app.domain.errors import Message
from ui.messages import said_text

NOW = datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def two_dossiers(store, make_draft):
    first = receive(store, make_draft(), "canbo1", now=NOW)
    second = receive(store, make_draft(applicant_name="Đặng Văn Đức"), "canbo1", now=NOW)
    actions.hand_over(store, first.code, "canbo1", department="Tư pháp - Hộ tịch", now=NOW)
    actions.result_ready(store, first.code, "canbo1", now=NOW)
    return first.code, second.code


def tamper(store, *statements):
    con = crypt.connect(store.path)
    con.execute("DROP TRIGGER dossier_event_no_update")
    con.execute("DROP TRIGGER dossier_event_no_delete")
    for sql, params in statements:
        con.execute(sql, params)
    con.commit()
    con.close()


def test_a_history_written_by_the_services_is_consistent(store, two_dossiers):
    with store.read() as s:
        assert verify_history(s) == []


def test_an_edited_status_change_is_named(store, two_dossiers):
    first, _ = two_dossiers
    tamper(store, ("UPDATE dossier_event SET from_status = 5 WHERE kind = 'result_ready'", ()))
    with store.read() as s:
        problems = verify_history(s)
    # The status rule names the break; the hash chain names the edited event.
    assert [(p.code, p.kind) for p in problems] == [(first, "broken_chain"), (first, "event_edited")]
    assert problems[0].message.code == "history.broken_chain" and problems[0].message.params["code"] == first
    assert problems[0].message.params["source"] == Message("history.status_named",
                                                           {"number": 5, "status": DossierStatus.SUPPLEMENT_REQUESTED})
    said = said_text(problems[0].message)
    assert said.startswith(f"Hồ sơ {first}, sự kiện số ") and "chuyển từ trạng thái 5 – Yêu cầu bổ sung, " in said


def test_a_status_not_where_the_history_leads_and_a_deleted_history_are_named(store, two_dossiers):
    first, second = two_dossiers
    tamper(
        store,
        ("UPDATE dossier SET status = 10 WHERE code = ?", (first,)),
        ("DELETE FROM outbox WHERE seq IN (SELECT e.seq FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id"
         " WHERE d.code = ?)", (second,)),
        ("DELETE FROM dossier_event WHERE dossier_id = (SELECT id FROM dossier WHERE code = ?)", (second,)),
    )
    with store.read() as s:
        kinds = {(p.code, p.kind) for p in verify_history(s)}
    assert kinds == {(first, "status_mismatch"), (first, "row_edited"),
                     (second, "no_history"), (second, "event_removed")}


def test_check_command_fails_and_names_the_dossier(store, two_dossiers, profile_dir, capsys):
    assert main(["--profile", str(profile_dir), "check"]) == 0
    capsys.readouterr()
    first, _ = two_dossiers
    tamper(store, ("DELETE FROM dossier_event WHERE kind = 'handed_over'", ()))
    assert main(["--profile", str(profile_dir), "check"]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["history"] == "inconsistent"
    named = {(h["code"], h["kind"]) for h in report["history_problems"]}
    # A thin outbox item is only its event's number: with the event gone it names no dossier.
    assert named == {(first, "broken_chain"), (None, "orphan_outbox"), (first, "event_removed")}
    assert first in err

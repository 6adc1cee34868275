"""Raw scanner text to a dossier card: normalisation, refusals, time left, history, actions."""

from __future__ import annotations

from datetime import datetime

from counter_app.store import crypt
import pytest

from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.enums import EventKind
from counter_app.domain.lifecycle import Action
from counter_app.store.lookup import (
    DueState,
    LookupFailed,
    LookupProblem,
    ScannerConfig,
    lookup,
    normalise_code,
)
from counter_app.services import actions
from counter_app.services.receiving import receive
from counter_app.domain.errors import Message
from ui.messages import error_text, status_text

CODE = "000.00.14.H56-260313-0001"


@pytest.mark.parametrize("raw", [
    CODE,
    "  000.00.14.h56-260313-0001 \r\n",
    "\x02000.00.14.H56-260313-0001\x03",
    "000.00.14.H56 - 260313 - 0001\t",
    "０００.００.１４.Ｈ５６-２６０３１３-０００１",  # full-width digits from some IMEs
])
def test_normalise_accepts_whitespace_case_and_control_characters(raw):
    assert normalise_code(raw) == CODE


def test_a_scanners_ascii_is_cleaned_as_any_text_is():
    """ASCII takes a shorter way (no NFKC, a table): every character is kept or dropped as the
    general rule (NFKC, then no control, format or space) keeps or drops it."""
    import unicodedata

    from counter_app.store.lookup import _printable

    text = "".join(chr(i) for i in range(128)) + " 000.00.14.h56-260313-0001\r\n"
    general = "".join(ch for ch in unicodedata.normalize("NFKC", text)
                      if not ch.isspace() and unicodedata.category(ch)[0] not in ("C", "Z"))
    assert _printable(text) == general


def test_normalise_removes_the_configured_prefix_and_suffix():
    assert normalise_code("]c1000.00.14.h56-260313-0001#END", prefix="]C1", suffix="#end") == CODE
    # Absent prefix/suffix are fine too: damaged labels are typed without them.
    assert normalise_code(CODE, prefix="]C1", suffix="#END") == CODE


@pytest.mark.parametrize("raw", ["", "   ", "hello", "000.00.14.H56-261340-0001", "000.00.14.H56-260313-01"])
def test_normalise_refuses_what_is_not_a_dossier_code(raw):
    with pytest.raises(LookupFailed) as err:
        normalise_code(raw)
    assert err.value.problem is LookupProblem.MALFORMED
    assert err.value.message.code in {"lookup.empty", "lookup.not_a_code"}
    assert "mã hồ sơ" in error_text(err.value)


def test_unknown_code_is_refused_with_a_message(store):
    with pytest.raises(LookupFailed) as err:
        lookup(store, "000.00.14.h56-260313-0099")
    assert err.value.problem is LookupProblem.UNKNOWN
    assert err.value.message == Message("lookup.unknown_code", {"code": "000.00.14.H56-260313-0099"})
    assert error_text(err.value) == "Không có hồ sơ nào mang mã 000.00.14.H56-260313-0099 trên máy này."


def _received(store, make_draft):
    # 1.004873, 3 working days: Friday 13/03/2026 09:00 -> due Wednesday 18/03/2026 09:00.
    at = datetime(2026, 3, 13, 9, 0)
    return receive(store, make_draft(procedure_code="1.004873", received_at=at), "canbo1", now=at)


def test_card_shows_the_dossier_time_left_and_allowed_actions(store, make_draft):
    receipt = _received(store, make_draft)
    card = lookup(store, f"  {receipt.code.lower()}\n", now=datetime(2026, 3, 16, 9, 0))
    assert card.code == receipt.code == CODE
    assert card.status is S.RECEIVED and status_text(card.status) == "Đã tiếp nhận"
    assert card.applicant_name == "Nguyễn Văn An"
    assert card.procedure_code == "1.004873"
    assert card.due_at == datetime(2026, 3, 18, 9, 0)
    # Monday 09:00 -> Wednesday 09:00 is two working days of 7.5 h, the weekend not counted.
    assert (card.due.state, card.due.working_hours, card.due.days, card.due.hours) == (DueState.NOT_DUE, 15.0, 2, 0.0)
    assert card.allowed_actions == (
        Action.HAND_OVER, Action.RESULT_READY, Action.REQUEST_SUPPLEMENT,
        Action.WITHDRAW, Action.STOP, Action.REFUSE, Action.APOLOGISE,
    )
    assert len(card.documents) >= 1
    assert [h.kind for h in card.history] == [EventKind.RECEIVED]
    assert card.history[0].officer_name == "Nguyễn Thị Mai Anh"


def test_card_counts_days_late_in_working_time(store, make_draft):
    receipt = _received(store, make_draft)
    card = lookup(store, receipt.code, now=datetime(2026, 3, 19, 10, 0))
    # Late since Wed 09:00: 2.5 + 3.5 h on Wednesday, 2.5 h on Thursday = 8.5 h = 1 day 1 h.
    assert (card.due.state, card.due.working_hours, card.due.days, card.due.hours) == (DueState.LATE, -8.5, 1, 1.0)
    today = lookup(store, receipt.code, now=datetime(2026, 3, 18, 8, 0))
    assert (today.due.state, today.due.working_hours) == (DueState.DUE_TODAY, 1.0)


def test_card_freezes_time_left_while_waiting_for_a_supplement(store, make_draft):
    receipt = _received(store, make_draft)
    actions.request_supplement(store, receipt.code, missing=["Tờ khai"], now=datetime(2026, 3, 16, 9, 0))
    card = lookup(store, receipt.code, now=datetime(2026, 3, 25, 9, 0))
    assert (card.due.state, card.due.working_hours) == (DueState.PAUSED, 15.0)
    assert card.allowed_actions == (Action.COMPLETE_SUPPLEMENT, Action.WITHDRAW, Action.STOP, Action.APOLOGISE)


def test_card_history_and_no_second_apology(store, make_draft):
    receipt = _received(store, make_draft)
    actions.hand_over(store, receipt.code, "canbo2", department="Phòng Tư pháp", now=datetime(2026, 3, 13, 10, 0))
    actions.apologise(store, receipt.code, "giamsat", reason="Cần xác minh",
                      new_due_at=datetime(2026, 3, 25, 16, 0), now=datetime(2026, 3, 17, 10, 0))
    card = lookup(store, receipt.code, now=datetime(2026, 3, 17, 11, 0))
    assert [h.kind for h in card.history] == [EventKind.RECEIVED, EventKind.HANDED_OVER, EventKind.APOLOGY_ISSUED]
    assert card.history[1].data["department"] == "Phòng Tư pháp"
    assert card.history[1].officer_name == "Phạm Đức Thắng"
    assert card.apology_used is True
    assert Action.APOLOGISE not in card.allowed_actions
    assert card.original_due_at == datetime(2026, 3, 18, 9, 0)
    as_json = card.to_dict()
    assert as_json["status"] == 4 and as_json["due"]["state"] == "not_due"
    assert as_json["allowed_actions"] == ["result_ready", "request_supplement", "require_payment",
                                          "withdraw", "stop"]


def test_lookup_uses_the_configured_prefix(store, make_draft):
    receipt = _received(store, make_draft)
    card = lookup(store, f"DS:{receipt.code}", config=ScannerConfig(prefix="ds:"), now=datetime(2026, 3, 13, 10, 0))
    assert card.id == receipt.id


def test_cli_lookup_prints_the_card_as_json_exits_1_if_unknown_2_if_not_a_code(store, make_draft, profile_dir, capsys):
    import json

    from ui.cli.main import main

    receipt = _received(store, make_draft)
    store.dispose()  # the CLI opens the profile itself
    assert main(["--profile", str(profile_dir), "lookup", f" {receipt.code.lower()}\n"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["code"], out["status"], out["status_label"]) == (CODE, 2, "Đã tiếp nhận")
    assert out["history"][0]["kind"] == "received"
    assert "hand_over" in out["allowed_actions"]
    assert main(["--profile", str(profile_dir), "lookup", "000.00.14.H56-260313-0099"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "Không có hồ sơ nào mang mã 000.00.14.H56-260313-0099 trên máy này."
    assert main(["--profile", str(profile_dir), "lookup", "rác"]) == 2  # not a code: bad input (README), not "not found"
    assert "không phải mã hồ sơ" in capsys.readouterr().err


@pytest.mark.parametrize(("status", "state"), [(S.NEW, DueState.NOT_STARTED), (S.SUPPLEMENT_REQUESTED, DueState.PAUSED)])
def test_a_dossier_whose_clock_does_not_run_is_never_late_on_the_card_as_in_the_logbook(
        store, make_draft, status, state):
    from counter_app.store.ledger import Deadline, deadline_of
    from counter_app.store.lookup import card_of, find_by_code

    receipt = _received(store, make_draft)
    con = crypt.connect(store.path)
    with con:  # as a status set on the server arrives: no stop time is written
        con.execute("UPDATE dossier SET status = ? WHERE id = ?", (int(status), receipt.id))
    con.close()
    late = datetime(2026, 3, 19, 10, 0)  # a day past the appointment
    scanned = lookup(store, receipt.code, now=late)
    with store.read() as session:
        card = card_of(session, find_by_code(session, receipt.code), late)
    assert scanned.due.state is card.due.state is state
    assert deadline_of(status, receipt.due_at, late) is Deadline.NONE

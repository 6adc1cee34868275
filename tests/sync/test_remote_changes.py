"""What the province changed reaches the counter: department statuses, catalogue, calendar."""

from __future__ import annotations

import json
import re
from datetime import date

from sqlalchemy import func, select

from counter_app.store.catalogue_tables import get_spec
from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.store.history_verify import verify_history
from counter_app.store.models import CalendarOverrideRow, Dossier, DossierEvent, OutboxItem
from counter_app.services.remote import AppliedChanges, apply_changes
from counter_app.store.settings import get_setting
from sync import config as keys
from sync.engine import SyncState


def test_a_department_status_change_is_pulled_into_the_dossier_history(server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(3)
    ws.enroll(server.url, server_store)
    engine = ws.engine()
    assert engine.run_once().acknowledged == 3
    with ws.store.read() as s:
        target_id, target_code = s.execute(select(Dossier.id, Dossier.code).order_by(Dossier.code)).first()
        queued = s.scalar(select(func.count()).select_from(OutboxItem))
    server_store.department_status(target_code, int(DossierStatus.RESULT_READY), note="Đã ký kết quả",
                                   by="Phòng Tư pháp - Hộ tịch")
    first = engine.run_once()
    assert (first.pulled, first.pushed) == (1, 0)
    with ws.store.read() as s:
        d = s.get(Dossier, target_id)
        assert d.status == DossierStatus.RESULT_READY
        last = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id)
                         .order_by(DossierEvent.seq.desc())).first()
        assert (last.kind, last.origin, last.from_status, last.to_status, last.officer_name) == (
            str(EventKind.REMOTE_STATUS), "remote", int(DossierStatus.RECEIVED), int(DossierStatus.RESULT_READY),
            "Phòng Tư pháp - Hộ tịch")
        assert last.data["note"] == "Đã ký kết quả"
        assert s.scalar(select(func.count()).select_from(OutboxItem)) == queued  # not sent back
        assert get_setting(s, keys.CURSOR) >= 1
        # The pulled event joins the dossier's hash chain in arrival order, and the row's seal
        # covers the status it moved to: the history still proves itself (history_chain).
        assert (last.prev_hash, d.history_head, d.history_length) == (
            s.scalars(select(DossierEvent.hash).where(DossierEvent.dossier_id == d.id)
                      .order_by(DossierEvent.seq.desc()).offset(1)).first(), last.hash, 2)
        assert verify_history(s) == []
    assert engine.run_once().pulled == 0  # the cursor moved with the change


def test_catalogue_and_calendar_updates_are_pulled(server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
    with ws.store.read() as s:
        spec = get_spec(s, "1.001193").to_dict()
    spec["name"] = "Đăng ký khai sinh (cập nhật)"
    server_store.publish("catalogue", {"procedures": [spec]})
    server_store.publish("calendar", {"overrides": [{"date": "2027-09-03", "kind": "off", "note": "Nghỉ bù"}]})
    assert ws.engine().run_once().pulled == 2
    with ws.store.read() as s:
        assert get_spec(s, "1.001193").name == "Đăng ký khai sinh (cập nhật)"
        rows = s.scalars(select(CalendarOverrideRow)).all()
        assert [(r.day, r.kind, r.note) for r in rows] == [(date(2027, 9, 3), "off", "Nghỉ bù")]


def test_the_province_publishes_the_act_a_calendar_day_rests_on(server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
    with ws.store.read() as s:  # shipped without an act: applied, shown as unconfirmed
        row = s.get(CalendarOverrideRow, date(2026, 11, 24))
        assert (row.kind, row.basis) == ("off", "")
    act = "Quyết định số 123/QĐ-UBND ngày 01/11/2026 của UBND tỉnh (ví dụ)"
    server_store.publish("calendar", {"overrides": [
        {"date": "2026-11-24", "kind": "off", "note": "Ngày Văn hóa Việt Nam", "basis": act}]})
    assert ws.engine().run_once().pulled == 1
    with ws.store.read() as s:
        rows = s.scalars(select(CalendarOverrideRow)).all()
        assert [(r.day, r.kind, r.basis) for r in rows] == [(date(2026, 11, 24), "off", act)]


def test_a_malformed_change_is_skipped_and_the_good_one_after_it_applied(server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(1)
    ws.enroll(server.url, server_store)
    engine = ws.engine()
    assert engine.run_once().acknowledged == 1
    with ws.store.read() as s:
        target_id, target_code = s.execute(select(Dossier.id, Dossier.code)).one()
        overrides = s.execute(select(CalendarOverrideRow.day, CalendarOverrideRow.kind)).all()
    server_store.publish("dossier_status", {"dossier_id": target_id, "to_status": 99})      # no such status
    server_store.publish("dossier_status", {"dossier_id": target_id})                       # no to_status
    server_store.publish("catalogue", {"procedures": [{"code": "1.999999"}]})               # incomplete
    server_store.publish("calendar", {"overrides": [{"kind": "off"}]})                      # no date
    server_store.department_status(target_code, int(DossierStatus.RESULT_READY), by="Phòng Tư pháp - Hộ tịch")
    last_seq = server_store.stats()["changes"]
    result = engine.run_once()
    assert (result.state, result.pulled) == (SyncState.ONLINE, 5)
    with ws.store.read() as s:
        assert s.get(Dossier, target_id).status == DossierStatus.RESULT_READY
        kinds = s.scalars(select(DossierEvent.kind).where(DossierEvent.dossier_id == target_id)
                          .order_by(DossierEvent.seq)).all()
        assert kinds == [str(EventKind.RECEIVED), str(EventKind.REMOTE_STATUS)]
        assert get_spec(s, "1.999999") is None
        assert s.execute(select(CalendarOverrideRow.day, CalendarOverrideRow.kind)).all() == overrides  # untouched
        assert get_setting(s, keys.CURSOR) == last_seq
    assert engine.run_once().pulled == 0  # the cursor moved past the bad changes too


def test_apply_changes_counts_what_it_could_not_apply_as_ignored(store):
    with store.write() as session:
        done = apply_changes(session, [
            {"seq": 1, "kind": "calendar", "data": {"overrides": [{"date": "2027-13-01", "kind": "off"}]}},
            {"seq": 2, "kind": "dossier_status", "data": "not an object"},
            "not a change",
            {"seq": 3, "kind": "calendar", "data": {"overrides": [{"date": "2027-09-03", "kind": "off"},
                                                                  {"date": "2027-09-03", "kind": "working"}]}},
            {"seq": 4, "kind": "calendar", "data": {"overrides": [{"day": "2027-09-03", "kind": "off"}]}},  # legacy key
        ])
    assert done == AppliedChanges(statuses=0, catalogue=0, calendar=1, ignored=4)
    with store.read() as s:
        assert [(r.day, r.kind) for r in s.scalars(select(CalendarOverrideRow))] == [(date(2027, 9, 3), "off")]


def test_a_malformed_feed_reply_is_a_transient_failure(make_workstation, proxy, server_store):
    ws = make_workstation(1)
    ws.enroll(proxy.url, server_store)
    proxy.inject("/v1/changes", "status", 200)  # 200 with a body that is not a page of the feed
    result = ws.engine().run_once()
    assert (result.state, result.error) == (SyncState.OFFLINE, "Câu trả lời của máy chủ không đúng định dạng.")
    assert ws.engine().run_once(force=True).state is SyncState.ONLINE


def test_the_publish_command_reads_the_overrides_file_form_and_publishes_it_normalised(
        server_store, server_db, tmp_path, capsys):
    from sync.server.schema import change
    from ui.cli.server import main  # the installed counter-server: sync.server.cli, told ui's words

    good = tmp_path / "overrides.json"
    good.write_text(json.dumps([{"date": "2027-09-03", "kind": "off", "note": " Nghỉ bù "}]), encoding="utf-8")
    assert main(["publish", "calendar", str(good), "--db", server_db]) == 0
    with server_store.engine.connect() as conn:
        assert conn.execute(select(change.c.kind, change.c.data)).all() == [
            ("calendar", {"overrides": [{"date": "2027-09-03", "kind": "off", "note": "Nghỉ bù"}]})]
    capsys.readouterr()
    for bad_entries, reason in (
        ([{"day": "2027-09-03", "kind": "off"}], "Mục thứ 1: trường không được hỗ trợ: day."),
        ([{"date": "2027-09-03", "kind": "off"}, {"date": "2027-09-03", "kind": "working"}],
         "một ngày được điều chỉnh hai lần"),
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"overrides": bad_entries}), encoding="utf-8")
        assert main(["publish", "calendar", str(bad), "--db", server_db]) == 2
        assert capsys.readouterr().err == f"Tệp không hợp lệ: {reason}\n"
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")  # not JSON: said, not a traceback
    assert main(["publish", "calendar", str(broken), "--db", server_db]) == 2
    assert capsys.readouterr().err.startswith(f"Tệp không hợp lệ: không đọc được tệp JSON {broken} (")
    incomplete = tmp_path / "catalogue.json"
    incomplete.write_text(json.dumps({"procedures": [{"code": "1.999999"}]}), encoding="utf-8")
    assert main(["publish", "catalogue", str(incomplete), "--db", server_db]) == 2
    said = capsys.readouterr().err
    assert said.startswith("Tệp không hợp lệ: Không nhập thủ tục nào. Các dòng cần sửa: "), said
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\(", said), said  # words, not a code with its parameters
    assert server_store.stats()["changes"] == 1


def test_a_status_set_by_the_department_has_the_same_effects_as_a_local_action(store, make_draft):
    from datetime import datetime

    from counter_app.services.receiving import receive

    receipt = receive(store, make_draft(procedure_code="1.004873"), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    assert receipt.due_at == datetime(2026, 3, 13, 9, 0)  # 3 working days

    def department(to_status, at):
        with store.write() as session:
            done = apply_changes(session, [{"seq": 1, "kind": "dossier_status", "data": {
                "dossier_id": receipt.id, "to_status": int(to_status), "at": at.isoformat(), "by": "Phòng"}}])
        assert done.statuses == 1

    department(DossierStatus.SUPPLEMENT_REQUESTED, datetime(2026, 3, 11, 9, 0))
    with store.read() as s:
        assert s.get(Dossier, receipt.id).clock_stopped_at == datetime(2026, 3, 11, 9, 0)
    # Waiting Wed 09:00 -> Thu 09:00 is one working day: the appointment moves by it.
    department(DossierStatus.PROCESSING, datetime(2026, 3, 12, 9, 0))
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        assert (d.clock_stopped_at, d.due_at) == (None, datetime(2026, 3, 16, 9, 0))
    department(DossierStatus.RESULT_READY, datetime(2026, 3, 16, 10, 0))
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        assert (d.finished_at, d.result_timing) == (datetime(2026, 3, 16, 10, 0), "late")


def test_a_status_pulled_again_is_recognised_as_already_in_the_history(store, make_draft):
    from datetime import datetime

    from counter_app.services.receiving import receive

    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    change = {"seq": 1, "kind": "dossier_status", "data": {
        "dossier_id": receipt.id, "event_id": "0190f0aa-0000-7000-8000-0000000000aa",
        "to_status": int(DossierStatus.PROCESSING), "at": "2026-03-10T10:00:00", "by": "Phòng"}}
    for _ in range(2):  # the feed's page asked again after a lost answer
        with store.write() as session:
            done = apply_changes(session, [change])
        assert (done.statuses, done.ignored) == (1, 0)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(DossierEvent)
                              .where(DossierEvent.kind == "remote_status")) == 1

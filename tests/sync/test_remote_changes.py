"""What the province changed reaches the counter: department statuses, catalogue, calendar."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from counter_app.catalogue_store import get_spec
from counter_app.enums import DossierStatus, EventKind
from counter_app.models import CalendarOverrideRow, Dossier, DossierEvent, OutboxItem
from counter_app.settings import get_setting
from sync import config as keys


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
    assert engine.run_once().pulled == 0  # the cursor moved with the change


def test_catalogue_and_calendar_updates_are_pulled(server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
    with ws.store.read() as s:
        spec = get_spec(s, "1.001193").to_dict()
    spec["name"] = "Đăng ký khai sinh (cập nhật)"
    server_store.publish("catalogue", {"procedures": [spec]})
    server_store.publish("calendar", {"overrides": [{"day": "2027-09-03", "kind": "off", "note": "Nghỉ bù"}]})
    assert ws.engine().run_once().pulled == 2
    with ws.store.read() as s:
        assert get_spec(s, "1.001193").name == "Đăng ký khai sinh (cập nhật)"
        rows = s.scalars(select(CalendarOverrideRow)).all()
        assert [(r.day, r.kind, r.note) for r in rows] == [(date(2027, 9, 3), "off", "Nghỉ bù")]

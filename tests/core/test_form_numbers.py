"""'Số: …' is never blank: a series per kind of form, agency and year, safe offline across counters."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from counter_app.store import form_numbers, settings
from counter_app.store.db import open_store
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.domain.errors import ValidationFailed
from counter_app.store.models import FormNumber
from counter_app.services import admin, printing
from counter_app.services.receiving import receive
from counter_app.services.setup import initialise_profile
from tests import pdfcheck
from tests.said import raises_saying

T0 = datetime(2026, 3, 10, 9, 0)
NUMBER = re.compile(r"Số: (\S+)")


def _queue(store, kind, dossier_id, data=None, at=T0):
    with store.write() as session:
        return printing.queue_slip(session, kind, dossier_id, "canbo1", data, now=at)


def _printed_numbers(store, job_id) -> list[str]:
    return NUMBER.findall(pdfcheck.flat(pdfcheck.all_text(printing.render_job(store, job_id))))


def test_every_numbered_form_prints_its_number_never_dots(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    jobs = {kind: _queue(store, kind, receipt.id, {"reason": "Thiếu giấy tờ", "missing": ["Tờ khai"],
                                                     "new_due_at": "2026-03-20T16:00:00"})
            for kind in ("receipt", "supplement", "refusal", "apology", "stop", "control")}
    jobs["handover"] = _queue(store, "handover", None, {"dossier_ids": [receipt.id]})
    expected = {"receipt": "1/GTN", "supplement": "1/PYCBS", "refusal": "1/PTC", "apology": "1/VBXL",
                "stop": "1/TBDGQ", "control": "1/PKS", "handover": "1/DSBG"}
    for kind, job_id in jobs.items():
        numbers = _printed_numbers(store, job_id)
        assert numbers and set(numbers) == {expected[kind]}, kind  # both copies carry it
    assert "……" not in pdfcheck.page_text(printing.render_job(store, jobs["receipt"]))


def test_the_series_is_per_kind_interleaved_by_workstation_and_kept_on_reprints(store, make_draft):
    a = receive(store, make_draft(), "canbo1", now=T0)
    b = receive(store, make_draft(applicant_name="Lê Thị Hoa"), "canbo1", now=T0)
    first = _queue(store, "receipt", a.id)
    second = _queue(store, "receipt", b.id)
    assert _printed_numbers(store, second)[0] == "11/GTN"  # workstation 1 of stride 10: 1, 11, 21…
    printing.mark_printed(store, first, "Máy in 1")
    again = _queue(store, "receipt", a.id)  # asked for again without content: a reprint
    assert set(_printed_numbers(store, again)) == {"1/GTN"}
    assert "1/GTN" in pdfcheck.page_text(printing.render_dossier_slip(store, a.code, "receipt"))  # preview


def test_three_offline_counters_never_give_the_same_number(tmp_path, make_draft):
    given: list[str] = []
    for ws in (1, 2, 3):
        store = open_store(tmp_path / f"quay{ws}")
        try:
            initialise_profile(store, DEMO_AGENCY, ws, DEMO_OFFICERS)
            receipt = receive(store, make_draft(), "canbo1", now=T0)
            for i in range(40):
                _queue(store, "supplement", receipt.id, {"missing": [f"Giấy tờ {i}"]})
            with store.read() as session:
                rows = session.execute(select(FormNumber.seq, FormNumber.number)
                                       .where(FormNumber.kind == "supplement")).all()
            assert {seq % 10 for seq, _ in rows} == {ws}
            given += [number for _, number in rows]
        finally:
            store.dispose()
    assert len(given) == 120 and len(set(given)) == 120


def test_a_new_series_starts_each_first_of_january(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    for at in (datetime(2026, 12, 31, 16, 0), datetime(2026, 12, 31, 16, 5)):
        _queue(store, "supplement", receipt.id, {"missing": ["Tờ khai"]}, at=at)
    job = _queue(store, "supplement", receipt.id, {"missing": ["Tờ khai"]}, at=datetime(2027, 1, 4, 8, 0))
    assert _printed_numbers(store, job)[0] == "1/PYCBS"


def test_the_pattern_is_configurable_and_a_bad_one_is_refused(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    key = form_numbers.pattern_key("supplement")
    with raises_saying(ValidationFailed, "phải có {n}, chỉ dùng {n} {year} {yy} {ws}, tối đa 40 ký tự"):
        admin.change_settings(store, "admin", {key: "PYCBS/{year}"})
    with pytest.raises(ValidationFailed):
        admin.change_settings(store, "admin", {key: "{n}/{unknown}"})
    admin.change_settings(store, "admin", {key: "{n}/{yy}/HDHS"})
    job = _queue(store, "supplement", receipt.id, {"missing": ["Tờ khai"]})
    assert _printed_numbers(store, job)[0] == "1/26/HDHS"
    with store.write() as session:  # a bad value written behind the service's back still gives a number
        settings.set_setting(session, key, "HDHS")
    job = _queue(store, "supplement", receipt.id, {"missing": ["Tờ khai"]})
    assert _printed_numbers(store, job)[0] == "11/PYCBS"

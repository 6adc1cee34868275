"""The store's checks, the key store, the calendar and fees speak codes; ui says them in
Vietnamese (the source) and, with the English translators, in English throughout."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from counter_app.domain.due_dates import load_overrides
from counter_app.domain.drafts import FeeInputs
from counter_app.domain.errors import ValidationFailed
from counter_app.domain.fees import FeeRule, compute_fee
from counter_app.store import crypt
from counter_app.store.audit import audit, verify_chain
from ui.i18n import install_translators, remove_translators
from ui.messages import error_text, field_texts, message_text


@pytest.fixture
def english(qapp):
    translators = install_translators(qapp, "en")
    yield
    remove_translators(qapp, translators)


def _tampered_trail(store):
    """Three audit entries, the second edited behind the application's back."""
    with store.write() as session:
        for i in range(1, 4):
            audit(session, None, "settings_changed", f"key{i}", {"n": i}, at=datetime(2026, 3, 10, 9, i))
    store.dispose()
    conn = crypt.connect(store.path)  # as an attacker would: the append-only trigger dropped
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET detail = ? WHERE seq = 2", (json.dumps({"n": 99}),))
    conn.commit()
    conn.close()
    with store.read() as session:
        return verify_chain(session)


def _bad_calendar_file(tmp_path):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps([{"date": "2026-01-02", "kind": "off"}, {"date": "2026-01-02", "kind": "working"}]),
                    encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        load_overrides(path)
    return refused.value


def test_an_edited_audit_entry_a_bad_calendar_file_and_a_refused_quantity_in_vietnamese(store, tmp_path, qapp):
    [problem] = _tampered_trail(store)
    assert message_text(problem.message) == "Mục nhật ký số 2: nội dung đã bị sửa (không khớp mã băm)."
    assert error_text(_bad_calendar_file(tmp_path)) == "Mục thứ 2: ngày 02/01/2026 đã có ở mục thứ 1."
    with pytest.raises(ValidationFailed) as refused:
        compute_fee(FeeRule("per_copy", 8_000), FeeInputs(copies=0))
    assert field_texts(refused.value) == {"copies": "Số bản phải là số nguyên dương."}


def test_the_same_in_english(store, tmp_path, english):
    [problem] = _tampered_trail(store)
    assert message_text(problem.message) == "Audit trail entry 2: its content was edited (the hash does not match)."
    assert error_text(_bad_calendar_file(tmp_path)) == "Entry 2: the day 02/01/2026 is already in entry 1."
    with pytest.raises(ValidationFailed) as refused:
        compute_fee(FeeRule("per_copy", 8_000), FeeInputs(copies=0))
    assert field_texts(refused.value) == {"copies": "The number of copies must be a positive whole number."}


def test_a_key_file_of_another_machine_is_said_in_english_with_its_reason_nested(english, tmp_path):
    from counter_app.store.machine_keys import MachineKeyring
    from counter_app.store.dpapi import PlainProtector

    path = tmp_path / "keys" / "p.key"
    path.parent.mkdir()
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(crypt.KeyError_) as refused:
        MachineKeyring(path, "p", PlainProtector()).read_entries()
    said = error_text(refused.value)
    assert said.startswith(f"The machine's shared key file '{path}' cannot be used: the file is damaged or is not a key "
                           "file. No data was changed.")
    assert f"into the folder {path.parent}." in said


def test_the_provinces_day_off_without_a_note_is_named_in_each_language(qapp):
    from counter_app.domain.working_time import CalendarOverride, WorkCalendar

    name = WorkCalendar(overrides=[CalendarOverride(date(2027, 3, 16), "off")]).holiday_name(date(2027, 3, 16))
    assert message_text(name) == "Ngày nghỉ theo quyết định của tỉnh"
    translators = install_translators(qapp, "en")
    try:
        assert message_text(name) == "Day off decided by the province"
    finally:
        remove_translators(qapp, translators)

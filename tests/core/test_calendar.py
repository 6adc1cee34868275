"""Tests of the working calendar and the appointment date."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from counter_app.domain.due_dates import (
    DEFAULT_SESSIONS,
    CalendarOverride,
    Duration,
    Session,
    WorkCalendar,
    due_at,
    extend_for_pause,
    load_overrides,
)
from counter_app.domain.enums import DurationUnit
from counter_app.domain.errors import Message
from ui.messages import said_text

OVERRIDES_FILE = Path(__file__).resolve().parents[2] / "resources" / "calendar" / "overrides.json"

SAME_DAY = Duration(0, DurationUnit.WORKING_DAYS)
ONE_DAY = Duration(1, DurationUnit.WORKING_DAYS)
THREE_DAYS = Duration(3, DurationUnit.WORKING_DAYS)
HALF_DAY = Duration(0.5, DurationUnit.WORKING_DAYS)


def _item(index: int) -> Message:
    return Message("working_time.where_item", {"index": index})


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(overrides=load_overrides(OVERRIDES_FILE))


def dt(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm)


# -- public holidays -------------------------------------------------------------------


def test_tet_2026_days_off_14_to_22_february(cal):
    off = [date(2026, 2, 14) + timedelta(days=i) for i in range(9)]
    assert [cal.is_working_day(d) for d in off] == [False] * 9
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert cal.holiday_name(date(2026, 2, 17)) == unicodedata.normalize("NFC", "Tết Nguyên Đán")


def test_tet_2026_three_working_days_from_13_february(cal):
    # Fri 13/2 09:00: 6 h that day, 7.5 h on Mon 23/2 and Tue 24/2, 1.5 h on Wed 25/2.
    assert due_at(cal, dt(2026, 2, 13, 9), THREE_DAYS) == dt(2026, 2, 25, 9)


def test_reunification_and_labour_day_2026(cal):
    assert not cal.is_working_day(date(2026, 4, 30))
    assert not cal.is_working_day(date(2026, 5, 1))
    # Wed 29/4 09:00 + 2 days: 6 h on 29/4, Mon 4/5 7.5 h, then 1.5 h on Tue 5/5.
    assert due_at(cal, dt(2026, 4, 29, 9), Duration(2, DurationUnit.WORKING_DAYS)) == dt(
        2026, 5, 5, 9
    )


def test_national_day_2026_with_adjacent_day_and_swap(cal):
    for d in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not cal.is_working_day(d)
    assert cal.holiday_name(date(2026, 9, 2)) == "Quốc khánh"
    # Fri 28/8 09:00 + 1 working day skips Sat 29/8 to Wed 2/9.
    assert due_at(cal, dt(2026, 8, 28, 9), ONE_DAY) == dt(2026, 9, 3, 9)


def test_package_swapped_saturday_counts_without_overrides():
    plain = WorkCalendar()
    assert plain.is_working_day(date(2026, 8, 22))
    assert plain.sessions_on(date(2026, 8, 22)) == DEFAULT_SESSIONS
    assert due_at(plain, dt(2026, 8, 21, 9), ONE_DAY) == dt(2026, 8, 22, 9)


def test_new_year_2026_swap_from_overrides(cal):
    assert not cal.is_working_day(date(2026, 1, 2))
    assert cal.is_working_day(date(2026, 1, 10))  # Saturday made a working day
    assert cal.holiday_name(date(2026, 1, 10)) is None
    # Wed 31/12/2025 09:00 + 1 day: 1/1 to 4/1 off, lands Mon 5/1 09:00.
    assert due_at(cal, dt(2025, 12, 31, 9), ONE_DAY) == dt(2026, 1, 5, 9)
    # Fri 9/1 09:00 + 1 day lands on the swapped Saturday 10/1 at 09:00.
    assert due_at(cal, dt(2026, 1, 9, 9), ONE_DAY) == dt(2026, 1, 10, 9)


# -- overrides -------------------------------------------------------------------------


def test_working_override_on_a_saturday():
    c = WorkCalendar(overrides=[CalendarOverride(date(2027, 3, 13), "working", "Làm bù")])
    assert c.sessions_on(date(2027, 3, 13)) == DEFAULT_SESSIONS
    assert due_at(c, dt(2027, 3, 12, 16), ONE_DAY) == dt(2027, 3, 13, 16)


def test_working_override_removes_a_package_holiday():
    day = date(2027, 2, 4)  # "29 Tết" in the package's 2027 rules
    assert not WorkCalendar().is_working_day(day)
    c = WorkCalendar(overrides=[CalendarOverride(day, "working")])
    assert c.is_working_day(day)
    assert c.holiday_name(day) is None


def test_off_override_planned_24_november_is_skipped(cal):
    assert not cal.is_working_day(date(2026, 11, 24))
    assert cal.holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert due_at(cal, dt(2026, 11, 23, 9), ONE_DAY) == dt(2026, 11, 25, 9)


def test_off_override_on_an_ordinary_day():
    c = WorkCalendar(overrides=[CalendarOverride(date(2027, 3, 16), "off")])
    assert not c.is_working_day(date(2027, 3, 16))
    assert c.holiday_name(date(2027, 3, 16)) == Message("working_time.province_day_off")
    assert said_text(c.holiday_name(date(2027, 3, 16))) == "Ngày nghỉ theo quyết định của tỉnh"
    assert due_at(c, dt(2027, 3, 15, 9), ONE_DAY) == dt(2027, 3, 17, 9)


def test_half_day_override_morning_only():
    c = WorkCalendar(overrides=[CalendarOverride(date(2026, 12, 31), "morning", "Nghỉ chiều")])
    assert c.sessions_on(date(2026, 12, 31)) == (DEFAULT_SESSIONS[0],)
    # 1.5 h on Thu 31/12; 1/1/2027 off; weekend; Mon 4/1: 4 h morning + 2 h -> 15:30.
    assert due_at(c, dt(2026, 12, 31, 10), ONE_DAY) == dt(2027, 1, 4, 15, 30)
    assert due_at(c, dt(2026, 12, 31, 10), SAME_DAY) == dt(2026, 12, 31, 11, 30)
    # Received over the afternoon that is off: counts from the next working morning.
    assert due_at(c, dt(2026, 12, 31, 14), SAME_DAY) == dt(2027, 1, 4, 17)


def test_half_day_override_afternoon_only():
    c = WorkCalendar(overrides=[CalendarOverride(date(2027, 3, 16), "afternoon")])
    assert c.sessions_on(date(2027, 3, 16)) == (DEFAULT_SESSIONS[1],)
    assert c.next_working_moment(dt(2027, 3, 16, 9)) == dt(2027, 3, 16, 13, 30)
    assert c.working_hours_between(dt(2027, 3, 16), dt(2027, 3, 17)) == 3.5


# -- receipt outside the sessions ------------------------------------------------------


def test_receipt_at_lunch_counts_from_afternoon(cal):
    assert cal.next_working_moment(dt(2026, 3, 10, 12)) == dt(2026, 3, 10, 13, 30)
    # 3.5 h on Tue afternoon, 4 h on Wed morning.
    assert due_at(cal, dt(2026, 3, 10, 12), ONE_DAY) == dt(2026, 3, 11, 11, 30)
    assert due_at(cal, dt(2026, 3, 10, 12), SAME_DAY) == dt(2026, 3, 10, 17)


def test_receipt_at_16_59_same_day_procedure_goes_to_next_working_day(cal):
    assert due_at(cal, dt(2026, 3, 10, 16, 59), SAME_DAY) == dt(2026, 3, 11, 17)
    # Friday after 15:00: returned on Monday.
    assert due_at(cal, dt(2026, 3, 13, 16, 59), SAME_DAY) == dt(2026, 3, 16, 17)
    # Still inside the session: one minute counts today.
    assert due_at(cal, dt(2026, 3, 10, 16, 59), ONE_DAY) == dt(2026, 3, 11, 16, 59)


def test_same_day_cutoff_boundary(cal):
    assert due_at(cal, dt(2026, 3, 10, 14, 59), SAME_DAY) == dt(2026, 3, 10, 17)
    # "trả kết quả ... trong ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ": 15:00:00 is not after 15 giờ
    assert due_at(cal, dt(2026, 3, 10, 15, 0), SAME_DAY) == dt(2026, 3, 10, 17)
    assert due_at(cal, datetime(2026, 3, 10, 15, 0, 1), SAME_DAY) == dt(2026, 3, 11, 17)
    assert due_at(cal, dt(2026, 3, 10, 15, 1), SAME_DAY) == dt(2026, 3, 11, 17)
    assert due_at(cal, dt(2026, 3, 10, 16), SAME_DAY, same_day_cutoff=None) == dt(2026, 3, 10, 17)
    assert due_at(cal, dt(2026, 3, 10, 16), SAME_DAY, same_day_cutoff=time(16, 30)) == dt(
        2026, 3, 10, 17
    )


def test_receipt_at_17_01_counts_from_next_working_morning(cal):
    assert cal.next_working_moment(dt(2026, 3, 10, 17, 1)) == dt(2026, 3, 11, 7, 30)
    assert due_at(cal, dt(2026, 3, 10, 17, 1), ONE_DAY) == dt(2026, 3, 11, 17)
    assert due_at(cal, dt(2026, 3, 10, 17, 1), SAME_DAY) == dt(2026, 3, 11, 17)
    # Friday evening: the next working morning is Monday.
    assert due_at(cal, dt(2026, 3, 13, 17, 1), HALF_DAY) == dt(2026, 3, 16, 11, 15)


def test_receipt_at_closing_time_sharp_is_after_closing(cal):
    assert cal.next_working_moment(dt(2026, 3, 10, 17)) == dt(2026, 3, 11, 7, 30)
    assert cal.next_working_moment(dt(2026, 3, 10, 11, 30)) == dt(2026, 3, 10, 13, 30)


def test_receipt_before_opening_counts_from_opening(cal):
    assert due_at(cal, dt(2026, 3, 10, 6), ONE_DAY) == dt(2026, 3, 10, 17)
    assert due_at(cal, dt(2026, 3, 10, 6), HALF_DAY) == dt(2026, 3, 10, 11, 15)
    assert due_at(cal, dt(2026, 3, 10, 6), THREE_DAYS) == dt(2026, 3, 12, 17)


def test_receipt_on_a_weekend_counts_from_monday(cal):
    assert due_at(cal, dt(2026, 3, 14, 10), ONE_DAY) == dt(2026, 3, 16, 17)


def test_monday_nine_plus_three_days_is_thursday_nine(cal):
    assert due_at(cal, dt(2026, 3, 9, 9), THREE_DAYS) == dt(2026, 3, 12, 9)


# -- other units -----------------------------------------------------------------------


def test_calendar_days_ending_on_sunday_pushed_to_monday(cal):
    two = Duration(2, DurationUnit.CALENDAR_DAYS)
    assert due_at(cal, dt(2026, 3, 13, 9), two) == dt(2026, 3, 16, 9)


def test_calendar_days_keep_the_time_on_a_working_day(cal):
    week = Duration(7, DurationUnit.CALENDAR_DAYS)
    assert due_at(cal, dt(2026, 3, 10, 14), week) == dt(2026, 3, 17, 14)
    # Landing in Tết: moved to the first working day after it.
    assert due_at(cal, dt(2026, 2, 9, 10), week) == dt(2026, 2, 23, 10)
    # Received over lunch: counted from 13:30.
    assert due_at(cal, dt(2026, 3, 10, 12), Duration(1, "calendar_days")) == dt(2026, 3, 11, 13, 30)


def test_calendar_days_clamped_to_a_half_day():
    c = WorkCalendar(overrides=[CalendarOverride(date(2027, 3, 17), "morning")])
    assert due_at(c, dt(2027, 3, 16, 15), Duration(1, DurationUnit.CALENDAR_DAYS)) == dt(
        2027, 3, 17, 11, 30
    )


def test_working_hours_unit(cal):
    two_hours = Duration(2, DurationUnit.WORKING_HOURS)
    assert due_at(cal, dt(2026, 3, 10, 16), two_hours) == dt(2026, 3, 11, 8, 30)
    assert due_at(cal, dt(2026, 3, 10, 10), two_hours) == dt(2026, 3, 10, 14)
    assert due_at(cal, dt(2026, 3, 10, 9, 30), two_hours) == dt(2026, 3, 10, 11, 30)


def test_saturday_morning_sessions_for_a_ward():
    c = WorkCalendar(
        overrides=load_overrides(OVERRIDES_FILE),
        saturday_sessions=(Session(time(7, 30), time(11, 30)),),
    )
    assert c.is_working_day(date(2026, 3, 14))
    assert c.sessions_on(date(2026, 3, 14)) == (Session(time(7, 30), time(11, 30)),)
    assert due_at(c, dt(2026, 3, 14, 10), SAME_DAY) == dt(2026, 3, 14, 11, 30)
    assert due_at(c, dt(2026, 3, 14, 12), SAME_DAY) == dt(2026, 3, 16, 17)
    # Saturdays inside an announced break stay off (shipped data), Sundays are never open.
    assert not c.is_working_day(date(2026, 2, 21))
    assert not c.is_working_day(date(2026, 3, 15))
    # Fri 13/3 16:00 + 1 day: 1 h Fri, 4 h Sat morning, 2.5 h Mon -> 10:00.
    assert due_at(c, dt(2026, 3, 13, 16), ONE_DAY) == dt(2026, 3, 16, 10)


def test_custom_sessions_change_the_day_length():
    c = WorkCalendar(sessions=(Session(time(7), time(11)), Session(time(13), time(17))))
    assert c.day_hours == 8
    assert due_at(c, dt(2026, 3, 9, 9), THREE_DAYS) == dt(2026, 3, 12, 9)
    assert due_at(c, dt(2026, 3, 9, 12), SAME_DAY) == dt(2026, 3, 9, 17)


def test_timezone_aware_receipt_keeps_its_zone(cal):
    ict = timezone(timedelta(hours=7))
    got = due_at(cal, datetime(2026, 3, 10, 16, 59, tzinfo=ict), SAME_DAY)
    assert got == datetime(2026, 3, 11, 17, tzinfo=ict) and got.tzinfo is ict
    got = due_at(cal, datetime(2026, 3, 13, 9, tzinfo=ict), Duration(2, "calendar_days"))
    assert got == datetime(2026, 3, 16, 9, tzinfo=ict)


def test_working_days_are_exact_session_hours_over_a_fortnight(cal):
    """For every quarter hour of a fortnight, the due date is exactly N × 7.5 h later."""
    start = dt(2026, 2, 9)
    for step in range(14 * 24 * 4):
        received = start + timedelta(minutes=15 * step)
        begin = cal.next_working_moment(received)
        for value in (0.5, 1, 3):
            due = due_at(cal, received, Duration(value, DurationUnit.WORKING_DAYS))
            assert cal.working_hours_between(begin, due) == pytest.approx(value * 7.5)
            assert cal.sessions_on(due.date())


# -- working time primitives -----------------------------------------------------------


def test_working_hours_between(cal):
    assert cal.working_hours_between(dt(2026, 3, 9, 9), dt(2026, 3, 10, 9)) == 7.5
    assert cal.working_hours_between(dt(2026, 3, 10, 9), dt(2026, 3, 9, 9)) == -7.5
    assert cal.working_hours_between(dt(2026, 2, 13, 17), dt(2026, 2, 23, 7, 30)) == 0
    assert cal.working_hours_between(dt(2026, 3, 10, 11), dt(2026, 3, 10, 14)) == 1


def test_working_hours_over_long_spans_equal_the_session_walk(cal):
    """Long spans count the days between whole (a late dossier's card): the same hours, to the
    microsecond, as adding up every session between the two moments, holidays, Saturdays and the
    province's overrides included, naive or aware."""
    import random

    rng = random.Random(14)
    saturdays = WorkCalendar(overrides=load_overrides(OVERRIDES_FILE),
                             saturday_sessions=(Session(time(7, 30), time(11, 30)),))
    vn = timezone(timedelta(hours=7))
    for calendar in (cal, saturdays):
        for _ in range(300):
            a = datetime(2025, 1, 1) + timedelta(minutes=rng.randrange(0, 2 * 366 * 24 * 60))
            b = a + timedelta(minutes=rng.randrange(0, 500 * 24 * 60))
            if rng.random() < 0.3:
                a, b = a.replace(tzinfo=vn), b.replace(tzinfo=vn)
            walked = calendar._walk(a, b).total_seconds() / 3600
            assert calendar.working_hours_between(a, b) == walked
            assert calendar.working_hours_between(b, a) == -walked


def test_a_span_across_more_than_400_days_off_is_refused_as_the_walk_refuses_it():
    from counter_app.domain.working_time import MAX_GAP_DAYS

    closed = [CalendarOverride(day=date(2030, 1, 1) + timedelta(days=i), kind="off", note="", basis="")
              for i in range(MAX_GAP_DAYS + 20)]
    calendar = WorkCalendar(overrides=closed)
    with pytest.raises(ValueError):
        calendar._walk(dt(2029, 12, 20, 9), dt(2031, 6, 1, 9))
    with pytest.raises(ValueError):
        calendar.working_hours_between(dt(2029, 12, 20, 9), dt(2031, 6, 1, 9))
    # Spans that do not cross the whole closure are counted as the walk counts them.
    for a, b in ((dt(2029, 1, 2, 9), dt(2030, 6, 1, 9)), (dt(2030, 12, 1, 9), dt(2031, 12, 1, 9))):
        assert calendar.working_hours_between(a, b) == calendar._walk(a, b).total_seconds() / 3600


def test_add_working_hours_stays_on_session_end(cal):
    assert cal.add_working_hours(dt(2026, 3, 10, 16), 1) == dt(2026, 3, 10, 17)
    assert cal.add_working_hours(dt(2026, 3, 10, 17), 0) == dt(2026, 3, 10, 17)
    assert cal.add_working_hours(dt(2026, 3, 10, 12), 0) == dt(2026, 3, 10, 13, 30)
    with pytest.raises(ValueError):
        cal.add_working_hours(dt(2026, 3, 10, 9), -1)


def test_extend_for_pause_across_a_weekend(cal):
    due = dt(2026, 3, 16, 10)
    # Paused Fri 6/3 16:00, resumed Mon 9/3 09:00: 1 h on Friday + 1.5 h on Monday.
    got = extend_for_pause(cal, due, dt(2026, 3, 6, 16), dt(2026, 3, 9, 9))
    assert got == dt(2026, 3, 16, 14, 30)


def test_extend_for_pause_outside_working_time_keeps_due(cal):
    due = dt(2026, 3, 13, 17)
    assert extend_for_pause(cal, due, dt(2026, 3, 7, 8), dt(2026, 3, 8, 20)) == due
    # A pause from a due at closing carries over to the next morning.
    assert extend_for_pause(cal, due, dt(2026, 3, 10, 9), dt(2026, 3, 10, 10)) == dt(
        2026, 3, 16, 8, 30
    )
    with pytest.raises(ValueError) as refused:
        extend_for_pause(cal, due, dt(2026, 3, 10, 10), dt(2026, 3, 10, 9))
    assert refused.value.message == Message("due_dates.resumed_before_paused")


# -- data and validation ---------------------------------------------------------------


def test_shipped_overrides_file_is_valid():
    items = load_overrides(OVERRIDES_FILE)
    assert items and all(i.note for i in items)
    assert all(unicodedata.is_normalized("NFC", i.note) for i in items)
    assert len({i.day for i in items}) == len(items)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([{"date": "2026-02-30", "kind": "off", "note": ""}],
         ("working_time.entry_bad_date", {"where": _item(1), "value": "2026-02-30"})),
        (
            [{"date": "2026-01-02", "kind": "off"}, {"date": "2026-01-10", "kind": "holiday"}],
            ("working_time.entry_bad_kind", {"where": _item(2), "kind": "holiday", "kinds": "off, working, morning, afternoon"}),
        ),
        ([{"date": "2026-01-02", "kind": "off"}, "2026-01-03"], ("working_time.entry_not_object", {"where": _item(2)})),
        ([{"date": "2026-01-02", "kind": "off", "reason": "x"}],
         ("working_time.entry_unknown_fields", {"where": _item(1), "fields": "reason"})),
        ([{"date": "2026-01-02", "kind": "off", "note": 5}], ("working_time.entry_note_not_text", {"where": _item(1)})),
        ([{"date": "02/01/2026", "kind": "off"}],
         ("working_time.entry_bad_date", {"where": _item(1), "value": "02/01/2026"})),
        (
            [{"date": "2026-01-02", "kind": "off"}, {"date": "2026-01-02", "kind": "working"}],
            ("working_time.file_duplicate_day", {"index": 2, "day": date(2026, 1, 2), "first": 1}),
        ),
        ({"date": "2026-01-02", "kind": "off"}, ("working_time.file_not_list", {"name": "overrides.json"})),
    ],
)
def test_load_overrides_rejects_bad_entries(tmp_path, entries, expected):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_overrides(path)
    assert info.value.message == Message(*expected)


def test_a_bad_entry_is_said_naming_its_position():
    said = said_text(Message("working_time.file_duplicate_day", {"index": 2, "day": date(2026, 1, 2), "first": 1}))
    assert said == "Mục thứ 2: ngày 02/01/2026 đã có ở mục thứ 1."
    said = said_text(Message("working_time.entry_bad_date", {"where": _item(1), "value": "2026-02-30"}))
    assert said == "Mục thứ 1: ngày “2026-02-30” không hợp lệ, cần dạng YYYY-MM-DD."


def test_load_overrides_rejects_broken_json(tmp_path):
    path = tmp_path / "overrides.json"
    path.write_text('[{"date": "2026-01-02",', encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_overrides(path)
    assert info.value.message.code == "working_time.file_not_json" and info.value.message.params["line"] == 1


def test_invalid_configuration_is_refused():
    with pytest.raises(ValueError):
        Session(time(17), time(7, 30))
    with pytest.raises(ValueError):
        WorkCalendar(sessions=(Session(time(7, 30), time(12)), Session(time(11), time(17))))
    with pytest.raises(ValueError):
        WorkCalendar(sessions=())
    with pytest.raises(ValueError):
        CalendarOverride(date(2026, 1, 2), "holiday")
    with pytest.raises(ValueError):
        twice = [CalendarOverride(date(2026, 1, 2), "off"), CalendarOverride(date(2026, 1, 2), "working")]
        WorkCalendar(overrides=twice)
    with pytest.raises(ValueError):
        Duration(-1, DurationUnit.WORKING_DAYS)
    with pytest.raises(ValueError):
        Duration(1.5, DurationUnit.CALENDAR_DAYS)
    with pytest.raises(ValueError):
        Duration(1, "weeks")
    with pytest.raises(ValueError):
        Duration("3", DurationUnit.WORKING_DAYS)
    assert Duration(2, "working_days").unit is DurationUnit.WORKING_DAYS
    assert Duration(2, "calendar_days").value == 2.0


def test_calendar_with_no_working_day_fails_clearly():
    days = [date(2030, 1, 1) + timedelta(days=i) for i in range(500)]
    c = WorkCalendar(overrides=[CalendarOverride(d, "off") for d in days])
    with pytest.raises(ValueError) as info:
        c.next_working_day(date(2030, 1, 1))
    assert info.value.message == Message("working_time.no_working_day", {"days": 400, "day": date(2030, 1, 1)})
    with pytest.raises(ValueError) as info:
        due_at(c, dt(2030, 1, 1, 9), ONE_DAY)
    assert info.value.message.code == "working_time.no_working_day"
    with pytest.raises(ValueError) as info:  # the time left before a due date crosses the gap too
        c.working_hours_between(dt(2029, 12, 31, 9), dt(2031, 6, 1, 9))
    assert info.value.message.code == "working_time.no_working_day"

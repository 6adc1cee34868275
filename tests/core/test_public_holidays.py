"""The public holidays table (resources/calendar/public_holidays_vn.json) against the library
it is made from, and the working calendar reading it without that library."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import holidays
import pytest

from counter_app.domain.due_dates import WorkCalendar
from counter_app.domain.public_holidays import YearNotCovered, covered_years, holidays_of

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import holiday_table  # noqa: E402


def test_the_table_is_what_the_installed_library_says_for_every_year():
    on_disk = json.loads(holiday_table.TABLE.read_text(encoding="utf-8"))
    first, last = covered_years()
    assert (first, last) == (holiday_table.FIRST_YEAR, holiday_table.LAST_YEAR)
    changed = [year for year in range(first, last + 1)
               if on_disk["years"][str(year)] != holiday_table.library_year(year)]
    assert changed == [], "holidays was upgraded: run python packaging/holiday_table.py and review its diff"
    assert holiday_table.TABLE.read_text(encoding="utf-8") == holiday_table.render(on_disk)


@pytest.mark.parametrize("year", [2000, 2025, 2026, 2027, 2099])
def test_a_year_reads_back_as_the_library_gives_it(year):
    library = holidays.country_holidays("VN", years=year, language="vi")
    english = holidays.country_holidays("VN", years=year, language="en_US")
    table = holidays_of(year)
    assert dict(table) == {d: unicodedata.normalize("NFC", name) for d, name in library.items()}
    assert {d: table.english(d) for d in table} == dict(english)
    assert table.weekend_workdays == {d for d in library.weekend_workdays if d.year == year}


def test_names_are_nfc_and_tet_2026_is_there():
    table = holidays_of(2026)
    assert table[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert table.english(date(2026, 2, 17)) == "Lunar New Year"
    assert date(2026, 8, 22) in table.weekend_workdays  # the Saturday given for 31/8
    assert all(unicodedata.is_normalized("NFC", name) for year in range(2000, 2100)
               for name in holidays_of(year).values())


@pytest.mark.parametrize("year", [1999, 2100])
def test_a_year_outside_the_table_is_refused_with_a_code(year):
    with pytest.raises(YearNotCovered) as caught:
        holidays_of(year)
    assert caught.value.message.code == "calendar.year_not_covered"
    assert caught.value.message.params == {"year": year, "first": 2000, "last": 2099}
    with pytest.raises(YearNotCovered):
        WorkCalendar().is_working_day(date(year, 6, 1))


def test_the_refusal_is_said_in_both_languages():
    from ui.messages import error_text

    said = error_text(YearNotCovered(1999, 2000, 2099))
    assert "1999" in said and "2000–2099" in said


def test_the_calendar_works_without_importing_the_library():
    """The library imports its 250 countries to give one: the application never loads it."""
    code = ("import sys\n"
            "from datetime import date, datetime\n"
            "from counter_app.domain.due_dates import WorkCalendar, Duration, due_at\n"
            "from counter_app.domain.enums import DurationUnit\n"
            "cal = WorkCalendar()\n"
            "assert not cal.is_working_day(date(2026, 2, 17))\n"
            "print(due_at(cal, datetime(2026, 2, 13, 9), Duration(3, DurationUnit.WORKING_DAYS)))\n"
            "print(sorted(m for m in sys.modules if m == 'holidays' or m.startswith('holidays.')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True)
    assert out.stdout.splitlines() == ["2026-02-25 09:00:00", "[]"]

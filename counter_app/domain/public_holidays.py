"""Vietnam's public holidays, read from the table ``resources/calendar/public_holidays_vn.json``.

The table is the `holidays` library's output for 2000–2099 (names in Vietnamese and English,
and the Saturdays made working days), written by ``packaging/holiday_table.py`` and checked
against the installed library by ``tests/core/test_public_holidays.py``. Reading it costs a
fraction of a millisecond; the library itself imports every country it knows to give one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from counter_app.domain.errors import CounterError
from counter_app.domain.paths import resource_path

TABLE_PARTS = ("calendar", "public_holidays_vn.json")


class YearNotCovered(CounterError, ValueError):
    """A year outside the table: the working time there cannot be told (a date typed wrong,
    most likely)."""

    def __init__(self, year: int, first: int, last: int) -> None:
        super().__init__("calendar.year_not_covered", year=year, first=first, last=last)


@dataclass(frozen=True)
class YearHolidays(Mapping[date, str]):
    """One year's public holidays: day → Vietnamese name (``english(day)`` for the other),
    and ``weekend_workdays``, the Saturdays made working days in exchange for a bridge day."""

    names: Mapping[date, tuple[str, str]]
    weekend_workdays: frozenset[date]

    def __getitem__(self, day: date) -> str:
        return self.names[day][0]

    def __iter__(self) -> Iterator[date]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, day: object) -> bool:
        return day in self.names

    def english(self, day: date) -> str | None:
        pair = self.names.get(day)
        return pair[1] if pair else None


@cache
def _table() -> dict:
    with resource_path(*TABLE_PARTS).open(encoding="utf-8") as file:
        return json.load(file)


def covered_years() -> tuple[int, int]:
    table = _table()
    return table["first_year"], table["last_year"]


@cache
def holidays_of(year: int) -> YearHolidays:
    """The public holidays of *year* (raises :class:`YearNotCovered` outside the table)."""
    table = _table()
    entry = table["years"].get(str(year))
    if entry is None:
        raise YearNotCovered(year, table["first_year"], table["last_year"])

    def day(month_day: str) -> date:
        return date(year, int(month_day[:2]), int(month_day[3:]))

    return YearHolidays(
        names={day(md): (vi, en) for md, (vi, en) in entry["holidays"].items()},
        weekend_workdays=frozenset(day(md) for md in entry["working_saturdays"]),
    )

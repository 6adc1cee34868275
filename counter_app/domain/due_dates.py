"""Appointment dates: legal processing time counted on the counter's working calendar."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from counter_app.domain.working_time import (
    DEFAULT_SESSIONS,
    OVERRIDE_KINDS,
    CalendarError,
    CalendarOverride,
    Session,
    WorkCalendar,
    load_overrides,
)
from counter_app.domain.enums import DurationUnit

__all__ = [
    "DEFAULT_SESSIONS",
    "OVERRIDE_KINDS",
    "SAME_DAY_CUTOFF",
    "CalendarError",
    "CalendarOverride",
    "Duration",
    "Session",
    "WorkCalendar",
    "due_at",
    "extend_for_pause",
    "load_overrides",
]

#: Same-day procedures received at or after this time are returned the next working day.
SAME_DAY_CUTOFF = time(15, 0)


@dataclass(frozen=True)
class Duration:
    """A legal processing time: ``value`` (0 = same day, 0.5 = half a day, …) in ``unit``."""

    value: float
    unit: DurationUnit

    def __post_init__(self) -> None:
        if not isinstance(self.unit, DurationUnit):
            try:
                object.__setattr__(self, "unit", DurationUnit(self.unit))
            except ValueError:
                raise CalendarError("due_dates.bad_unit", unit=str(self.unit)) from None
        try:
            if isinstance(self.value, (bool, str, bytes)):
                raise TypeError
            value = float(self.value)
        except (TypeError, ValueError):
            raise CalendarError("due_dates.not_a_number", value=repr(self.value)) from None
        if not math.isfinite(value) or value < 0:
            raise CalendarError("due_dates.negative", value=str(self.value))
        if self.unit is DurationUnit.CALENDAR_DAYS and value != int(value):
            raise CalendarError("due_dates.calendar_days_whole", value=str(self.value))
        object.__setattr__(self, "value", value)

    @property
    def is_same_day(self) -> bool:
        """True for a procedure settled on the day it is received (value 0)."""
        return self.value == 0


def due_at(
    calendar: WorkCalendar,
    received_at: datetime,
    duration: Duration,
    same_day_cutoff: time | None = SAME_DAY_CUTOFF,
) -> datetime:
    """The appointment for a dossier received at *received_at* with legal time *duration*.

    1. The receipt is normalised to the next moment the counter is open: before opening it
       counts from the opening, over lunch from the afternoon session start, at or after
       closing and on a day off from the next working day's opening (sessions are
       half-open, so 17:00 sharp is already after closing).
    2. Same-day procedures (``value == 0``, whatever the unit): due at the close of the
       normalised day when the normalised receipt is at or before *same_day_cutoff*; after it
       ("sau 15 giờ": 15:00:00 itself is still the same day), due at the close of the next
       working day. ``same_day_cutoff=None`` disables the
       rule. A receipt after closing is normalised to the next morning first, so it is due
       at that day's close.
    3. Working days: counted in hours of session time, ``value × calendar.day_hours``
       (7.5 h with the default sessions), added from the normalised receipt with
       :meth:`WorkCalendar.add_working_hours`. Monday 09:00 + 3 working days is Thursday
       09:00; half a day is 3.75 h; a half-day override contributes only its own session
       hours. A due time falling exactly on a session end stays there (e.g. 17:00).
    4. Calendar days: ``value`` whole days are added to the normalised receipt, keeping its
       time. If that day is not a working day, the appointment moves to the next working
       day at the same time. The time is then moved to the next opening on that day if it
       falls outside the sessions, or to that day's close if no session is left.
    5. Working hours: ``value`` hours of session time from the normalised receipt.

    The result carries *received_at*'s tzinfo (naive in, naive out).
    """
    start = calendar.next_working_moment(received_at)
    tz = received_at.tzinfo
    if duration.is_same_day:
        day = start.date()
        if same_day_cutoff is not None and start.time() > same_day_cutoff:  # "sau 15 giờ": after it
            day = calendar.next_working_day(day)
        return calendar.day_close(day, tz)
    if duration.unit is DurationUnit.WORKING_DAYS:
        return calendar.add_working_hours(start, duration.value * calendar.day_hours)
    if duration.unit is DurationUnit.WORKING_HOURS:
        return calendar.add_working_hours(start, duration.value)
    target = start + timedelta(days=int(duration.value))
    day = target.date()
    if not calendar.is_working_day(day):
        day = calendar.next_working_day(day)
        target = datetime.combine(day, target.timetz())
    moment = calendar.next_working_moment(target)
    if moment.date() != day:
        return calendar.day_close(day, tz)
    return moment


def extend_for_pause(
    calendar: WorkCalendar, due: datetime, paused_at: datetime, resumed_at: datetime
) -> datetime:
    """The due date moved by the working time spent waiting for a supplement.

    The clock stops at *paused_at* (supplement requested) and restarts at *resumed_at*
    (dossier completed); the session time between them is added to *due* with
    :meth:`WorkCalendar.add_working_hours`. A pause entirely outside working time leaves
    *due* unchanged.
    """
    if resumed_at < paused_at:
        raise CalendarError("due_dates.resumed_before_paused")
    waited = calendar.working_hours_between(paused_at, resumed_at)
    if waited == 0:
        return due
    return calendar.add_working_hours(due, waited)

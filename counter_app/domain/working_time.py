"""The working calendar: sessions, public holidays, province overrides and working time."""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from counter_app.domain.errors import Message, Said, message
from counter_app.domain.public_holidays import YearHolidays, holidays_of

#: Override kinds: a day off, a full working day, only the morning, only the afternoon.
OVERRIDE_KINDS = ("off", "working", "morning", "afternoon")

#: Sessions starting before this time are "morning" ones (for half-day overrides).
NOON = time(12, 0)

#: A run of consecutive days without any session longer than this is a configuration error.
MAX_GAP_DAYS = 400

_SATURDAY = 5
_SUNDAY = 6


class CalendarError(ValueError):
    """A session, an override, an overrides file or a calendar that cannot be used; ``message``
    says what (a code and parameters: ui.messages has the words). A ValueError, as before."""

    def __init__(self, code: str, /, **params: Any):
        self.message: Message = message(code, **params)
        super().__init__(str(self.message))


@dataclass(frozen=True)
class Session:
    """One opening period of the counter within a day, ``start`` inclusive, ``end`` exclusive."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise CalendarError("working_time.session_order", start=f"{self.start:%H:%M}", end=f"{self.end:%H:%M}")

    @property
    def hours(self) -> float:
        """Length of the session in hours."""
        return (_seconds(self.end) - _seconds(self.start)) / 3600


DEFAULT_SESSIONS: tuple[Session, ...] = (
    Session(time(7, 30), time(11, 30)),
    Session(time(13, 30), time(17, 0)),
)


@dataclass(frozen=True)
class CalendarOverride:
    """A province's decision about one day; it wins over the public holidays and weekends.

    ``basis`` is the legal act it rests on (e.g. "Văn bản số 12729/VPCP-KGVX"); an entry
    without one is applied but shown to the administrator as unconfirmed.
    """

    day: date
    kind: str
    note: str = ""
    basis: str = ""

    @property
    def confirmed(self) -> bool:
        """True when the entry names the act it rests on."""
        return bool(self.basis.strip())

    def __post_init__(self) -> None:
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise CalendarError("working_time.override_day", day=repr(self.day))
        if self.kind not in OVERRIDE_KINDS:
            raise CalendarError("working_time.override_kind", kind=self.kind, kinds=", ".join(OVERRIDE_KINDS))

    @classmethod
    def from_dict(cls, entry: Any, *, where: Said | None = None) -> CalendarOverride:
        """Validate one ``{"date", "kind", "note"}`` object (the overrides file's and the sync
        feed's form); raise :class:`CalendarError` whose message names *where* (by default
        "the calendar override", ``working_time.where_override``)."""
        where = where if where is not None else message("working_time.where_override")
        if not isinstance(entry, dict):
            raise CalendarError("working_time.entry_not_object", where=where)
        unknown = sorted(set(entry) - {"date", "kind", "note", "basis"})
        if unknown:
            raise CalendarError("working_time.entry_unknown_fields", where=where, fields=", ".join(map(str, unknown)))
        raw_day = entry.get("date")
        try:
            if not isinstance(raw_day, str) or len(raw_day) != 10:
                raise ValueError
            day = date.fromisoformat(raw_day)
        except ValueError:
            raise CalendarError("working_time.entry_bad_date", where=where, value=str(raw_day)) from None
        kind = entry.get("kind")
        if kind not in OVERRIDE_KINDS:
            raise CalendarError("working_time.entry_bad_kind", where=where, kind=str(kind),
                                kinds=", ".join(OVERRIDE_KINDS))
        note = entry.get("note", "")
        if not isinstance(note, str):
            raise CalendarError("working_time.entry_note_not_text", where=where)
        basis = entry.get("basis", "") or ""
        if not isinstance(basis, str):
            raise CalendarError("working_time.entry_basis_not_text", where=where)
        return cls(day, kind, unicodedata.normalize("NFC", note.strip()), unicodedata.normalize("NFC", basis.strip()))

    def to_dict(self) -> dict[str, str]:
        """The overrides file's and the sync feed's form (``basis`` only when there is one, so
        an entry without it reads as before on counters that predate the field)."""
        out = {"date": self.day.isoformat(), "kind": self.kind, "note": self.note}
        if self.basis:
            out["basis"] = self.basis
        return out


def load_overrides(path: str | Path) -> list[CalendarOverride]:
    """Read a JSON list of ``{"date", "kind", "note", "basis"}`` objects; raise
    :class:`CalendarError` (a ValueError) on bad data.

    The message names the bad entry by its position, counted from 1 (``working_time.where_item``
    with index 1 is the first object of the list).
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CalendarError("working_time.file_not_json", name=path.name, line=exc.lineno, column=exc.colno) from exc
    if not isinstance(raw, list):
        raise CalendarError("working_time.file_not_list", name=path.name)
    out: list[CalendarOverride] = []
    seen: dict[date, int] = {}
    for index, entry in enumerate(raw, start=1):
        item = CalendarOverride.from_dict(entry, where=message("working_time.where_item", index=index))
        if item.day in seen:
            raise CalendarError("working_time.file_duplicate_day", index=index, day=item.day, first=seen[item.day])
        seen[item.day] = index
        out.append(item)
    return out


class WorkCalendar:
    """Working days and hours of one counter: Vietnam's public holidays (the table of
    ``counter_app.domain.public_holidays``) plus the province's overrides.

    Precedence for a day: an override; else a public holiday (no sessions); else a Saturday
    the holiday table lists as a swapped working day (full sessions); else Saturday
    (``saturday_sessions``, empty by default) and Sunday (none); else ``sessions``.
    Saturday sessions count as working time like any other; a ward that receives on Saturday
    without counting it towards deadlines should leave them empty here.
    Datetimes are local wall-clock times; naive and aware ones are both accepted (no DST in VN).
    """

    def __init__(
        self,
        sessions: Iterable[Session] = DEFAULT_SESSIONS,
        overrides: Iterable[CalendarOverride] = (),
        saturday_sessions: Iterable[Session] = (),
    ) -> None:
        self.sessions: tuple[Session, ...] = _check_sessions(tuple(sessions), allow_empty=False)
        self.saturday_sessions: tuple[Session, ...] = _check_sessions(
            tuple(saturday_sessions), allow_empty=True
        )
        self._overrides: dict[date, CalendarOverride] = {}
        for item in overrides:
            if item.day in self._overrides:
                raise CalendarError("working_time.day_overridden_twice", day=item.day)
            self._overrides[item.day] = item
        self._day_cache: dict[date, tuple[Session, ...]] = {}  # the calendar is immutable
        self._year_cum: dict[int, list[int]] = {}  # see _year_time
        self._year_runs: dict[int, tuple[int, int, int, int]] = {}  # days off: lead, trail, longest, days

    # -- days ---------------------------------------------------------------------------

    @property
    def day_hours(self) -> float:
        """Hours in one full working day: the total length of ``sessions`` (7.5 by default)."""
        return sum(s.hours for s in self.sessions)

    def override_on(self, d: date) -> CalendarOverride | None:
        """The province's override for *d*, if any."""
        return self._overrides.get(d)

    def sessions_on(self, d: date) -> tuple[Session, ...]:
        """The sessions the counter works on *d*; empty on a day off."""
        cached = self._day_cache.get(d)
        if cached is None:
            cached = self._day_cache[d] = self._compute_sessions_on(d)
        return cached

    def _compute_sessions_on(self, d: date) -> tuple[Session, ...]:
        override = self._overrides.get(d)
        if override is not None:
            if override.kind == "off":
                return ()
            if override.kind == "morning":
                return tuple(s for s in self.sessions if s.start < NOON)
            if override.kind == "afternoon":
                return tuple(s for s in self.sessions if s.start >= NOON)
            return self.sessions
        table = self._holidays(d.year)
        if d in table:
            return ()
        weekday = d.weekday()
        if weekday == _SATURDAY:
            if d in table.weekend_workdays:
                return self.sessions
            return self.saturday_sessions
        if weekday == _SUNDAY:
            return ()
        return self.sessions

    def is_working_day(self, d: date) -> bool:
        """True when the counter works at least one session on *d*."""
        return bool(self.sessions_on(d))

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after *d*."""
        day = d
        for _ in range(MAX_GAP_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise _no_working_day(d)

    def holiday_name(self, d: date) -> Said | None:
        """The name of the holiday or day off on *d*; None on a working day or weekend.

        A public holiday's name is the law's, in Vietnamese as the holiday table writes
        it (data); an override's note wins; a "working" override removes the holiday (None); a
        day off the province decided without a note is ``working_time.province_day_off``.
        """
        override = self._overrides.get(d)
        public = self._holidays(d.year).get(d)
        name = unicodedata.normalize("NFC", public) if public else None
        if override is None:
            return name
        if override.kind == "working":
            return None
        if override.note:
            return override.note
        if name is None and override.kind == "off":
            return message("working_time.province_day_off")
        return name

    # -- working time -------------------------------------------------------------------

    def next_working_moment(self, at: datetime) -> datetime:
        """*at* itself when the counter is open then, else the start of the next session.

        Sessions are half-open: at 11:30 or 17:00 the counter is already closed.
        """
        for start, end in self._intervals_from(at):
            if end > at:
                return start
        raise AssertionError("unreachable")  # pragma: no cover

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment when *hours* of session time have passed since *start*.

        A result that falls exactly on a session's end stays there (11:30, 17:00) rather
        than jumping to the next opening; with ``hours == 0`` *start* is returned when it is
        inside or at the end of a session, else the next session start.
        """
        if not math.isfinite(hours) or hours < 0:
            raise CalendarError("working_time.negative_hours", hours=str(hours))
        remaining = timedelta(hours=hours)
        for begin, end in self._intervals_from(start):
            if remaining <= end - begin:
                return begin + remaining
            remaining -= end - begin
        raise AssertionError("unreachable")  # pragma: no cover

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        """Session time between *a* and *b* in hours; negative when *b* is before *a*.

        The days strictly between the two are counted whole, from the session time summed per
        year once: a dossier late by months costs a subtraction, not a walk through every
        session (a scan of such a dossier took milliseconds)."""
        if b < a:
            return -self.working_hours_between(b, a)
        first, last = a.date(), b.date()
        if (last - first).days < 2:
            return self._walk(a, b).total_seconds() / 3600
        total = self._walk(a, datetime.combine(first + timedelta(days=1), time(), tzinfo=a.tzinfo))
        if (last - first).days < MAX_GAP_DAYS or self._longest_off(first.year, last.year) <= MAX_GAP_DAYS:
            # no run of days off in between can be too long (see _intervals_from)
            total += timedelta(microseconds=self._between(first + timedelta(days=1), last))
        else:
            gap = 0 if self.sessions_on(first) else 1
            day = first + timedelta(days=1)
            while day < last:
                day_time = self._between(day, day + timedelta(days=1))
                gap = 0 if day_time else gap + 1
                if gap > MAX_GAP_DAYS:
                    raise _no_working_day(first)
                total += timedelta(microseconds=day_time)
                day += timedelta(days=1)
            if not self.sessions_on(last) and gap + 1 > MAX_GAP_DAYS:
                raise _no_working_day(first)
        total += self._walk(datetime.combine(last, time(), tzinfo=a.tzinfo), b)
        return total.total_seconds() / 3600

    def _between(self, start: date, stop: date) -> int:
        """Session time of the whole days from *start* to before *stop*, in microseconds."""
        i, j = (start - date(start.year, 1, 1)).days, (stop - date(stop.year, 1, 1)).days
        if start.year == stop.year:
            cum = self._year_time(start.year)
            return cum[j] - cum[i]
        first = self._year_time(start.year)
        total = first[-1] - first[i]
        for year in range(start.year + 1, stop.year):
            total += self._year_time(year)[-1]
        return total + self._year_time(stop.year)[j]

    def _year_time(self, year: int) -> list[int]:
        """Session time from 1 January of *year* to before each of its days (and to its end),
        in microseconds: built once per year (with its runs of days off, :meth:`_longest_off`)."""
        cum = self._year_cum.get(year)
        if cum is None:
            cum, total, day = [0], 0, date(year, 1, 1)
            while day.year == year:
                for s in self.sessions_on(day):
                    total += (datetime.combine(day, s.end) - datetime.combine(day, s.start)) // timedelta(microseconds=1)
                cum.append(total)
                day += timedelta(days=1)
            off = [cum[i + 1] == cum[i] for i in range(len(cum) - 1)]
            lead = next((i for i, o in enumerate(off) if not o), len(off))
            trail = next((i for i, o in enumerate(reversed(off)) if not o), len(off))
            longest, run = 0, 0
            for o in off:
                run = run + 1 if o else 0
                longest = max(longest, run)
            self._year_runs[year] = (lead, trail, longest, len(off))
            self._year_cum[year] = cum
        return cum

    def _longest_off(self, first: int, last: int) -> int:
        """The longest run of days off within the years *first* to *last*, across their ends."""
        longest, carry = 0, 0
        for year in range(first, last + 1):
            self._year_time(year)
            lead, trail, inner, days = self._year_runs[year]
            longest = max(longest, inner, carry + lead)
            carry = carry + days if lead == days else trail
        return longest

    def _walk(self, a: datetime, b: datetime) -> timedelta:
        """Session time between *a* and *b* (b ≥ a), walking the sessions one by one."""
        total = timedelta()
        for begin, end in self._intervals_from(a, until=b.date()):
            if begin >= b:
                break
            total += min(end, b) - begin
        return total

    def day_close(self, d: date, tz: tzinfo | None = None) -> datetime:
        """The end of the last session on working day *d*."""
        sessions = self.sessions_on(d)
        if not sessions:
            raise CalendarError("working_time.not_a_working_day", day=d)
        return datetime.combine(d, sessions[-1].end, tzinfo=tz)

    # -- internals ----------------------------------------------------------------------

    def _holidays(self, year: int) -> YearHolidays:
        """The public holidays of *year* (read once per process, shared by every calendar)."""
        return holidays_of(year)

    def _intervals_from(
        self, start: datetime, until: date | None = None
    ) -> Iterator[tuple[datetime, datetime]]:
        """Session intervals ending at or after *start*, clipped to begin no earlier than it."""
        day = start.date()
        gap = 0
        while until is None or day <= until:
            sessions = self.sessions_on(day)
            gap = 0 if sessions else gap + 1
            if gap > MAX_GAP_DAYS:
                raise _no_working_day(start.date())
            for session in sessions:
                begin = datetime.combine(day, session.start, tzinfo=start.tzinfo)
                end = datetime.combine(day, session.end, tzinfo=start.tzinfo)
                if end >= start:
                    yield max(begin, start), end
            day += timedelta(days=1)


def _check_sessions(sessions: tuple[Session, ...], allow_empty: bool) -> tuple[Session, ...]:
    """Sessions must be in order and must not overlap."""
    if not sessions and not allow_empty:
        raise CalendarError("working_time.no_session")
    for before, after in zip(sessions, sessions[1:]):
        if after.start < before.end:
            raise CalendarError("working_time.sessions_overlap", first=f"{before.start:%H:%M}–{before.end:%H:%M}",
                                second=f"{after.start:%H:%M}–{after.end:%H:%M}")
    return sessions


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _no_working_day(d: date) -> CalendarError:
    return CalendarError("working_time.no_working_day", days=MAX_GAP_DAYS, day=d)

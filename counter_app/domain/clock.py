"""Vietnam wall time, whatever zone the PC is set to: the one clock of the counter.

The store keeps naive datetimes that mean Asia/Ho_Chi_Minh wall time (what a slip prints,
what the logbook shows, what a dossier code's YYMMDD is made of). Nothing in the application
may read the OS local time (``datetime.now()`` without a zone, ``date.today()``,
``time.localtime``, ``astimezone()`` without an argument, Qt's local date-times): a counter PC
left on UTC or on a laptop's home zone would print the wrong hour and date. Everything asks
this module instead. The zone comes from :mod:`zoneinfo`: the OS database on Linux, the
``tzdata`` package on Windows (which has no IANA database of its own).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

VN_ZONE_NAME = "Asia/Ho_Chi_Minh"
# Vietnam has kept UTC+7 without daylight saving since 1975: the fallback when no zone
# database can be found at all (a broken install), so that the counter still tells Vietnam time.
_VN_FIXED = timezone(timedelta(hours=7), "ICT")


def _load_zone() -> tuple[tzinfo, bool]:
    try:
        return ZoneInfo(VN_ZONE_NAME), True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return _VN_FIXED, False


VN_TZ, ZONEINFO_FOUND = _load_zone()


def now_vn() -> datetime:
    """The current Vietnam wall time, naive (as the store keeps it), microseconds kept."""
    return datetime.now(VN_TZ).replace(tzinfo=None)


def today_vn() -> date:
    """Today's date in Vietnam."""
    return now_vn().date()


def to_vn(value: datetime) -> datetime:
    """*value* as naive Vietnam wall time: an aware value is converted, a naive one is taken
    to be Vietnam wall time already and returned unchanged."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=None)
    return value.astimezone(VN_TZ).replace(tzinfo=None)


def aware_vn(value: datetime) -> datetime:
    """A naive Vietnam wall time as an aware datetime in the Vietnam zone (aware values are
    converted)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


def zone_status() -> dict[str, object]:
    """Where the zone came from, for the self-test and the About box."""
    return {"zone": VN_ZONE_NAME, "zoneinfo": ZONEINFO_FOUND,
            "utc_offset_now": str(datetime.now(VN_TZ).utcoffset())}

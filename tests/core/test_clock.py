"""counter_app.domain.clock: Vietnam wall time from zoneinfo, whatever the PC's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from counter_app.domain import clock


def test_now_vn_is_utc_plus_7_and_naive():
    before = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=7)
    now = clock.now_vn()
    after = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=7)
    assert now.tzinfo is None and before <= now <= after
    assert clock.today_vn() in (before.date(), after.date())


def test_the_zone_comes_from_zoneinfo():
    assert clock.ZONEINFO_FOUND and str(clock.VN_TZ) == "Asia/Ho_Chi_Minh"


def test_to_vn_converts_aware_values_and_keeps_naive_ones():
    assert clock.to_vn(datetime(2026, 3, 9, 23, 30, tzinfo=UTC)) == datetime(2026, 3, 10, 6, 30)
    new_york = timezone(timedelta(hours=-4))
    assert clock.to_vn(datetime(2026, 3, 9, 22, 0, tzinfo=new_york)) == datetime(2026, 3, 10, 9, 0)
    naive = datetime(2026, 3, 10, 14, 48)
    assert clock.to_vn(naive) == naive
    assert clock.aware_vn(naive).utcoffset() == timedelta(hours=7)
    assert clock.aware_vn(naive).astimezone(UTC).replace(tzinfo=None) == datetime(2026, 3, 10, 7, 48)


def test_no_module_reads_the_pcs_local_clock():
    """Every "now" and "today" of the application is Vietnam's (counter_app.domain.clock): a PC set to
    another zone must not shift a receipt, a set-up time or a file name."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    local = re.compile(r"\b(?:datetime\.now\(\)|datetime\.today\(\)|date\.today\(\)|time\.localtime\(|"
                       r"QDateTime\.currentDateTime\(\))")
    found = [f"{path.relative_to(root)}:{n}: {line.strip()}"
             for package in ("counter_app", "ui", "sync") for path in sorted((root / package).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if local.search(line) and not line.lstrip().startswith("#") and path.name != "clock.py"]
    assert found == []

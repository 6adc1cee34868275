"""Vietnam's public holidays as a table the application reads, made from the `holidays` library.

    python packaging/holiday_table.py          # writes resources/calendar/public_holidays_vn.json

The counter needs one country's holidays, yet `holidays` imports its 250 countries' modules
whenever one is asked for (``holidays.countries`` imports them all): about 270 ms of CPU on
the first due date a process computes (the first scan's card, the logbook's first page), more
once Qt's import hook reads each module's source. The table is the library's output for the
years a dossier can touch, with the names in Vietnamese and English and the Saturdays made
working days; ``tests/core/test_public_holidays.py`` fails when the installed library says
otherwise, so upgrading `holidays` means running this again (and the diff shows what changed).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "resources" / "calendar" / "public_holidays_vn.json"
FIRST_YEAR, LAST_YEAR = 2000, 2099


def library_year(year: int) -> dict:
    """One year as the library computes it: {"MM-DD": [vi, en]}, and the working Saturdays."""
    import holidays

    vi = holidays.country_holidays("VN", years=year, language="vi")
    en = holidays.country_holidays("VN", years=year, language="en_US")
    days = {d.strftime("%m-%d"): [unicodedata.normalize("NFC", vi[d]), en[d]] for d in sorted(vi)}
    workdays = sorted(d.strftime("%m-%d") for d in getattr(vi, "weekend_workdays", ()) if d.year == year)
    return {"holidays": days, "working_saturdays": workdays}


def build() -> dict:
    import holidays

    return {
        "source": f"holidays {holidays.__version__} (python-holidays), country VN",
        "first_year": FIRST_YEAR, "last_year": LAST_YEAR,
        "years": {str(year): library_year(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)},
    }


def render(table: dict) -> str:
    """JSON with a year per line, so that a regeneration's diff shows the years that changed."""
    head = {key: value for key, value in table.items() if key != "years"}
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "years": {']
    years = sorted(table["years"].items())
    for i, (year, content) in enumerate(years):
        comma = "," if i < len(years) - 1 else ""
        lines.append(f"{json.dumps(year)}: {json.dumps(content, ensure_ascii=False, sort_keys=True)}{comma}")
    lines.append("}}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == table
    return text


def main() -> int:
    TABLE.write_text(render(build()), encoding="utf-8", newline="\n")
    print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

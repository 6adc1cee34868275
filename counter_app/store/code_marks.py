"""The high-water marks of this workstation's dossier numbers, kept beside the database so
that restoring a backup cannot rewind them.

A restore puts an older database in place: its highest number of the day is lower than the
highest one already printed on a slip (and maybe already held by the province). A mark is
the end of the block of numbers reserved ahead (``counter_app.store.code_sequences.allocate_code``): after a
restore the next number comes after it. The marks live in ``<profile>/code-marks/YYYY-MM.json``
(one small file a month: a write stays small however long the profile lives), are raised in
the write transaction that reserves a block, before it commits (a mark may run ahead of the
database, never behind it), and are written durably
(a temporary file, fsync, atomic rename, fsync of the folder where the OS allows it). They
are also raised from the file a restore sets aside and from what the provincial server
reports of this workstation's codes. A mark never goes down.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from counter_app.store.storage import JsonMapsCache, read_json_maps, write_json_durably

MARKS_DIR = "code-marks"
#: The day this workstation last raised its marks from the server's record of its codes
#: (cleared by a restore, so that the next sync round asks again).
SERVER_CHECKED_ON = "sync.code_marks_checked_on"  # sync.*: bookkeeping, not reference data

#: One mark: (agency identifier, workstation number, day, highest number given that day).
Mark = tuple[str, int, date, int]


class CodeMarks:
    """The marks of one profile folder; every method reads or writes the files directly.

    Each month file holds two maps of the same shape, agency → workstation → day → number:
    ``marks``, the end of the block of numbers reserved so far (the database's own numbers
    stay at or below it), and ``floors``, numbers the next one must come after whatever the
    database says: set to the marks by a restore (the restored file does not know which
    reserved numbers were given after it was made) and to the province's numbers by a sync.
    """

    def __init__(self, profile_dir: Path | str):
        self.folder = Path(profile_dir) / MARKS_DIR
        self._cache = JsonMapsCache(("marks", "floors"))  # read at every save: see read()
        self._files: dict[tuple[int, int], Path] = {}

    def _file(self, day: date) -> Path:
        path = self._files.get((day.year, day.month))
        if path is None:
            path = self._files[day.year, day.month] = self.folder / f"{day:%Y-%m}.json"
        return path

    def _read_month(self, path: Path) -> dict[str, dict]:
        # An unreadable file is set aside and read as empty: the database and the next raise
        # (set-aside file, server) still bound the numbers.
        return read_json_maps(path, ("marks", "floors"))

    @staticmethod
    def _value(tree: dict, agency_id: str, workstation_no: int, day: date) -> int | None:
        value = tree.get(agency_id, {}).get(str(workstation_no), {}).get(day.isoformat())
        return int(value) if isinstance(value, int) else None

    def read(self, agency_id: str, workstation_no: int, day: date) -> tuple[int | None, int | None]:
        """``(mark, floor)`` of this workstation on *day* (None where there is none). The file
        is parsed again only when it was replaced since it was last read (by any process)."""
        month = self._cache.read(self._file(day))
        return (self._value(month["marks"], agency_id, workstation_no, day),
                self._value(month["floors"], agency_id, workstation_no, day))

    def get(self, agency_id: str, workstation_no: int, day: date) -> int | None:
        """The end of the block reserved by this workstation on *day*, or None."""
        return self.read(agency_id, workstation_no, day)[0]

    def raise_to(self, marks: Iterable[Mark], *, floor: bool = False) -> int:
        """Raise each mark (and with *floor*, each floor too) to at least its given number,
        durably; returns how many values moved."""
        by_month: dict[Path, list[Mark]] = {}
        for mark in marks:
            by_month.setdefault(self._file(mark[2]), []).append(mark)
        moved = 0
        for path, month_marks in by_month.items():
            month = self._read_month(path)
            changed = 0
            for agency_id, workstation_no, day, seq in month_marks:
                for name in ("marks", "floors") if floor else ("marks",):
                    days = month[name].setdefault(agency_id, {}).setdefault(str(int(workstation_no)), {})
                    current = days.get(day.isoformat())
                    if not isinstance(current, int) or int(seq) > current:
                        days[day.isoformat()] = int(seq)
                        changed += 1
            if changed:
                self._cache.forget(path)
                write_json_durably(path, {"version": 1, **month})
                moved += changed
        return moved

    def floor_at_marks(self) -> int:
        """After a restore: every floor is raised to its mark, so that numbering resumes after
        each block reserved so far. Returns how many floors moved."""
        return self.raise_to(self.all(), floor=True)

    def all(self) -> list[Mark]:
        """Every mark, in no particular order."""
        out: list[Mark] = []
        if not self.folder.is_dir():
            return out
        for path in sorted(self.folder.glob("*.json")):
            for agency_id, stations in self._read_month(path)["marks"].items():
                for number, days in stations.items():
                    for iso, seq in days.items():
                        out.append((agency_id, int(number), date.fromisoformat(iso), int(seq)))
        return out

"""The high-water marks of this workstation's yearly series (logbook lines, form numbers),
kept beside the database so that restoring a backup cannot make it print a number twice.

The logbook's "Số thứ tự" and a form's "Số: …" are printed on paper the citizen takes home.
A restore puts an older database in place, which has forgotten the lines and numbers given
since the backup; form numbers are never sent to the province, so nothing would bring them
back. As for the dossier codes (:mod:`counter_app.store.code_marks`), numbers are reserved in
blocks of :data:`RESERVE`: the end of the block (the mark) is raised durably inside the write
transaction, before it commits, so a mark may run ahead of the database, never behind it. A
restore raises the marks from the file it sets aside, then sets each floor to its mark: the
next number comes after everything given before the restore. One small file a year,
``<profile>/number-marks/YYYY.json``: agency → series → workstation → number, in two maps,
``marks`` and ``floors``. A mark never goes down.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import Session

from counter_app.store import crypt
from counter_app.store.storage import JsonMapsCache, read_json_maps, write_json_durably

MARKS_DIR = "number-marks"
#: The series of the logbook's lines (Sổ theo dõi hồ sơ).
LOGBOOK = "logbook"
#: Numbers reserved by one durable write of a mark (a restore skips at most this many).
RESERVE = 10

#: One mark: (agency identifier, series, workstation number, year, highest number reserved).
Mark = tuple[str, str, int, int, int]


def form_series(kind: str) -> str:
    """The series of a kind of form's "Số: …" (one per agency, kind and year)."""
    return f"form:{kind}"


class NumberMarks:
    """The yearly marks of one profile folder; every method reads or writes the files directly."""

    def __init__(self, profile_dir: Path | str):
        self.folder = Path(profile_dir) / MARKS_DIR
        self._cache = JsonMapsCache(("marks", "floors"))  # read at every save: see read()
        self._files: dict[int, Path] = {}

    def _file(self, year: int) -> Path:
        path = self._files.get(year)
        if path is None:
            path = self._files[year] = self.folder / f"{int(year):04d}.json"
        return path

    def _read_year(self, path: Path) -> dict[str, dict]:
        # An unreadable file is set aside and read as empty: the database and the next
        # restore's set-aside file still bound the numbers.
        return read_json_maps(path, ("marks", "floors"))

    @staticmethod
    def _value(tree: dict, agency_id: str, series: str, workstation_no: int) -> int | None:
        value = tree.get(agency_id, {}).get(series, {}).get(str(int(workstation_no)))
        return value if isinstance(value, int) else None

    def read(self, agency_id: str, series: str, workstation_no: int, year: int) -> tuple[int | None, int | None]:
        """``(mark, floor)`` of this workstation's part of the series in *year* (None: none).
        The file is parsed again only when it was replaced since it was last read (by any process)."""
        data = self._cache.read(self._file(year))
        return (self._value(data["marks"], agency_id, series, workstation_no),
                self._value(data["floors"], agency_id, series, workstation_no))

    def raise_to(self, marks: Iterable[Mark], *, floor: bool = False) -> int:
        """Raise each mark (with *floor*, each floor too) to at least its number, durably;
        returns how many values moved."""
        by_year: dict[int, list[Mark]] = {}
        for mark in marks:
            by_year.setdefault(int(mark[3]), []).append(mark)
        moved = 0
        for year, year_marks in by_year.items():
            path = self._file(year)
            data = self._read_year(path)
            changed = 0
            for agency_id, series, workstation_no, _year, number in year_marks:
                for name in ("marks", "floors") if floor else ("marks",):
                    stations = data[name].setdefault(agency_id, {}).setdefault(series, {})
                    current = stations.get(str(int(workstation_no)))
                    if not isinstance(current, int) or int(number) > current:
                        stations[str(int(workstation_no))] = int(number)
                        changed += 1
            if changed:
                self._cache.forget(path)
                write_json_durably(path, {"version": 1, **data})
                moved += changed
        return moved

    def all(self) -> list[Mark]:
        """Every mark, in no particular order."""
        out: list[Mark] = []
        if not self.folder.is_dir():
            return out
        for path in sorted(self.folder.glob("[0-9][0-9][0-9][0-9].json")):
            year = int(path.stem)
            for agency_id, series_map in self._read_year(path)["marks"].items():
                for series, stations in series_map.items():
                    for number, value in stations.items():
                        if isinstance(value, int):
                            out.append((agency_id, series, int(number), year, value))
        return out

    def floor_at_marks(self) -> int:
        """After a restore: every floor is raised to its mark. Returns how many floors moved."""
        return self.raise_to(self.all(), floor=True)


def next_number(session: Session, agency_id: str, series: str, year: int, workstation_no: int,
                stride: int, last: int | None) -> int:
    """The next number of this workstation's part of *series* in *year*, after *last* (the
    database's highest) or the floor kept outside the database when that is higher; raises
    the mark to the end of a new block first when the number passes it (inside the caller's
    write transaction, so before it commits). Workstation W of stride S numbers W, W + S, …"""
    marks: NumberMarks | None = session.info.get("number_marks")
    mark = None
    if marks is not None:
        mark, floor = marks.read(agency_id, series, workstation_no, year)
        if floor is not None and (last is None or floor > last):
            last = floor
    number = workstation_no if last is None else last + stride
    if marks is not None and (mark is None or number > mark):
        marks.raise_to([(agency_id, series, workstation_no, year, number + (RESERVE - 1) * stride)])
    return number


def numbers_in_database(path: Path | str, key: bytes | None = None) -> list[Mark]:
    """The highest logbook line and form number per agency, series, workstation and year in a
    database file (read only; what a damaged file cannot answer is left out)."""
    queries = (
        "SELECT agency_id, 'logbook', workstation_no, logbook_year, MAX(logbook_line) FROM dossier "
        "WHERE logbook_year IS NOT NULL GROUP BY agency_id, workstation_no, logbook_year",
        "SELECT agency_id, 'form:' || kind, workstation_no, year, MAX(seq) FROM form_number "
        "GROUP BY agency_id, kind, workstation_no, year",
    )
    try:
        conn = crypt.connect(path, key=key, read_only=True)
    except crypt.Error:
        return []
    out: list[Mark] = []
    try:
        for query in queries:
            try:
                rows = conn.execute(query).fetchall()
            except crypt.Error:
                continue
            for agency_id, series, workstation_no, year, number in rows:
                try:
                    out.append((str(agency_id), str(series), int(workstation_no), int(year), int(number)))
                except (TypeError, ValueError):
                    continue
    finally:
        conn.close()
    return out

"""A logbook line or a form number printed on paper is never printed again, even after a
restore rewinds the database (issue 11, items 4 and 5, with issue 12's restore in mind)."""

from __future__ import annotations

import shutil
from datetime import datetime

from sqlalchemy import select

from counter_app.store import backup
from counter_app.store.models import Dossier, FormNumber
from counter_app.store.number_marks import LOGBOOK, MARKS_DIR, RESERVE, NumberMarks, form_series
from counter_app.services import printing
from counter_app.services.receiving import receive

T0 = datetime(2026, 3, 10, 9, 0)


def _receive_and_number(store, make_draft, n: int) -> list[tuple[int, str]]:
    """Receive *n* dossiers and print a receipt slip of each: (logbook line, "Số: …") each."""
    out = []
    for i in range(n):
        receipt = receive(store, make_draft(applicant_name=f"Trần Thị Bình {chr(65 + i)}"), "canbo1", now=T0)
        with store.write() as session:
            printing.queue_slip(session, "receipt", receipt.id, "canbo1", None, now=T0)
        with store.read() as session:
            line = session.scalar(select(Dossier.logbook_line).where(Dossier.id == receipt.id))
            number = session.scalar(select(FormNumber.number).where(FormNumber.dossier_id == receipt.id,
                                                                    FormNumber.kind == "receipt"))
        out.append((line, number))
    return out


def _backup_number_restore(store, profile_dir, make_draft, *, lose_marks: bool = False):
    before = _receive_and_number(store, make_draft, 1)
    info = backup.backup_now(store, profile_dir, now=T0, reason="manual")
    given = before + _receive_and_number(store, make_draft, 2)  # printed, then lost by the restore
    if lose_marks:  # a profile from before the marks, or the folder deleted by hand
        shutil.rmtree(profile_dir / MARKS_DIR)
    result = backup.restore_backup(profile_dir, info.path, store=store, now=T0)
    return given, result


def test_after_a_restore_no_printed_line_or_number_is_given_again(store, profile_dir, make_draft):
    given, result = _backup_number_restore(store, profile_dir, make_draft)
    try:
        after = _receive_and_number(result.store, make_draft, 2)
    finally:
        result.store.dispose()
    assert [line for line, _ in given] == [1, 11, 21]
    assert [number for _, number in given] == ["1/GTN", "11/GTN", "21/GTN"]
    lines_given = {line for line, _ in given}
    numbers_given = {number for _, number in given}
    assert not {line for line, _ in after} & lines_given
    assert not {number for _, number in after} & numbers_given
    # The first line reserved 1..91 (RESERVE at a time): numbering resumes after the block.
    first_block_end = 1 + (RESERVE - 1) * 10
    assert [line for line, _ in after] == [first_block_end + 10, first_block_end + 20]
    assert [number for _, number in after] == [f"{first_block_end + 10}/GTN", f"{first_block_end + 20}/GTN"]


def test_marks_lost_too_are_raised_from_the_set_aside_file(store, profile_dir, make_draft):
    given, result = _backup_number_restore(store, profile_dir, make_draft, lose_marks=True)
    try:
        after = _receive_and_number(result.store, make_draft, 1)
    finally:
        result.store.dispose()
    assert after == [(31, "31/GTN")]  # after the set-aside file's 21, never one of 1, 11, 21
    assert not set(after) & set(given)


def test_lines_are_reserved_in_blocks_before_the_commit_and_a_mark_never_goes_down(store, profile_dir, make_draft):
    marks = NumberMarks(profile_dir)
    _receive_and_number(store, make_draft, 1)
    agency = _agency(store)
    assert marks.read(agency, LOGBOOK, 1, 2026) == (91, None)  # 1, 11, …, 91 reserved by one write
    assert marks.read(agency, form_series("receipt"), 1, 2026) == (91, None)
    _receive_and_number(store, make_draft, 9)  # lines 11..91: inside the block, no new write
    assert marks.read(agency, LOGBOOK, 1, 2026)[0] == 91
    _receive_and_number(store, make_draft, 1)  # line 101 passes it: the next block
    assert marks.read(agency, LOGBOOK, 1, 2026)[0] == 191
    assert marks.raise_to([(agency, LOGBOOK, 1, 2026, 50)]) == 0
    assert marks.read(agency, LOGBOOK, 1, 2026)[0] == 191


def test_a_new_year_starts_its_own_series_of_marks(store, profile_dir, make_draft):
    receive(store, make_draft(received_at=datetime(2026, 12, 31, 9, 0)), "canbo1", now=datetime(2026, 12, 31, 9, 0))
    receive(store, make_draft(received_at=datetime(2027, 1, 2, 9, 0)), "canbo1", now=datetime(2027, 1, 2, 9, 0))
    marks = NumberMarks(profile_dir)
    agency = _agency(store)
    assert marks.read(agency, LOGBOOK, 1, 2026)[0] == 91 and marks.read(agency, LOGBOOK, 1, 2027)[0] == 91
    assert sorted(p.name for p in (profile_dir / MARKS_DIR).iterdir()) == ["2026.json", "2027.json"]


def test_an_unreadable_marks_file_is_kept_aside_and_the_database_still_bounds_the_numbers(store, profile_dir,
                                                                                           make_draft):
    _receive_and_number(store, make_draft, 2)
    path = profile_dir / MARKS_DIR / "2026.json"
    path.write_bytes(b"\x00not json")
    assert _receive_and_number(store, make_draft, 1)[0] == (21, "21/GTN")
    assert (profile_dir / MARKS_DIR / "2026.json.unreadable").exists()


def _agency(store) -> str:
    with store.read() as session:
        return session.scalar(select(Dossier.agency_id).limit(1)) or ""

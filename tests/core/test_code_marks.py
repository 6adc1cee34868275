"""A dossier code is never given twice, even after a restore rewinds the database (issue 12, item 2)."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

from counter_app.store import backup
from counter_app.domain import dossier_codes
from counter_app.store import code_sequences
from counter_app.store.code_marks import MARKS_DIR, CodeMarks
from counter_app.services.receiving import receive

AGENCY = "000.00.14.H56"
DAY = datetime(2026, 3, 10, 9, 0)


def _receive(store, make_draft, n: int) -> list[str]:
    return [receive(store, make_draft(applicant_name=f"Nguyễn Văn An {chr(65 + i)}"), "canbo1", now=DAY).code
            for i in range(n)]


def _backup_receive_restore(store, profile_dir, make_draft, *, lose_marks: bool = False):
    """Repro A: back up, receive two dossiers, restore the backup; returns (given, reopened store)."""
    before = _receive(store, make_draft, 1)
    info = backup.backup_now(store, profile_dir, now=DAY, reason="manual")
    given = before + _receive(store, make_draft, 2)
    if lose_marks:  # a profile from before the marks, or marks deleted by hand
        shutil.rmtree(profile_dir / MARKS_DIR)
    result = backup.restore_backup(profile_dir, info.path, store=store, now=DAY)
    return given, result


def test_after_a_restore_the_next_dossier_gets_a_new_code(store, profile_dir, make_draft):
    given, result = _backup_receive_restore(store, profile_dir, make_draft)
    try:
        after = _receive(result.store, make_draft, 2)
    finally:
        result.store.dispose()
    assert given == [f"{AGENCY}-260310-0001", f"{AGENCY}-260310-0011", f"{AGENCY}-260310-0021"]
    # The first number reserved 1..91 (code_sequences.RESERVE at a time); the restored file no longer
    # holds that reservation, so numbering resumes after the whole block: a gap, no repeat.
    assert after == [f"{AGENCY}-260310-0101", f"{AGENCY}-260310-0111"]


def test_marks_lost_too_are_raised_from_the_set_aside_file(store, profile_dir, make_draft):
    given, result = _backup_receive_restore(store, profile_dir, make_draft, lose_marks=True)
    assert CodeMarks(profile_dir).all() == [(AGENCY, 1, date(2026, 3, 10), 21)]
    try:
        [after] = _receive(result.store, make_draft, 1)
    finally:
        result.store.dispose()
    assert after not in given and after == f"{AGENCY}-260310-0031"


def test_numbers_are_reserved_in_blocks_and_a_mark_never_goes_down(store, profile_dir, make_draft):
    marks = CodeMarks(profile_dir)
    day = date(2026, 3, 10)
    assert _receive(store, make_draft, 1) == [f"{AGENCY}-260310-0001"]
    assert marks.get(AGENCY, 1, day) == 91  # written before the commit: 1, 11, …, 91 reserved
    assert marks.raise_to([(AGENCY, 1, day, 0)]) == 0 and marks.get(AGENCY, 1, day) == 91
    assert _receive(store, make_draft, 9)[-1] == f"{AGENCY}-260310-0091"
    assert marks.get(AGENCY, 1, day) == 91  # nine numbers, no write
    assert _receive(store, make_draft, 1) == [f"{AGENCY}-260310-0101"] and marks.get(AGENCY, 1, day) == 191
    # A save that fails after its number was made gave nothing (no slip is printed before the
    # commit): the next dossier gets that number.
    with pytest.raises(RuntimeError):
        with store.write() as session:
            code_sequences.allocate_code(session, AGENCY, day, 1, 10)
            raise RuntimeError("the save failed after the code was made")
    assert _receive(store, make_draft, 1) == [f"{AGENCY}-260310-0111"]


def test_a_mark_raised_from_outside_moves_the_next_number_past_it(store, profile_dir, make_draft):
    _receive(store, make_draft, 1)
    marks = CodeMarks(profile_dir)
    marks.raise_to([(AGENCY, 1, date(2026, 3, 10), 301)])  # a mark alone (the demo's): no jump
    assert _receive(store, make_draft, 1) == [f"{AGENCY}-260310-0011"]
    marks.raise_to([(AGENCY, 1, date(2026, 3, 10), 501)], floor=True)  # the province holds 501
    assert _receive(store, make_draft, 1) == [f"{AGENCY}-260310-0511"]
    assert marks.read(AGENCY, 1, date(2026, 3, 10)) == (601, 501)  # 511…601 reserved


def test_an_unreadable_marks_file_is_kept_aside_and_the_database_still_counts(store, profile_dir, make_draft):
    _receive(store, make_draft, 2)
    month = profile_dir / MARKS_DIR / "2026-03.json"
    month.write_bytes(b'{"marks": {"000.00.14.H56": {"1": {"2026-03-10": 1')  # torn by hand
    assert _receive(store, make_draft, 1) == [f"{AGENCY}-260310-0021"]  # the database still counts
    assert (profile_dir / MARKS_DIR / "2026-03.json.unreadable").exists()
    assert CodeMarks(profile_dir).get(AGENCY, 1, date(2026, 3, 10)) == 111


@pytest.mark.parametrize("year", [1999, 2100])
def test_a_code_is_only_made_for_a_year_its_two_digits_read_back_as(year):
    with pytest.raises(ValueError):
        dossier_codes.format_code(AGENCY, date(year, 3, 10), 1)
    assert dossier_codes.parse_code(dossier_codes.format_code(AGENCY, date(2099, 12, 31), 1)).day == date(2099, 12, 31)


def test_a_mark_another_process_raised_is_read_at_once(profile_dir):
    """The marks are parsed again only when their file was replaced: a raise by another
    process (here another instance on the same folder) is seen at the next read."""
    ours, theirs = CodeMarks(profile_dir), CodeMarks(profile_dir)
    day = DAY.date()
    assert ours.read(AGENCY, 1, day) == (None, None)
    for n in range(1, 30):  # again and again, as fast as the files can be replaced
        theirs.raise_to([(AGENCY, 1, day, n)], floor=n % 2 == 0)
        mark, floor = ours.read(AGENCY, 1, day)
        assert mark == n and floor == (n if n % 2 == 0 else (n - 1 or None))
    shutil.rmtree(profile_dir / MARKS_DIR)
    assert ours.read(AGENCY, 1, day) == (None, None)

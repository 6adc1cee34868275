"""The merge rule both sides apply to a dossier's shared history (counter_app.domain.merge)."""

from __future__ import annotations

import itertools

from counter_app.domain.merge import COUNTER, DEPARTMENT, LocalRow, MergeEvent, fold, versions_of_local


def counter(id_, version, from_status, to_status, kind="x", base=None):
    return MergeEvent(id_, COUNTER, kind, version, version - 1 if base is None else base, from_status, to_status)


def department(id_, version, to_status, from_status=None):
    return MergeEvent(id_, DEPARTMENT, "remote_status", version, version - 1, from_status, to_status)


def test_a_department_result_and_a_concurrent_hand_over_end_on_the_result_with_a_new_version():
    events = [counter("c1", 1, None, 2), counter("c2", 1 + 1, 2, 4), department("d2", 2, 9, 2)]
    for order in itertools.permutations(events):
        merged = fold(order)
        assert (merged.status, merged.version) == (9, 3)
        assert [e.id for e in merged.history] == ["c1", "c2", "d2"]
        assert merged.applied == {"c1", "c2", "d2"}


def test_a_counter_change_made_from_a_status_the_dossier_no_longer_has_is_overtaken():
    # The counter asked for a supplement and recorded it (5 -> 2) while a department moved it to 4.
    events = [counter("c1", 1, None, 2), counter("c2", 2, 2, 5), counter("c3", 3, 5, 2), department("d2", 2, 4, 2)]
    merged = fold(events)
    assert (merged.status, merged.version) == (4, 4)
    assert [e.id for e in merged.history] == ["c1", "c2", "d2", "c3"]
    assert "c3" not in merged.applied and merged.deciding.id == "d2"


def test_a_recording_changes_neither_status_nor_version():
    base = [counter("c1", 1, None, 2), counter("c2", 2, 2, 4), department("d2", 2, 9, 2)]
    printed = counter("p", 3, 4, 4, kind="slip_printed", base=3)
    assert (fold(base + [printed]).status, fold(base + [printed]).version) == (9, 3)
    assert fold(base + [printed]).history[-1].id == "p"


def test_an_edit_keeps_the_status_and_takes_a_version():
    merged = fold([counter("c1", 1, None, 2), counter("e", 2, 2, 2, kind="edited"), department("d3", 3, 9, 2)])
    assert (merged.status, merged.version) == (9, 3)


def test_the_counter_s_own_events_get_the_versions_it_gave_them():
    rows = [LocalRow("c1", "received", "local", None, 2, None),
            LocalRow("c2", "handed_over", "local", 2, 4, None),
            LocalRow("d2", "remote_status", "remote", 2, 9, 2),   # pulled after the hand-over
            LocalRow("p", "slip_printed", "local", 9, 9, None),
            LocalRow("c4", "returned", "local", 9, 10, None)]
    events = versions_of_local(rows)
    assert [(e.id, e.version, e.base_version) for e in events] == [
        ("c1", 1, 0), ("c2", 2, 1), ("d2", 2, 1), ("p", 3, 3), ("c4", 4, 3)]
    assert (fold(events).status, fold(events).version) == (10, 4)

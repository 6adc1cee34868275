"""The history proves itself: an attacker with sqlite3 and the file edits events and dossier
rows behind the application, and `check` names each edit, insertion, removal and reordering."""

from __future__ import annotations

import json
import shutil
from datetime import datetime

from counter_app.store import crypt
import pytest

from counter_app.store.db import open_store
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS, create_demo
from counter_app.domain.drafts import DossierDraft
from counter_app.domain.enums import DossierStatus
from counter_app.store.history_chain import GENESIS, event_hash, id_text
from counter_app.store.history_verify import verify_history
from counter_app.services import actions
from counter_app.services.editing import edit_after_receipt
from counter_app.services.receiving import receive
from counter_app.services.remote import apply_changes
from counter_app.services.setup import initialise_profile
from ui.cli.main import main
from ui.messages import said_text

NOW = datetime(2026, 3, 10, 10, 0)
CHAIN_KINDS = {"event_edited", "event_inserted", "event_removed", "events_reordered", "row_edited"}


def sample_draft(**overrides) -> DossierDraft:
    fields = dict(procedure_code="1.001193", applicant_name="Nguyễn Văn An", id_number="001092012345",
                  address="Số 1 Trần Phú, phường Hải Châu, Đà Nẵng", phone="0912345678",
                  received_at=datetime(2026, 3, 10, 9, 0))
    return DossierDraft(**{**fields, **overrides})


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A profile whose first dossier has a history written by every path: receiving (raw
    INSERTs), actions and an edit (ORM), and a department's change pulled from the server."""
    profile = tmp_path_factory.mktemp("chain") / "profile"
    store = open_store(profile)
    initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
    try:
        first = receive(store, sample_draft(), "canbo1", now=NOW)
        receive(store, sample_draft(applicant_name="Đặng Văn Đức"), "canbo1", now=NOW)
        actions.hand_over(store, first.code, "canbo1", department="Tư pháp - Hộ tịch", now=NOW)
        with store.write() as session:
            done = apply_changes(session, [{"seq": 1, "kind": "dossier_status", "data": {
                "dossier_id": first.id, "event_id": "0190f0aa-0000-7000-8000-000000000001",
                "to_status": int(DossierStatus.PROCESSING), "at": "2026-03-10T11:00:00", "by": "Phòng Tư pháp",
                "version": 3}}])
        assert done.statuses == 1
        actions.result_ready(store, first.code, "canbo1", now=datetime(2026, 3, 10, 14, 0))
        edit_after_receipt(store, first.code, "giamsat", {"phone": "0987654321"}, reason="Sai số",
                           now=datetime(2026, 3, 10, 15, 0))
    finally:
        store.dispose()
    return profile, first.code


@pytest.fixture
def profile(template, tmp_path):
    source, code = template
    target = tmp_path / "profile"
    shutil.copytree(source, target)
    return target, code


def attack(profile, *statements):
    """What someone with the file and sqlite3 does: drop the append-only triggers, write."""
    con = crypt.connect(profile / "counter.sqlite3")
    con.execute("DROP TRIGGER IF EXISTS dossier_event_no_update")
    con.execute("DROP TRIGGER IF EXISTS dossier_event_no_delete")
    for sql, *params in statements:
        con.execute(sql, tuple(params))
    con.commit()
    con.close()


def events_of(profile, code):
    con = crypt.connect(profile / "counter.sqlite3")
    con.row_factory = crypt.dbapi.Row
    rows = con.execute("SELECT e.* FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id "
                       "WHERE d.code = ? ORDER BY e.seq", (code,)).fetchall()
    con.close()
    return [dict(r) for r in rows]


def hashed(row):
    """An event row as its hash covers it: ids as text (they are stored as their 16 bytes)."""
    return {**row, "id": id_text(row["id"]), "officer_id": id_text(row["officer_id"])}


def findings(profile):
    store = open_store(profile)
    try:
        with store.read() as session:
            return [p for p in verify_history(session) if p.kind in CHAIN_KINDS]
    finally:
        store.dispose()


def test_every_write_path_chains_and_seals_so_an_untouched_profile_is_clean(profile):
    path, code = profile
    events = events_of(path, code)
    assert [e["kind"] for e in events] == ["received", "handed_over", "remote_status", "result_ready", "edited"]
    assert events[0]["prev_hash"] == bytes.fromhex(GENESIS)  # digests are stored as their 32 bytes
    assert all(type(e[k]) is bytes and len(e[k]) == 32 for e in events for k in ("prev_hash", "hash"))
    assert all(type(e["id"]) is bytes and len(e["id"]) == 16 for e in events)  # UUIDs as their 16 bytes
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(events, events[1:]))
    assert events[2]["origin"] == "remote" and events[2]["officer_name"] == "Phòng Tư pháp"
    assert findings(path) == []


def _seq(events, kind):
    return next(e["seq"] for e in events if e["kind"] == kind)


# Each scenario: (name, the attack given the dossier's events, the event named (a kind), what is said).
EVENT_SCENARIOS = {
    "who": (lambda ev: [("UPDATE dossier_event SET officer_name = 'Nguyễn Giả Mạo', officer_id = NULL WHERE seq = ?",
                         _seq(ev, "handed_over"))], "handed_over", "event_edited"),
    "when": (lambda ev: [("UPDATE dossier_event SET at = '2026-03-10 08:00:00.000000' WHERE seq = ?",
                          _seq(ev, "result_ready"))], "result_ready", "event_edited"),
    "what": (lambda ev: [("UPDATE dossier_event SET to_status = 10 WHERE seq = ?",
                          _seq(ev, "result_ready"))], "result_ready", "event_edited"),
    "kind": (lambda ev: [("UPDATE dossier_event SET kind = 'withdrawn' WHERE seq = ?",
                          _seq(ev, "handed_over"))], "handed_over", "event_edited"),
    "payload": (lambda ev: [("UPDATE dossier_event SET data = ? WHERE seq = ?",
                             json.dumps({"department": "Phòng khác"}), _seq(ev, "handed_over"))],
                "handed_over", "event_edited"),
    "remove the tail": (lambda ev: [("DELETE FROM dossier_event WHERE seq = ?", ev[-1]["seq"])],
                        "result_ready", "event_removed"),
    "remove a middle event": (lambda ev: [("DELETE FROM dossier_event WHERE seq = ?", _seq(ev, "remote_status"))],
                              "result_ready", "event_removed"),
    "reorder": (lambda ev: [("UPDATE dossier_event SET seq = -1 WHERE seq = ?", _seq(ev, "handed_over")),
                            ("UPDATE dossier_event SET seq = ? WHERE seq = ?", _seq(ev, "handed_over"),
                             _seq(ev, "remote_status")),
                            ("UPDATE dossier_event SET seq = ? WHERE seq = -1", _seq(ev, "remote_status"))],
                "handed_over", "events_reordered"),
}


@pytest.mark.parametrize("scenario", list(EVENT_SCENARIOS))
def test_an_event_edited_removed_or_moved_behind_the_application_is_named(profile, scenario):
    path, code = profile
    events = events_of(path, code)
    make, named_kind, kind = EVENT_SCENARIOS[scenario]
    attack(path, *make(events))
    found = findings(path)
    assert [(f.code, f.kind) for f in found] == [(code, kind)], found
    assert found[0].event_seq == _seq(events, named_kind) and code in said_text(found[0].message)


def test_a_forged_event_inserted_with_a_correct_hash_is_named(profile):
    path, code = profile
    events = events_of(path, code)
    last = events[-1]
    forged = {**last, "id": "0190f0aa-0000-7000-8000-00000000beef", "kind": "returned", "from_status": 9,
              "to_status": 10, "officer_name": "Nguyễn Giả Mạo", "data": "{}"}
    forged["prev_hash"] = last["hash"]
    forged["hash"] = bytes.fromhex(event_hash(hashed(forged), last["hash"].hex()))  # the attacker knows the scheme
    del forged["seq"]
    cols = ", ".join(forged)
    attack(path, (f"INSERT INTO dossier_event ({cols}) VALUES ({', '.join('?' for _ in forged)})", *forged.values()))
    found = findings(path)
    assert [(f.code, f.kind) for f in found] == [(code, "event_inserted")]
    assert found[0].event_seq > last["seq"]


def test_an_event_edited_with_its_hash_recomputed_is_named(profile):
    path, code = profile
    events = events_of(path, code)
    target = next(e for e in events if e["kind"] == "handed_over")
    edited = {**hashed(target), "officer_name": "Nguyễn Giả Mạo"}
    attack(path, ("UPDATE dossier_event SET officer_name = ?, hash = ? WHERE seq = ?", edited["officer_name"],
                  bytes.fromhex(event_hash(edited, target["prev_hash"].hex())), target["seq"]))
    found = findings(path)
    assert [(f.code, f.event_seq, f.kind) for f in found] == [(code, target["seq"], "event_edited")]


ROW_SCENARIOS = {
    "name": ("UPDATE dossier SET applicant_name = 'Nguyễn Văn Khác' WHERE code = ?",),
    "ID number": ("UPDATE dossier SET id_number = '001099000001' WHERE code = ?",),
    "status": ("UPDATE dossier SET status = 10 WHERE code = ?",),
    "due time": ("UPDATE dossier SET due_at = '2026-04-30 17:00:00.000000' WHERE code = ?",),
}


@pytest.mark.parametrize("scenario", list(ROW_SCENARIOS))
def test_a_dossier_row_edited_behind_the_application_is_named(profile, scenario):
    path, code = profile
    (sql,) = ROW_SCENARIOS[scenario]
    attack(path, (sql, code))
    found = findings(path)
    assert [(f.code, f.event_seq, f.kind) for f in found] == [(code, None, "row_edited")]


def test_check_command_names_the_tampering_and_fails(profile, capsys):
    path, code = profile
    assert main(["--profile", str(path), "check"]) == 0
    capsys.readouterr()
    events = events_of(path, code)
    attack(path, ("UPDATE dossier_event SET officer_name = 'X' WHERE seq = ?", events[1]["seq"]),
           ("UPDATE dossier SET id_number = '001099000001' WHERE code = ?", code))
    assert main(["--profile", str(path), "check"]) == 1
    out, err = capsys.readouterr()
    named = {(h["code"], h["kind"]) for h in json.loads(out)["history_problems"]}
    assert {(code, "event_edited"), (code, "row_edited")} <= named
    assert f"Hồ sơ {code}: sự kiện số {events[1]['seq']} đã bị sửa" in err


def test_a_demo_profile_and_a_profile_migrated_from_before_the_chain_check_clean(tmp_path):
    from alembic import command

    from counter_app.store import migrate
    from counter_app.store.db import Store

    store = open_store(tmp_path / "demo")
    try:
        create_demo(store, 60, seed=3)
    finally:
        store.dispose()
    assert findings(tmp_path / "demo") == []
    # An older profile: history written at revision 0005, then upgraded in place.
    old_dir = tmp_path / "old"
    old = Store(old_dir / "counter.sqlite3")
    command.upgrade(migrate.alembic_config(old), "0005")
    old.dispose()
    src = crypt.connect(tmp_path / "demo" / "counter.sqlite3")
    dst = crypt.connect(old_dir / "counter.sqlite3")
    _copy_history(src, dst)
    src.close()
    dst.close()
    assert findings(old_dir) == []  # open_store upgrades to head: the chain is computed
    con = crypt.connect(old_dir / "counter.sqlite3")
    with pytest.raises(crypt.dbapi.IntegrityError, match="append-only"):
        con.execute("UPDATE dossier_event SET kind = 'x'")
    with pytest.raises(crypt.dbapi.IntegrityError, match="append-only"):
        con.execute("DELETE FROM dossier_event")
    con.close()


def _copy_history(src, dst) -> None:
    """The demo's rows as an older build stored them (no chain columns)."""
    for table in ("setting", "agency", "workstation", "officer", "procedure", "procedure_document", "dossier",
                  "dossier_document", "dossier_event"):
        have = {r[1] for r in src.execute(f"PRAGMA table_info({table})")}
        cols = [r[1] for r in dst.execute(f"PRAGMA table_info({table})") if r[1] in have]  # ids made anew
        rows = [tuple(id_text(v) if c in ("id", "officer_id") else v for c, v in zip(cols, row, strict=True))  # ids as text then
                for row in src.execute(f"SELECT {', '.join(cols)} FROM {table}")]
        dst.executemany(f"INSERT OR REPLACE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                        rows)
    dst.commit()


def test_every_column_of_the_dossier_row_is_sealed():
    """A column added to `dossier` without a place in the seal could be edited unseen."""
    from counter_app.store.history_chain import SEALED_FIELDS
    from counter_app.store.models import Dossier

    assert set(Dossier.__table__.columns.keys()) - {"seal"} == set(SEALED_FIELDS)


def test_a_head_left_as_text_by_a_hand_edit_is_named_and_the_next_event_is_still_written(profile):
    """Migration 0014 keeps a head that is not a digest's hex as text; the next event chained
    after it copies it as its prev_hash, which must be stored as it is, not refused."""
    path, code = profile
    attack(path, ("UPDATE dossier SET history_head = ? WHERE code = ?", "not a digest", code))
    store = open_store(path)
    try:
        actions.return_to_applicant(store, code, "canbo1", now=datetime(2026, 3, 11, 9, 0))
    finally:
        store.dispose()
    last = events_of(path, code)[-1]
    assert last["kind"] == "returned" and last["prev_hash"] == "not a digest"
    assert findings(path)  # the hand edit is still named

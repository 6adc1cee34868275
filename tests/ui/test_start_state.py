"""The start facts read with plain sqlite3 say what the store says, or nothing."""

from __future__ import annotations


from counter_app.store import crypt
from counter_app.store import settings
from counter_app.store.db import DB_FILENAME, open_store
from counter_app.store.start_facts import StartFacts, read_start_facts
from ui.sign_in import StartState, peek_start_state, read_start_state


def test_a_set_up_profile_reads_as_the_store_reads_it(store, profile_dir):
    assert peek_start_state(profile_dir) == read_start_state(store)  # read from the database
    assert peek_start_state(profile_dir).ready and peek_start_state(profile_dir).agency_name
    with store.write() as session:
        settings.set_setting(session, "ui.language", "en")
    state = read_start_state(store)  # the store's reading records it for the next start
    assert peek_start_state(profile_dir) == state == StartState("en", True, state.agency_name)
    with store.write() as session:
        settings.set_setting(session, "ui.language", "klingon")  # unknown: Vietnamese
    assert read_start_state(store).language == peek_start_state(profile_dir).language == "vi"


def test_a_new_profile_asks_for_the_wizard_before_any_file_exists(tmp_path):
    assert peek_start_state(tmp_path / "new") == StartState("vi", False, None)
    fresh = open_store(tmp_path / "new")  # migrated, nothing set up
    try:
        assert peek_start_state(tmp_path / "new") == read_start_state(fresh) == StartState("vi", False, None)
    finally:
        fresh.dispose()


def test_a_file_it_cannot_vouch_for_is_left_to_the_store(store, profile_dir):
    store.dispose()
    db = profile_dir / DB_FILENAME
    with crypt.connect(db) as conn:  # an older schema: the store migrates it first
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
    assert read_start_facts(db) is None and peek_start_state(profile_dir) is None
    db.write_bytes(b"not a database at all" * 100)  # damaged: the store's opening reports it
    assert read_start_facts(db) is None


def test_only_the_keys_asked_for_come_back(store, profile_dir):
    facts = read_start_facts(profile_dir / DB_FILENAME, ("no.such.key",))
    assert isinstance(facts, StartFacts) and facts.settings == {} and facts.ready

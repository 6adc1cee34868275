"""The start facts recorded beside the database: the sign-in dialog is painted from them with no
key store, SQLCipher or SQLAlchemy loaded, and a recording the store contradicts is corrected
by starting again with the store's facts (the real ``run_gui`` in a process of its own)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.store import settings
from counter_app.store.db import DB_FILENAME
from counter_app.store.start_facts import FACTS_FILE, StartFacts, read_start_facts, record_start_facts
from ui.sign_in import StartState, peek_start_state, read_start_state

REPO = Path(__file__).resolve().parents[2]

#: The window's start (`counter-app --profile argv[1]`, as the entry point runs it); each
#: sign-in dialog's first paint prints "class|title|heavy modules loaded"; the dialog
#: numbered argv[2] (1 = the first) is then rejected, so the program returns.
_RUN = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

HEAVY = {'keyring', 'sqlcipher3', 'sqlalchemy', 'argon2', 'alembic'}
REJECT_AT = int(sys.argv[2])
seen = []

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType():
            top = obj.window()
            if type(top).__name__ in ('LoginDialog', 'SetupWizard') and top not in seen:
                seen.append(top)
                loaded = sorted({m.split('.')[0] for m in sys.modules} & HEAVY)
                print(f"{type(top).__name__}|{top.windowTitle()}|{','.join(loaded)}", flush=True)
                if len(seen) == REJECT_AT:
                    QTimer.singleShot(0, top.reject)
        return False

app = QApplication(sys.argv[:1])
watch = Watch()
app.installEventFilter(watch)
QTimer.singleShot(60_000, lambda: (print('timeout', flush=True), [w.reject() for w in seen]))
from ui.cli.main import main
sys.exit(main(['--profile', sys.argv[1]]))
"""


def _run_gui(profile_dir: Path, reject_at: int, **extra_env: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra_env)
    out = subprocess.run([sys.executable, "-c", _RUN, str(profile_dir), str(reject_at)], capture_output=True,
                         encoding="utf-8", text=True, cwd=REPO, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def _record(profile_dir: Path, **facts) -> None:
    data = {"format": 1, "keys": ["ui.language"], "settings": {}, "ready": True, "agency_name": "UBND"}
    data.update(facts)
    (profile_dir / FACTS_FILE).write_text(json.dumps(data), encoding="utf-8")


def test_reading_the_store_records_the_facts_owner_only_and_nothing_personal(store, profile_dir):
    facts_file = profile_dir / FACTS_FILE
    assert not facts_file.exists()
    state = read_start_state(store)
    data = json.loads(facts_file.read_text(encoding="utf-8"))
    assert set(data) == {"format", "keys", "settings", "ready", "agency_name"}
    assert data["ready"] is True and data["agency_name"] == state.agency_name and data["keys"] == ["ui.language"]
    if os.name == "posix":
        assert stat.S_IMODE(facts_file.stat().st_mode) == 0o600
    assert peek_start_state(profile_dir) == state


def test_the_recording_answers_only_for_the_keys_it_holds_and_only_when_well_formed(store, profile_dir):
    db = profile_dir / DB_FILENAME
    record_start_facts(db, StartFacts({"ui.language": "en"}, True, "Tên cơ quan ghi lại"), ("ui.language",))
    assert read_start_facts(db, ("ui.language",)) == StartFacts({"ui.language": "en"}, True, "Tên cơ quan ghi lại")
    store_read = read_start_facts(db, ("other.key",))  # not recorded: read from the database
    assert store_read is not None and store_read.agency_name != "Tên cơ quan ghi lại"
    for damaged in (b"{", b"[]", b'{"format": 2}', json.dumps({"format": 1, "keys": ["ui.language"], "settings": {},
                                                                "ready": True, "agency_name": None}).encode()):
        (profile_dir / FACTS_FILE).write_bytes(damaged)
        assert read_start_facts(db, ("ui.language",)).agency_name == store_read.agency_name


def test_a_new_profile_still_asks_for_the_wizard_whatever_was_recorded(tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    _record(folder)
    assert peek_start_state(folder) == StartState("vi", False, None)  # no database file: a new profile


@pytest.mark.slow
def test_the_sign_in_is_painted_before_the_key_store_sqlcipher_or_sqlalchemy_load(store, profile_dir):
    read_start_state(store)  # as the previous start did once its store was open
    with store.write() as session:
        settings.set_setting(session, "ui.language", "vi")
    read_start_state(store)
    store.dispose()
    lines = _run_gui(profile_dir, reject_at=1)
    assert lines == ["LoginDialog|Đăng nhập|"]


@pytest.mark.slow
def test_a_machine_wide_profile_chooses_its_key_store_behind_the_sign_in(store, profile_dir, tmp_path):
    """The machine's key store (counter_app.store.machine_keys) is chosen, and the key moved in, on
    the store's opening thread: the dialog is painted first, as for a per-user profile."""
    read_start_state(store)
    store.dispose()
    keys = tmp_path / "machine-keys"
    lines = _run_gui(profile_dir, reject_at=1, COUNTER_KEY_SCOPE="machine", COUNTER_MACHINE_KEYS=str(keys))
    assert lines == ["LoginDialog|Đăng nhập|"]
    assert len(list(keys.glob("*.key"))) == 1  # the key moved in behind the dialog


@pytest.mark.slow
def test_a_stale_recording_is_corrected_by_starting_again_with_the_stores_facts(store, profile_dir):
    store.dispose()
    _record(profile_dir, ready=False, agency_name=None)  # recorded before the set-up (or by an older copy)
    lines = _run_gui(profile_dir, reject_at=2)
    assert [line.split("|")[0] for line in lines] == ["SetupWizard", "LoginDialog"], lines
    assert json.loads((profile_dir / FACTS_FILE).read_text(encoding="utf-8"))["ready"] is True


@pytest.mark.slow
def test_a_language_changed_since_the_recording_starts_again_in_the_stores_language(store, profile_dir):
    with store.write() as session:
        settings.set_setting(session, "ui.language", "en")
    store.dispose()
    _record(profile_dir, settings={"ui.language": "vi"})  # the command line changed it since
    lines = _run_gui(profile_dir, reject_at=2)
    assert [line.split("|")[:2] for line in lines] == [["LoginDialog", "Đăng nhập"], ["LoginDialog", "Sign in"]], lines


def test_a_peek_without_a_recording_makes_no_key_and_leaves_a_machine_wide_profile_to_its_store(
        store, profile_dir, tmp_path, monkeypatch):
    """Without start-facts.json the database is read only with a key this account already has:
    none is made in its key store (it would open nothing); a machine-wide profile's key store is
    chosen where the store opens, so the peek leaves it to the store."""
    from counter_app.store import crypt

    store.dispose()
    other = crypt.KeyStore(crypt.FileKeyring(tmp_path / "another-account.json"), fallback=True)
    previous = crypt.set_default_keystore(other)
    try:
        assert read_start_facts(profile_dir / DB_FILENAME, ("ui.language",)) is None
        assert other.get(crypt.DB_KEY) is None  # no stray key made
    finally:
        crypt.set_default_keystore(previous)
    assert read_start_facts(profile_dir / DB_FILENAME, ("ui.language",)) is not None  # this account's key
    monkeypatch.setenv("COUNTER_KEY_SCOPE", "machine")
    assert read_start_facts(profile_dir / DB_FILENAME, ("ui.language",)) is None


def test_a_profile_made_by_the_command_line_is_painted_from_its_recording_at_its_first_start(tmp_path):
    """`counter-app demo` (or `setup`) leaves the facts behind: the window's first start on
    that profile paints its sign-in without the database (it read it before, for 0.1 s more)."""
    profile = tmp_path / "demo"
    made = subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), "demo", "--dossiers", "3"],
                          capture_output=True, encoding="utf-8", text=True, cwd=REPO, timeout=300)
    assert made.returncode == 0, made.stderr
    assert read_start_facts(profile / DB_FILENAME, ("ui.language",)) == StartFacts({}, True, "UBND phường Hải Châu")
    [first] = _run_gui(profile, 1)
    assert first == "LoginDialog|Đăng nhập|"  # no heavy module loaded before the paint

"""The profile's folder: machine-wide on Windows, XDG-like elsewhere, overrides, and adopting an
old per-user profile (the Windows decisions run here with the OS and environment passed in)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from counter_app.store import backup
from counter_app.store.db import DB_FILENAME
from counter_app.store.profile_place import (
    MOVED_NOTE,
    Action,
    Source,
    adopt_profile,
    choose_profile,
    machine_profile_dir,
)
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.services.receiving import receive
from counter_app.services.setup import initialise_profile

WIN_ENV = {"PROGRAMDATA": r"C:\ProgramData", "LOCALAPPDATA": r"C:\Users\Nguyễn Văn A\AppData\Local",
           "USERPROFILE": r"C:\Users\Nguyễn Văn A"}
MACHINE = PureWindowsPath(r"C:\ProgramData\CounterApp\profile")
LEGACY = PureWindowsPath(r"C:\Users\Nguyễn Văn A\AppData\Local\counter\counter-app")


def _files(*present):
    wanted = {str(p).casefold() for p in present}
    return lambda p: str(p).casefold() in wanted


def test_windows_default_is_machine_wide_under_programdata():
    place = choose_profile(None, platform="win32", environ=WIN_ENV, is_file=_files())
    assert place == choose_profile(None, platform="win32", environ=WIN_ENV, is_file=_files())
    assert place.path == MACHINE and place.source is Source.DEFAULT and place.action is Action.USE
    assert isinstance(place.path, PureWindowsPath)
    # no PROGRAMDATA: ALLUSERSPROFILE, then the usual folder
    assert machine_profile_dir("win32", {"ALLUSERSPROFILE": r"D:\AllUsers"}) == PureWindowsPath(
        r"D:\AllUsers\CounterApp\profile")
    assert machine_profile_dir("win32", {}) == MACHINE


def test_option_then_environment_override_the_default_on_both_systems():
    env = dict(WIN_ENV, COUNTER_PROFILE=r"E:\Quầy 2")
    assert choose_profile(r"D:\q", platform="win32", environ=env, is_file=_files()).path == PureWindowsPath(r"D:\q")
    chosen = choose_profile(None, platform="win32", environ=env, is_file=_files(LEGACY / DB_FILENAME))
    assert (chosen.path, chosen.source, chosen.action) == (PureWindowsPath(r"E:\Quầy 2"), Source.ENVIRONMENT, Action.USE)
    linux = choose_profile(None, platform="linux", environ={"HOME": "/home/a", "COUNTER_PROFILE": "/srv/q"},
                           is_file=_files())
    assert (linux.path, linux.source) == (PurePosixPath("/srv/q"), Source.ENVIRONMENT)


def test_linux_keeps_an_xdg_like_default():
    assert choose_profile(None, platform="linux", environ={"HOME": "/home/a"}, is_file=_files()).path == \
        PurePosixPath("/home/a/.local/share/counter-app")
    assert machine_profile_dir("linux", {"HOME": "/home/a", "XDG_DATA_HOME": "/data/x"}) == PurePosixPath(
        "/data/x/counter-app")
    assert machine_profile_dir("linux", {"HOME": "/home/a", "XDG_DATA_HOME": "rel"}) == PurePosixPath(
        "/home/a/.local/share/counter-app")  # the XDG spec: a relative value is ignored


def test_an_old_per_user_profile_is_adopted_only_while_the_machine_one_has_no_database():
    place = choose_profile(None, platform="win32", environ=WIN_ENV, is_file=_files(LEGACY / DB_FILENAME))
    assert (place.path, place.action, place.legacy) == (MACHINE, Action.ADOPT, LEGACY)
    # the file test goes through Windows' case-insensitive names
    both = choose_profile(None, platform="win32", environ=WIN_ENV,
                          is_file=_files(LEGACY / DB_FILENAME, PureWindowsPath(str(MACHINE).upper()) / DB_FILENAME))
    assert (both.path, both.action, both.legacy) == (MACHINE, Action.LEGACY_LEFT, LEGACY)
    moved = choose_profile(None, platform="win32", environ=WIN_ENV,
                           is_file=_files(LEGACY / DB_FILENAME, LEGACY / MOVED_NOTE))
    assert (moved.action, moved.legacy) == (Action.USE, None)
    # no LOCALAPPDATA: the user's profile folder tells where it was
    env = {"PROGRAMDATA": r"C:\ProgramData", "USERPROFILE": r"C:\Users\b"}
    old = PureWindowsPath(r"C:\Users\b\AppData\Local\counter\counter-app")
    assert choose_profile(None, platform="win32", environ=env, is_file=_files(old / DB_FILENAME)).legacy == old


def test_adopting_copies_the_data_keeps_the_old_folder_and_lists_its_backups(tmp_path, make_draft):
    from counter_app.store.code_marks import CodeMarks
    from counter_app.store.db import open_store

    legacy, machine = tmp_path / "old" / "counter-app", tmp_path / "ProgramData" / "CounterApp" / "profile"
    store = open_store(legacy)
    initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
    receipt = receive(store, make_draft(), "canbo1")
    old_backup = backup.backup_now(store, legacy, reason="start")
    store.dispose()
    marks_before = sorted(p.name for p in CodeMarks(legacy).folder.glob("*.json"))
    (machine / "logs").mkdir(parents=True)  # the windowed program logs there before the start
    (machine / "logs" / "counter-app.log").write_text("đang ghi\n", encoding="utf-8")
    (legacy / "logs").mkdir(exist_ok=True)
    (legacy / "logs" / "counter-app.log").write_text("cũ\n", encoding="utf-8")
    before = {p.relative_to(legacy): p.read_bytes() for p in legacy.rglob("*") if p.is_file()}

    adopt_profile(legacy, machine)

    assert (legacy / MOVED_NOTE).read_text(encoding="utf-8").strip() == str(machine)
    assert {p.relative_to(legacy): p.read_bytes() for p in legacy.rglob("*")
            if p.is_file() and p.name != MOVED_NOTE} == before  # nothing changed or lost there
    assert sorted(p.name for p in CodeMarks(machine).folder.glob("*.json")) == marks_before
    assert (machine / "logs" / "counter-app.log").read_text(encoding="utf-8") == "đang ghi\n"  # not copied over
    assert not (machine / "backups").exists()  # backups stay where they were…
    assert old_backup.path in [b.path for b in backup.list_backups(backup.candidate_folders(machine))]  # …and are found
    adopted = open_store(machine)
    try:
        from counter_app.store.models import Dossier

        with adopted.read() as session:
            assert [d.code for d in session.query(Dossier)] == [receipt.code]
    finally:
        adopted.dispose()
    assert choose_profile(None, platform="linux", environ={"HOME": str(tmp_path)},
                          is_file=lambda p: Path(p).is_file()).action is Action.USE


def test_adopting_a_plain_profile_of_a_version_before_encryption(tmp_path, make_draft):
    """The per-user profile of an older version is plain SQLite: it is copied as it is and the
    shared copy is encrypted when it is first opened; the old file stays as it was."""
    from counter_app.store import crypt, migrate
    from counter_app.store.db import Store, open_store
    from counter_app.store.models import Dossier

    legacy, machine = tmp_path / "old" / "counter-app", tmp_path / "ProgramData" / "CounterApp" / "profile"
    plain = Store(legacy / DB_FILENAME, key=crypt.PLAIN)
    migrate.upgrade(plain)
    initialise_profile(plain, DEMO_AGENCY, 1, DEMO_OFFICERS)
    receipt = receive(plain, make_draft(), "canbo1")
    plain.dispose()
    before = (legacy / DB_FILENAME).read_bytes()
    assert crypt.is_plain(legacy / DB_FILENAME)

    adopt_profile(legacy, machine)

    assert (legacy / DB_FILENAME).read_bytes() == before
    adopted = open_store(machine)  # the first open converts the shared copy
    try:
        assert not crypt.is_plain(machine / DB_FILENAME)
        with adopted.read() as session:
            assert [d.code for d in session.query(Dossier)] == [receipt.code]
    finally:
        adopted.dispose()

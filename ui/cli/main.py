"""`counter-app`: the GUI when run bare, subcommands for machines and people.

Exit codes: 0 success, 1 not found or a check failed, 2 bad input. Machine output (JSON,
CSV) goes to stdout; messages for people go to stderr, in Vietnamese. No user error ends in
a traceback: anything unexpected is one line on stderr, the details in
``<profile>/logs/cli-errors.log``.

``--profile`` must name an existing folder unless ``--create`` is given or the command makes
a profile itself (``demo``, the window's first-run wizard): a mistyped path must not quietly
become a new empty counter.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sqlite3
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app.domain.errors import CounterError, Message, ValidationFailed
from ui.messages import error_text, message_text, said_text

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130
ERROR_LOG = Path("logs") / "cli-errors.log"
# Commands that make the profile folder themselves, and those that never use it.
CREATING_COMMANDS = frozenset({None, "demo"})  # None: the window, whose first run is the setup wizard
PROFILE_FREE_COMMANDS = frozenset({"selftest", "verify"})  # verify: with --key, no profile needed


class BadInput(CounterError):
    """The command line itself is wrong (a path, a value): exit 2 with the message."""

# Each module has register(subparsers); its parsers set `handler(args, ctx) -> int`. A module
# imports at its top only what its parsers need (argparse, enums, errors): what a command uses
# (SQLAlchemy, the services, Qt) is imported by its handler, so `--help` and each command load
# only their own (tests/cli/test_lean_commands.py). That every module of the application
# imports is the selftest's `imports` check, not paid at every start.
COMMAND_MODULES = [
    "ui.cli.core_commands",
    "ui.cli.admin_commands",
    "ui.cli.slip_commands",
    "ui.cli.sync_commands",
    "ui.cli.selftest_commands",
    "ui.cli.scan_commands",
    "ui.cli.action_commands",
    "ui.cli.document_commands",
    "ui.cli.pii_commands",
    "ui.cli.verify_commands",
    "ui.cli.old_profile_commands",
]


@dataclass
class CliContext:
    """The composition root of a CLI run: the profile folder and, lazily, its store."""

    profile_dir: Path
    _store: Any = field(default=None, repr=False)

    @property
    def store(self):
        """The profile's store, opened (backed up and migrated) on first use."""
        if self._store is None:
            from sqlalchemy.exc import DatabaseError, OperationalError

            from counter_app.store import crypt
            from counter_app.store.db import open_store

            try:
                self._store = open_store(self.profile_dir)
            except (DatabaseError, sqlite3.DatabaseError, crypt.DatabaseError, OSError) as exc:
                from counter_app.store.backup import candidate_folders
                from counter_app.store.storage import storage_problem
                from ui.storage_text import storage_text

                problem = storage_problem(exc, self.profile_dir, candidate_folders(self.profile_dir))
                if problem is not None:  # a full or read-only disk: what to free or fix, never a restore
                    raise CounterError(storage_text(problem)) from exc
                if isinstance(exc, OperationalError | sqlite3.OperationalError | crypt.OperationalError | PermissionError):
                    raise BadInput(f"Không mở được dữ liệu trong thư mục {self.profile_dir}: "
                                   f"{describe_error(exc)}") from exc
                if isinstance(exc, OSError):
                    raise
                raise CounterError(  # a damaged file, or not a database
                    f"Cơ sở dữ liệu trong thư mục {self.profile_dir} bị hỏng: {describe_error(exc)}. "
                    "Hãy khôi phục bản sao lưu: counter-app restore --newest") from exc
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._record_start_facts()
            self._store.dispose()

    def _record_start_facts(self) -> None:
        """Record what the window's next start paints its dialog from (``start-facts.json``):
        a command may have set the profile up (``setup``, ``demo``) or changed its language, and
        without a recording the next start reads the database before its first paint."""
        import logging

        from counter_app.store.queries import recorded_start_facts
        from counter_app.store.start_facts import LANGUAGE_SETTING

        try:
            recorded_start_facts(self._store, (LANGUAGE_SETTING,))
        except Exception:  # noqa: BLE001 - the next start reads the database instead; never a traceback
            logging.getLogger(__name__).warning("the start facts were not recorded", exc_info=True)


def json_text(data: Any) -> str:
    """*data* as the CLI's JSON (diacritics kept, indented)."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def print_json(data: Any) -> None:
    """Write *data* as JSON (UTF-8, diacritics kept) to stdout."""
    sys.stdout.write(json_text(data))


def say(message: str) -> None:
    """A message for a person, on stderr."""
    sys.stderr.write(message + "\n")


# argparse's own messages, in Vietnamese (the rest of its message is names and values).
_ARGPARSE_WORDS = [
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"argument (\S+): invalid int value: (.*)", r"\1: \2 không phải số nguyên"),
    (r"argument (\S+): invalid float value: (.*)", r"\1: \2 không phải số"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: \2 không hợp lệ (chọn một trong: \3)"),
    (r"argument (\S+): expected one argument", r"\1: thiếu giá trị"),
    (r"unrecognized arguments: (.*)", r"tham số không nhận ra: \1"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]


class _VietnameseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with its own headings in Vietnamese ("usage:" → "Cách dùng:")."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class VietnameseArgumentParser(argparse.ArgumentParser):
    """argparse with its help headings and errors said in Vietnamese (exit 2, usage line kept)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _VietnameseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="hiện hướng dẫn này rồi thoát")

    def error(self, message: str):
        for pattern, words in _ARGPARSE_WORDS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, words, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"Lệnh không hợp lệ: {message}\n")


def _database_or_disk_error(exc: BaseException) -> bool:
    import sqlite3

    from counter_app.store import crypt

    return isinstance(exc, sqlite3.Error | crypt.Error | OSError) or type(exc).__module__.startswith("sqlalchemy")


def database_error_text(exc: BaseException, profile_dir: Path) -> str:
    """A database or disk error in words: a full or read-only disk says what to free or fix
    (ui.storage_text); anything else names the error and points at `check`."""
    from counter_app.store.backup import candidate_folders
    from counter_app.store.storage import storage_problem
    from ui.storage_text import storage_text

    problem = storage_problem(exc, profile_dir, candidate_folders(profile_dir))
    if problem is not None:
        return storage_text(problem)
    first = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0][:300]
    return f"Lỗi cơ sở dữ liệu: {first}. Hãy chạy: counter-app check"


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without *commands*, only the options of the window's start."""
    parser = VietnameseArgumentParser(
        prog="counter-app", description="Phần mềm tiếp nhận và trả kết quả hồ sơ tại quầy một cửa."
    )
    parser.add_argument("--profile", type=Path, help="thư mục dữ liệu (mặc định: biến COUNTER_PROFILE, nếu không có thì thư mục dùng chung của máy)")
    parser.add_argument("--create", action="store_true",
                        help="tạo thư mục dữ liệu nếu chưa có (mặc định: báo lỗi khi thư mục không tồn tại)")
    parser.set_defaults(command=None)
    if commands:
        sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseArgumentParser)
        for name in COMMAND_MODULES:
            importlib.import_module(name).register(sub)
    return parser


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The parsed command line. The window's start (no command, no help asked) is parsed
    without loading the commands' modules: the sign-in is painted sooner."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not any(a == "-h" or a.startswith("--h") for a in argv):  # --help, or its abbreviation
        args, rest = build_parser(commands=False).parse_known_args(argv)
        if not rest:
            return args
    return build_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `counter-app`."""
    if hasattr(sys.stdout, "reconfigure"):
        # Whatever the console's code page: JSON and CSV are UTF-8 for the programs that read
        # them; a message never fails on a character (an undecodable POSIX argv, say).
        sys.stdout.reconfigure(encoding="utf-8")
        sys.stderr.reconfigure(encoding="utf-8", errors="backslashreplace")
    try:
        args = parse_arguments(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    from counter_app.store.profile_place import current_choice

    # Whatever this process makes (logs, marks, print queue) is owner-only; put back on return,
    # for a caller that goes on (the GUI's window, a test running commands in-process).
    previous_umask = os.umask(0o077) if os.name == "posix" else None
    ctx = CliContext(profile_dir=Path(current_choice(args.profile).path))
    keys_before: object = _KEYS_UNCHANGED
    try:
        ctx.profile_dir, notices = resolve_profile(args.profile, args.command)
        check_profile(ctx.profile_dir, args.command, create=args.create)
        if args.command is None:  # the window: its key store is chosen behind the sign-in's first paint
            from ui.app import run_gui

            chosen: list[object] = []
            try:
                return run_gui(ctx.profile_dir, notices=notices,
                               choose_keys=lambda: chosen.append(choose_key_store(ctx.profile_dir)))
            finally:
                keys_before = chosen[0] if chosen else _KEYS_UNCHANGED
        if args.command not in PROFILE_FREE_COMMANDS:
            keys_before = choose_key_store(ctx.profile_dir)
        for notice in notices:
            say(notice)
        return int(args.handler(args, ctx) or 0)
    except ValidationFailed as exc:
        for err in exc.errors:
            say(said_text(err.message))
        return EXIT_BAD_INPUT
    except BadInput as exc:
        say(error_text(exc))
        return EXIT_BAD_INPUT
    except CounterError as exc:  # NotFound, NotAllowed and the others
        say(error_text(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        say("Đã dừng theo yêu cầu.")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - a person gets a sentence, the log the traceback
        if _database_or_disk_error(exc):  # a full or read-only disk says what to free or fix
            say(database_error_text(exc, ctx.profile_dir))
            return EXIT_FAILED
        logged = log_unexpected(ctx.profile_dir)
        say(f"Lỗi không mong đợi: {describe_error(exc)}." + (f" Chi tiết được ghi vào {logged}." if logged else ""))
        return EXIT_FAILED
    finally:
        try:
            ctx.close()
        except Exception:  # noqa: BLE001 - closing must not hide the outcome
            pass
        if previous_umask is not None:
            os.umask(previous_umask)
        if keys_before is not _KEYS_UNCHANGED:
            from counter_app.store import crypt

            crypt.set_default_keystore(keys_before)  # type: ignore[arg-type]


_KEYS_UNCHANGED = object()


def choose_key_store(profile_dir: Path) -> object:
    """Make the machine's key store this process's one when the profile is machine-wide
    (``counter_app.store.machine_keys``); what to put back when done, or _KEYS_UNCHANGED. The
    window calls it on the store's opening thread (it loads SQLCipher and the key store)."""
    from counter_app.store import crypt
    from counter_app.store.machine_keys import MACHINE, key_scope, machine_keystore

    if key_scope(profile_dir) != MACHINE:
        return _KEYS_UNCHANGED
    try:
        store = machine_keystore(profile_dir, user=crypt.default_keystore())
    except OSError as exc:  # the marker cannot be written (a read-only profile folder)
        raise crypt.KeyError_(f"Không ghi được tệp {profile_dir / 'key-scope.json'}: {describe_error(exc)}") from exc
    return crypt.set_default_keystore(store)


def resolve_profile(option: Path | None, command: str | None, *, choose=None) -> tuple[Path, list[str]]:
    """The profile folder (``--profile``, ``COUNTER_PROFILE``, else the machine-wide default)
    and what a person must be told about it. An old per-user profile is adopted here, before
    anything opens the folder (``counter_app.store.profile_place``); a copy that fails leaves the
    old one as it was and stops the start (a new empty counter must not replace it).
    *choose(option)* decides (``counter_app.store.profile_place.current_choice`` by default)."""
    from counter_app.store.profile_place import Action, adopt_profile, current_choice
    from ui.backup_place_text import adopted_text, legacy_left_text

    choice = (choose or current_choice)(option)
    profile = Path(choice.path)
    if choice.legacy is None or command in PROFILE_FREE_COMMANDS:
        return profile, _old_profile_notices(command)
    legacy = Path(choice.legacy)
    if choice.action is Action.LEGACY_LEFT:
        return profile, [legacy_left_text(str(legacy), str(profile))]
    from counter_app.store import crypt

    try:
        adopt_profile(legacy, profile)
    except (OSError, sqlite3.Error, crypt.Error) as exc:
        raise CounterError(
            f"Không chép được dữ liệu cũ từ {legacy} sang thư mục dùng chung {profile}: {describe_error(exc)}. "
            "Dữ liệu cũ vẫn nguyên vẹn. Hãy nhờ quản trị viên cài lại phần mềm (bộ cài tạo thư mục dùng chung "
            f"và cấp quyền), hoặc tạm mở dữ liệu cũ bằng: counter-app --profile \"{legacy}\"") from exc
    return profile, [adopted_text(str(legacy), str(profile))]


def _old_profile_notices(command: str | None) -> list[str]:
    """The window's start: an old per-user profile left in clear after its adoption
    (``counter_app.store.old_profile``; a few file headers, no walk)."""
    if command is not None:
        return []  # `check` says it; other commands stay quiet
    from counter_app.store.old_profile import find_left_in_clear
    from ui.old_profile_text import left_in_clear_text

    found = find_left_in_clear(measure=False)
    return [left_in_clear_text(found)] if found is not None else []


def check_profile(profile: Path, command: str | None, *, create: bool) -> None:
    """Refuse (BadInput) a profile folder that does not exist, unless *create* or a command
    that makes one; refuse a path that is a file. Make the folder when allowed."""
    if command in PROFILE_FREE_COMMANDS:
        return
    if profile.exists() and not profile.is_dir():
        raise BadInput(f"{profile} là một tệp, không phải thư mục dữ liệu.")
    if profile.is_dir():
        return
    if not (create or command in CREATING_COMMANDS):
        raise BadInput(f"Không có thư mục dữ liệu {profile}. Kiểm tra lại đường dẫn --profile, "
                       "hoặc thêm --create để tạo hồ sơ dữ liệu mới ở đó.")
    try:
        profile.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"Không tạo được thư mục dữ liệu {profile}: {describe_error(exc)}") from exc


def describe_error(exc: BaseException) -> str:
    """A short description of *exc* for a person (the OS's own words where there are some)."""
    if isinstance(getattr(exc, "message", None), Message):  # an error of the core that speaks a code
        return message_text(exc.message)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror + (f" ({exc.filename})" if exc.filename else "")
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
    text = str(orig if orig is not None else exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def log_unexpected(profile: Path) -> Path | None:
    """Append the current exception's traceback to the profile's CLI error log; its path, or
    None when the profile folder does not exist or cannot be written."""
    if not profile.is_dir():
        return None
    path = profile / ERROR_LOG
    try:
        path.parent.mkdir(exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            from counter_app.domain.clock import now_vn

            log.write(f"--- {now_vn():%Y-%m-%d %H:%M:%S} counter-app {' '.join(sys.argv[1:])}\n")
            log.write(traceback.format_exc())
    except OSError:
        return None
    return path


if __name__ == "__main__":
    # `python -m ui.cli.main`: run the imported module's main, so that the command modules
    # (which import ui.cli.main) and this run share one BadInput class.
    from ui.cli.main import main as _main

    raise SystemExit(_main())

"""`counter-app`: the GUI when run bare, subcommands for machines and people.

Exit codes: 0 success, 1 not found or a check failed, 2 bad input. Machine output (JSON,
CSV) goes to stdout; messages for people go to stderr, in Vietnamese.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app.errors import CounterError, ValidationFailed

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

# Each module has register(subparsers); its parsers set `handler(args, ctx) -> int`.
COMMAND_MODULES = [
    "ui.cli.core_commands",
    "ui.cli.admin_commands",
    "ui.cli.slip_commands",
    "ui.cli.sync_commands",
    "ui.cli.selftest_commands",
    "ui.cli.scan_commands",
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
            from counter_app.db import open_store

            self._store = open_store(self.profile_dir)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()


def print_json(data: Any) -> None:
    """Write *data* as JSON (UTF-8, diacritics kept) to stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def say(message: str) -> None:
    """A message for a person, on stderr."""
    sys.stderr.write(message + "\n")


def _database_or_disk_error(exc: BaseException) -> bool:
    import sqlite3

    return isinstance(exc, sqlite3.Error | OSError) or type(exc).__module__.startswith("sqlalchemy")


def database_error_text(exc: BaseException, profile_dir: Path) -> str:
    """A database or disk error in words: a full or read-only disk says what to free or fix
    (ui.storage_text); anything else names the error and points at `check`."""
    from counter_app.backup import candidate_folders
    from counter_app.storage import storage_problem
    from ui.storage_text import storage_text

    problem = storage_problem(exc, profile_dir, candidate_folders(profile_dir))
    if problem is not None:
        return storage_text(problem)
    first = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0][:300]
    return f"Lỗi cơ sở dữ liệu: {first}. Hãy chạy: counter-app check"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-app", description="Phần mềm tiếp nhận và trả kết quả hồ sơ tại quầy một cửa."
    )
    parser.add_argument("--profile", type=Path, help="thư mục dữ liệu (mặc định: thư mục dữ liệu người dùng)")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `counter-app`."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
        sys.stderr.reconfigure(encoding="utf-8")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    from counter_app.paths import default_profile_dir

    ctx = CliContext(profile_dir=args.profile or default_profile_dir())
    try:
        if args.command is None:
            from ui.app import run_gui

            return run_gui(ctx.profile_dir)
        return int(args.handler(args, ctx) or 0)
    except ValidationFailed as exc:
        for err in exc.errors:
            say(err.message)
        return EXIT_BAD_INPUT
    except CounterError as exc:  # NotFound, NotAllowed and the others
        say(str(exc))
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - a database or disk error is a message, never a traceback
        if not _database_or_disk_error(exc):
            raise
        say(database_error_text(exc, ctx.profile_dir))
        return EXIT_FAILED
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())

"""`counter-app.exe`, the windowed program: no console, so no stdout, no stderr, no commands.

A Windows GUI executable starts with ``sys.stdout`` and ``sys.stderr`` set to None: a command
given to it would crash on its first message, and a traceback in a slot would vanish. So the
windowed program opens the window (and runs ``selftest`` with ``--output``, for the installer
and CI) and refuses every other command with a dialog that names ``counter-app-cli.exe``.
Everything a console would have shown goes to ``<profile>/logs/counter-app.log`` (rotating):
stray prints, uncaught exceptions of any thread (a slot's included) and Qt's warnings.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

CLI_EXE = "counter-app-cli.exe"
LOG_NAME = "counter-app.log"
ALLOWED_COMMANDS = frozenset({None, "selftest"})
_FLAGS_WITH_VALUE = ("--profile",)
_FLAGS = ("--create",)


def is_windowed_executable() -> bool:
    """True in the frozen Windows GUI executable (not in counter-app-cli.exe, not from source)."""
    return (bool(getattr(sys, "frozen", False)) and sys.platform == "win32"
            and Path(sys.executable).stem.casefold() != Path(CLI_EXE).stem.casefold())


def split_argv(argv: list[str]) -> tuple[Path | None, str | None]:
    """The ``--profile`` folder and the command (None: the window) in *argv*, without argparse
    (which would print to a stderr the windowed program does not have)."""
    profile: Path | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _FLAGS_WITH_VALUE:
            if i + 1 < len(argv):
                profile = Path(argv[i + 1])
            i += 2
            continue
        if arg.startswith("--profile="):
            profile = Path(arg.split("=", 1)[1])
        elif arg not in _FLAGS:
            return profile, arg  # a command, or an option only a console can answer (--help)
        i += 1
    return profile, None


def refusal_text(command: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "windowed", "counter-app.exe là chương trình cửa sổ, không chạy lệnh “%1”. Hãy mở cửa sổ dòng lệnh "
        "(cmd hoặc PowerShell) và dùng %2, ví dụ:\n%2 %1 …").replace("%1", command).replace("%2", CLI_EXE)


def log_folder(profile: Path | None) -> Path:
    """``<profile>/logs`` (the default profile when none is given); a temporary folder when
    that cannot be made."""
    if profile is None:
        from counter_app.store.profile_place import current_choice  # the machine-wide folder, or COUNTER_PROFILE

        profile = Path(current_choice().path)
    for folder in (Path(profile) / "logs", Path(tempfile.gettempdir()) / "counter-app-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return folder
        except OSError:
            continue
    return Path(tempfile.gettempdir())


class _LogStream:
    """A file-like stand-in for the missing stdout/stderr: each line becomes a log record."""

    #: The log's own excepthooks have written the traceback already (ui.logs): not again.
    writes_to_log = True

    def __init__(self, logger: logging.Logger, level: int):
        self._logger, self._level, self._buffer = logger, level, ""
        self.encoding = "utf-8"
        self.lines: list[str] = []  # what a console would have shown, for a dialog at the end

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            if line.strip():
                self._logger.log(self._level, line)
                self.lines.append(line)
        return len(text)

    def flush(self) -> None:
        if self._buffer.strip():
            self._logger.log(self._level, self._buffer)
        self._buffer = ""

    def isatty(self) -> bool:
        return False


def install_log(profile: Path | None) -> Path:
    """Send stdout, stderr, uncaught exceptions (every thread) and Qt's messages to the
    profile's rotating log (``ui.logs``, the one the window uses too); its path."""
    from ui.logs import install_file_log

    folder = log_folder(profile)  # <profile>/logs, or a temporary folder when that cannot be made
    installed = install_file_log(folder.parent if folder.name == "logs" else folder)
    logger = logging.getLogger("counter-app")
    sys.stdout = _LogStream(logger, logging.INFO)
    sys.stderr = _LogStream(logger, logging.WARNING)
    return installed.path


def _show_message(text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - alive for the box
    QMessageBox.warning(None, QApplication.translate("windowed", "Phần mềm tiếp nhận hồ sơ"), text)


def main_windowed(argv: list[str] | None = None, *, show: Callable[[str], None] = _show_message,
                  run: Callable[[list[str]], int] | None = None) -> int:
    """Entry point of counter-app.exe: log to the profile, refuse commands, open the window."""
    from ui.cli.main import EXIT_BAD_INPUT

    argv = list(sys.argv[1:] if argv is None else argv)
    profile, command = split_argv(argv)
    install_log(profile)
    log = logging.getLogger("counter-app")
    log.info("counter-app.exe %s", " ".join(argv))
    if command not in ALLOWED_COMMANDS:
        log.warning("refused command %r: the windowed program has no console; use %s", command, CLI_EXE)
        show(refusal_text(command))
        return EXIT_BAD_INPUT
    if run is None:
        from ui.cli.main import main as run
    code = run(argv)
    log.info("exit %s", code)
    sys.stderr.flush()
    said = getattr(sys.stderr, "lines", [])
    if code != 0 and command is None and said:  # e.g. a --profile folder that does not exist
        show("\n".join(said[-10:]))
    return code

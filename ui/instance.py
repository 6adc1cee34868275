"""One running copy per profile: a lock file in the profile, and a local socket to wake the first.

The window holds ``<profile>/counter-app.lock`` (a ``QLockFile``: on Windows an open handle
that no other process can take, on POSIX ``flock``; a lock left by a dead process is taken
over) for as long as it runs. A second start on the same profile asks the first, over a
``QLocalServer`` named after the profile, to bring its window to the front, then exits; when
the first cannot answer it says in Vietnamese that the app is already open there. A restore
from the command line takes the same lock, so it never replaces a database a window is using.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "counter-app.lock"
#: Named mutexes the window holds on Windows while it runs, whatever its profile: the
#: installer's ``AppMutex`` (packaging/windows/counter-app.iss) looks for them to close or wait
#: for a running copy before an upgrade or an uninstall. ``Global\`` sees other sessions' copies.
RUNNING_MUTEXES = ("CounterAppRunning", "Global\\CounterAppRunning")
RAISE_REQUEST = b"raise\n"
RAISED_REPLY = b"raised\n"
ANSWER_TIMEOUT_MS = 3000


def lock_path(profile_dir: Path) -> Path:
    return Path(profile_dir) / LOCK_NAME


def server_name(profile_dir: Path) -> str:
    """The local socket's name for *profile_dir* (one per profile folder and OS user)."""
    key = str(Path(profile_dir).resolve()).casefold() if sys.platform == "win32" else str(Path(profile_dir).resolve())
    return "counter-app-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def try_lock(profile_dir: Path) -> tuple[QLockFile | None, int | None]:
    """(the held lock, None) or (None, the PID of the process holding it, when known)."""
    lock = QLockFile(str(lock_path(profile_dir)))
    lock.setStaleLockTime(0)  # only a dead holder makes the lock stale, never its age
    if lock.tryLock(0):
        return lock, None
    info = lock.getLockInfo()  # PySide6: (pid, hostname, appname); pid 0 when unreadable
    pid = next((v for v in info if isinstance(v, int) and not isinstance(v, bool)), 0) if info else 0
    return None, (pid if pid > 0 else None)


def already_open_message(profile_dir: Path, pid: int | None) -> str:
    from PySide6.QtCore import QCoreApplication

    holder = QCoreApplication.translate("instance", " (tiến trình số %1)").replace("%1", str(pid)) if pid else ""
    return QCoreApplication.translate(
        "instance", "Phần mềm tiếp nhận hồ sơ đã đang mở trên thư mục dữ liệu %1%2. Hãy dùng cửa sổ đang mở "
        "(trên thanh tác vụ); không mở hai cửa sổ trên cùng một thư mục dữ liệu.").replace(
        "%1", str(profile_dir)).replace("%2", holder)


def restore_refused_message(profile_dir: Path, pid: int | None) -> str:
    holder = f" (tiến trình số {pid})" if pid else ""
    return (f"Không thể khôi phục: phần mềm tiếp nhận hồ sơ đang mở trên thư mục dữ liệu {profile_dir}{holder}. "
            "Hãy đóng cửa sổ phần mềm rồi chạy lại lệnh khôi phục, hoặc khôi phục ngay trong phần mềm "
            "(Quản trị → Sao lưu).")


def ask_first_to_raise(profile_dir: Path, pid: int | None = None) -> bool:
    """Ask the running copy on *profile_dir* to bring its window to the front; True when it did."""
    if sys.platform == "win32" and pid:
        _allow_foreground(pid)
    socket = QLocalSocket()
    socket.connectToServer(server_name(profile_dir))
    if not socket.waitForConnected(ANSWER_TIMEOUT_MS):
        return False
    socket.write(RAISE_REQUEST)
    socket.flush()
    answered = b""
    while RAISED_REPLY not in answered and socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
        answered += bytes(socket.readAll().data())
    socket.abort()
    return RAISED_REPLY in answered


def _allow_foreground(pid: int) -> None:
    """Let the first copy take the foreground (Windows gives it only to the process the user
    just started, which is this one)."""
    try:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(int(pid))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        pass


class InstanceServer(QObject):
    """Answers a second start on the same profile by bringing this copy's windows to the front."""

    def __init__(self, profile_dir: Path, bring_to_front: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self._bring_to_front = bring_to_front
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(profile_dir)
        QLocalServer.removeServer(name)  # a socket file left by a copy that died (we hold the lock)
        self.listening = self._server.listen(name)
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if RAISE_REQUEST.strip() in bytes(socket.readAll().data()):
            self._bring_to_front()
            socket.write(RAISED_REPLY)
            socket.flush()


def bring_windows_to_front() -> None:
    """Restore, raise and activate this application's visible windows (a modal dialog last)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    modal = QApplication.activeModalWidget()
    for widget in [w for w in windows if w is not modal] + ([modal] if modal is not None else []):
        if widget.windowState() & Qt.WindowState.WindowMinimized:
            widget.setWindowState(widget.windowState() & ~Qt.WindowState.WindowMinimized)
        widget.raise_()
        widget.activateWindow()


def hold_running_mutexes(platform: str = sys.platform) -> list[int]:
    """Create :data:`RUNNING_MUTEXES` (Windows; their handles, kept until the process ends,
    when Windows closes them). Elsewhere, or when a name cannot be made (the ``Global``
    namespace refused by a policy), the list is shorter: the lock file stays the guard."""
    if platform != "win32":
        return []
    handles = []
    try:
        import ctypes
        from ctypes import wintypes

        create = ctypes.windll.kernel32.CreateMutexW  # type: ignore[attr-defined]
        create.argtypes = (ctypes.c_void_p, wintypes.BOOL, wintypes.LPCWSTR)
        create.restype = wintypes.HANDLE
        for name in RUNNING_MUTEXES:
            handle = create(None, False, name)
            if handle:
                handles.append(handle)
    except (AttributeError, OSError):
        pass
    return handles


def claim_profile(profile_dir: Path, inform: Callable[[str], None]) -> QLockFile | None:
    """The profile's lock for this copy of the window, or None after the running copy was asked
    to come to the front (or, when it could not be reached, *inform* was told it is open)."""
    lock, pid = try_lock(profile_dir)
    if lock is not None:
        return lock
    if ask_first_to_raise(profile_dir, pid):
        if sys.stderr is not None:  # the windowed exe has none
            sys.stderr.write("Phần mềm đã đang mở trên thư mục dữ liệu này: đã đưa cửa sổ đó lên trước.\n")
        return None
    inform(already_open_message(profile_dir, pid))
    return None

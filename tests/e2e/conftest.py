"""The X suite: the real application on an X server (Xvfb), driven by real X11 key events.

pytest-qt drives widgets with synthetic Qt events; this suite proves what that cannot: the
keys a person or a USB scanner sends through the X server's keyboard (Shift presses, key
maps, input focus), the window on a real 1366×768 screen, and the real start (sign-in).
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.xkeys import XKeyboard

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {"1366x768": (1366, 768), "1280x720": (1280, 720)}

pytestmark = pytest.mark.x11


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"the X suite needs {', '.join(missing)} (scripts/setup.sh installs them)")


#: The letters of Vietnamese beyond ASCII, in NFC.
VIETNAMESE_LETTERS = "".join(sorted(set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ")))


class XServer:
    """An Xvfb server of one screen size with a window manager and its taskbar (IceWM), as a
    Windows desktop has: the work area the window must fit is the screen less the taskbar."""

    def __init__(self, width: int, height: int):
        _need("Xvfb", "xdotool", "xprop", "xwininfo", "xmodmap", "icewm")
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp",
             "-noreset"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:  # Xvfb writes its display number once it accepts clients
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        self.size = (width, height)
        self.env = {**os.environ, "DISPLAY": self.display}
        self.env.pop("QT_QPA_PLATFORM", None)
        self.env.pop("WAYLAND_DISPLAY", None)
        self.wm = subprocess.Popen(["icewm", "--replace"], env=self.env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.work_area = self._wait_for_work_area()
        self._map_vietnamese_letters()
        self.keyboard = XKeyboard(self.env)

    def _map_vietnamese_letters(self) -> None:
        """Give every Vietnamese letter a key of its own (lower case, Shift for upper case), as a
        Vietnamese keyboard layout does. Without this xdotool rebinds one spare key code for
        each letter it lacks while typing, and a letter still being translated by the
        application can come out as the next one (seen here with a 3 ms scanner burst)."""
        keymap = subprocess.run(["xmodmap", "-pke"], env=self.env, capture_output=True, text=True,
                                check=True).stdout
        spare = [int(line.split()[1]) for line in keymap.splitlines()
                 if len(line.split()) == 3 or (len(line.split()) > 3 and line.split()[3].startswith("XF86"))]
        pairs = sorted({ch.lower() for ch in VIETNAMESE_LETTERS})
        if len(spare) < len(pairs):
            raise RuntimeError(f"only {len(spare)} spare key codes for {len(pairs)} Vietnamese letters")
        lines = [f"keycode {code} = U{ord(lower):04X} U{ord(lower.upper()):04X}"
                 for code, lower in zip(reversed(spare), pairs)]
        subprocess.run(["xmodmap", "-"], input="\n".join(lines) + "\n", env=self.env, text=True, check=True)

    def _wait_for_work_area(self, timeout_s: float = 30.0) -> tuple[int, int, int, int]:
        """The work area the window manager announces once its taskbar is up (it is ready then)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            out = subprocess.run(["xprop", "-root", "-notype", "_NET_WORKAREA"], env=self.env,
                                 capture_output=True, text=True).stdout
            numbers = [int(n) for n in re.findall(r"\d+", out.partition("=")[2])[:4]]
            if len(numbers) == 4 and numbers[3] < self.size[1]:
                return tuple(numbers)
            if self.wm.poll() is not None:
                raise RuntimeError("the window manager (icewm) exited")
            time.sleep(0.05)  # polling the X server for a condition, bounded by the deadline
        raise RuntimeError("the window manager announced no work area with a taskbar")

    def window_origin(self, win_id: int) -> tuple[int, int]:
        """Where the X server has window *win_id*'s top-left corner on the screen."""
        out = subprocess.run(["xwininfo", "-id", str(win_id)], env=self.env,
                             capture_output=True, text=True, check=True).stdout
        x = re.search(r"Absolute upper-left X:\s+(-?\d+)", out)
        y = re.search(r"Absolute upper-left Y:\s+(-?\d+)", out)
        return int(x.group(1)), int(y.group(1))

    def stop(self) -> None:
        self.wm.terminate()
        self.wm.wait(timeout=10)
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def x_servers():
    """One X server per screen size, started when first asked for."""
    servers: dict[str, XServer] = {}
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def xserver(request, x_servers):
    """The X server: 1366×768 unless a test asks for another size (indirect parametrisation)."""
    size = getattr(request, "param", "1366x768")
    if size not in x_servers:
        x_servers[size] = XServer(*SCREENS[size])
    return x_servers[size]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A demo profile (agency, officers, catalogue, a few dossiers), made once and copied."""
    path = tmp_path_factory.mktemp("e2e") / "demo"
    subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(path), "demo", "--dossiers", "40"],
                   cwd=ROOT, check=True, capture_output=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return path


@pytest.fixture
def profile(demo_template, tmp_path):
    path = tmp_path / "profile"
    shutil.copytree(demo_template, path)
    return path


#: What a failed wait reports of the application's state.
STATE = ("{'focus': repr(focus), 'focus_text': getattr(focus, 'text', lambda: None)(), 'modal': repr(modal), "
         "'page': window.tabs.tabText(window.tabs.currentIndex()) if window else None, "
         "'search': window.receive_page.picker.search.text() if window else None, "
         "'matches': [window.receive_page.picker.matches.item(i).text() "
         "for i in range(window.receive_page.picker.matches.count())] if window else None, "
         "'message': window.receive_page.message.text() if window else None, "
         "'held': window.scan_filter.pending_text() if window and hasattr(window, 'scan_filter') else None}")


class ProbeFailed(AssertionError):
    pass


class RunningApp:
    """The application's process on the X server, and the probe that reads its state."""

    def __init__(self, xserver: XServer, profile: Path, extra_env: dict | None = None):
        self.x = xserver
        self.keys = xserver.keyboard
        self.profile = profile
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.app_child", str(profile)], cwd=ROOT,
            env={**xserver.env, **(extra_env or {})}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        self.answers: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def _read_stdout(self) -> None:
        for line in self.proc.stdout:
            if line.startswith("PROBE "):
                self.answers.put(json.loads(line[6:]))
        self.answers.put({"error": "the application's process ended"})

    def _ask(self, request: dict, timeout: float):
        self.proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        try:
            answer = self.answers.get(timeout=timeout)
        except queue.Empty:
            raise ProbeFailed(f"no answer to {request} in {timeout} s; stderr:\n{''.join(self.stderr)[-3000:]}") from None
        if "error" in answer:
            raise ProbeFailed(f"{request}: {answer['error']}\nstderr:\n{''.join(self.stderr)[-3000:]}")
        return answer

    def eval(self, expr: str):
        """The value of *expr* in the application (read only)."""
        return self._ask({"eval": expr}, 30)["value"]

    def wait(self, expr: str, timeout_ms: int = 20000):
        """Wait (in the application's event loop) until *expr* is true; its value."""
        answer = self._ask({"wait": expr, "timeout_ms": timeout_ms}, timeout_ms / 1000 + 30)
        if answer.get("timeout"):
            shot = self.profile.parent / "timed-out.png"
            self._ask({"grab": str(shot)}, 30)
            raise ProbeFailed(f"timed out waiting for {expr!r} (screen: {shot}); now: {self.eval(STATE)}; "
                              f"stderr:\n{''.join(self.stderr)[-3000:]}")
        return answer["value"]

    def focused_window(self, expr: str, timeout_s: float = 20.0) -> None:
        """Wait until the window of *expr* is shown, active, and holds the X input focus: the
        window manager gives the focus a moment after Qt shows the window, and keys pressed
        before then go to the window behind (as they would for a person typing too soon)."""
        self.wait(f"{expr} is not None and {expr}.isVisible() and {expr}.window().isActiveWindow()")
        win_id = int(self.eval(f"int({expr}.window().winId())"))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            out = subprocess.run(["xdotool", "getwindowfocus"], env=self.x.env, capture_output=True,
                                 text=True).stdout.strip()
            if out.isdigit() and int(out) == win_id:
                return
            time.sleep(0.02)  # polling the X server for a condition, bounded by the deadline
        raise ProbeFailed(f"the X input focus never reached {expr} (window {win_id})")

    def grab(self, path: Path) -> Path:
        assert self._ask({"grab": str(path)}, 30)["value"]
        return path

    def sign_in(self, user: str = "canbo1", password: str = "demo1234") -> None:
        self.wait("modal is not None and hasattr(modal, 'username') and modal.username.hasFocus()")
        self.focused_window("modal")
        self.keys.type(user, delay_ms=40)
        self.keys.key("Return")
        self.wait("focus is not None and focus.objectName() == 'password'")
        self.keys.type(password, delay_ms=40)
        self.keys.key("Return")
        self.focused_window("window")

    OFF_SCREEN = (
        "(lambda a: [f'{w.metaObject().className()} «{w.windowTitle()}» {r.getRect()} outside {a.getRect()}' "
        "for w in app.topLevelWidgets() if w.isVisible() and w.windowType() != QtCore.Qt.WindowType.ToolTip "
        "and w.windowType() != QtCore.Qt.WindowType.Popup "
        "for r in [w.geometry() if w.isMaximized() else w.frameGeometry()] "
        "if not a.contains(r)])(app.primaryScreen().availableGeometry())")

    def off_screen(self, settle_ms: int = 5000) -> list[str]:
        """The visible windows that do not lie inside the screen's work area (a maximised window
        by its client area: its frame's borders are off the screen by design), once the window
        manager has placed them (it may take a few turns); [] when all fit."""
        try:
            self.wait(f"not {self.OFF_SCREEN}", timeout_ms=settle_ms)
        except ProbeFailed:
            pass
        return self.eval(self.OFF_SCREEN)

    def clipped(self, widget_expr: str) -> str | None:
        """Why *widget_expr* is shown smaller than it needs (its minimum size hint), or None."""
        return self.eval(
            f"(lambda w: None if (w.minimumSizeHint().width() <= w.width() and "
            f"w.minimumSizeHint().height() <= w.height()) else "
            f"f'{{w.metaObject().className()}} needs {{w.minimumSizeHint().toTuple()}} but has {{w.size().toTuple()}}')"
            f"({widget_expr})")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def running(xserver, profile):
    apps: list[RunningApp] = []

    def start(extra_env: dict | None = None) -> RunningApp:
        app = RunningApp(xserver, profile, extra_env)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.close()

"""Real X11 key events through the XTEST extension (Debian's xdotool), as a keyboard sends them."""

from __future__ import annotations

import subprocess

_KEYSYMS = {
    " ": "space", ".": "period", "-": "minus", "|": "bar", "/": "slash", ",": "comma", ":": "colon",
    "_": "underscore", "]": "bracketright", "[": "bracketleft", "+": "plus", "=": "equal", "@": "at",
    "(": "parenleft", ")": "parenright", ";": "semicolon", "'": "apostrophe", "#": "numbersign",
}


def keysyms(text: str) -> list[str]:
    """X keysym names for *text* (xdotool presses Shift for the capitals and shifted symbols
    of a US layout; a letter the layout lacks is bound to a spare key code for the burst)."""
    out = []
    for ch in text:
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif ch in _KEYSYMS:
            out.append(_KEYSYMS[ch])
        else:
            out.append(f"U{ord(ch):04X}")
    return out


class XKeyboard:
    """Types into whatever window has the X input focus."""

    def __init__(self, env: dict):
        self.env = env
        self.navigation = 0   # keys pressed with key(): Enter, Tab, Space, shortcuts
        self.typed = 0        # characters typed as data with type()

    def _run(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=120)

    def type(self, text: str, *, delay_ms: int = 12) -> None:
        """Type *text* key by key, *delay_ms* apart (a US layout: Shift pressed for capitals;
        characters the layout lacks, such as Vietnamese letters, through a spare key code, as
        an input method commits them)."""
        if "\n" in text:
            raise ValueError("xdotool type sends Linefeed for a newline: use key('Return')")
        self._run("type", "--clearmodifiers", "--delay", str(delay_ms), "--", text)
        self.typed += len(text)

    def key(self, *names: str, delay_ms: int = 12) -> None:
        """Press and release each key, e.g. ``key("Return")``, ``key("ctrl+Return")``."""
        self._run("key", "--clearmodifiers", "--delay", str(delay_ms), *names)
        self.navigation += len(names)

    def scan(self, text: str, *, terminator: str = "Return", delay_ms: int = 3) -> None:
        """A keyboard-wedge scanner: *text* a few ms per key, Shift around every capital,
        then the terminator, all in one burst (one xdotool run: no gap before the terminator)."""
        self._run("key", "--delay", str(delay_ms), *keysyms(text), terminator)

    def click(self, x: int, y: int) -> None:
        """A left click at screen position (*x*, *y*)."""
        self._run("mousemove", "--sync", str(x), str(y), "click", "1")

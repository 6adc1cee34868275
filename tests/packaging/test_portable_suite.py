"""The suite runs on Windows too (.github/workflows/windows.yml): no POSIX-only habits in it.

A ``subprocess.run(..., text=True)`` without ``encoding`` decodes a child's UTF-8 output with
Windows' ANSI code page (mojibake, or UnicodeDecodeError on "Đ"); ``SIGKILL`` does not exist
there (``proc.kill()`` is TerminateProcess on Windows, SIGKILL on POSIX). The x11 suite is
Linux-only by nature and exempt from the second rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("tests", "packaging", "ui", "counter_app", "sync", "scripts")


def _sources() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py"))


def _is_sigkill(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "SIGKILL"


def problems(source: str, filename: str, *, posix_only: bool = False) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        for name in ("text", "universal_newlines"):
            value = keywords.get(name)
            if isinstance(value, ast.Constant) and value.value is True and "encoding" not in keywords:
                found.append(f"{filename}:{node.lineno}: {name}=True without encoding=")
        if not posix_only and any(_is_sigkill(arg) for arg in node.args):
            found.append(f"{filename}:{node.lineno}: SIGKILL (use proc.kill())")
    return found


def test_the_check_finds_both_habits():
    bad = 'subprocess.run(["x"], capture_output=True, text=True)\nproc.send_signal(signal.SIGKILL)\nos.kill(pid, signal.SIGKILL)\n'
    assert len(problems(bad, "bad.py")) == 3
    good = 'subprocess.run(["x"], capture_output=True, text=True, encoding="utf-8")\nproc.kill()\n'
    assert problems(good, "good.py") == []


def test_no_text_mode_subprocess_without_an_encoding_and_no_sigkill():
    found = []
    for path in _sources():
        rel = path.relative_to(ROOT)
        found += problems(path.read_text(encoding="utf-8"), str(rel), posix_only=rel.parts[:2] == ("tests", "e2e"))
    assert found == [], "\n".join(found)

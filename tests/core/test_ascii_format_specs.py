"""Every date format spec in the code is ASCII: Python 3.11 on Windows cannot strftime anything else.

Before CPython 3.13.1, ``datetime.strftime`` on Windows encodes the format with the C locale's
ANSI code page, so ``f"{dt:%H giờ %M phút}"`` raises ``UnicodeEncodeError`` there (and only
there). The Vietnamese words go outside the spec: ``f"{dt:%H} giờ {dt:%M} phút"``. This test
reads every module's syntax tree, so a non-ASCII spec fails on Linux before it reaches a counter.
"""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("counter_app", "ui", "sync", "packaging", "tests")


def _non_ascii(text: str) -> bool:
    return any(ord(ch) > 127 for ch in text)


def _spec_texts(spec: ast.JoinedStr) -> list[str]:
    """The literal parts of an f-string format spec, nested specs included."""
    texts: list[str] = []
    for part in spec.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            texts.append(part.value)
        elif isinstance(part, ast.FormattedValue) and part.format_spec is not None:
            texts.extend(_spec_texts(part.format_spec))
    return texts


def _literal_texts(node: ast.AST) -> list[str]:
    """The literal text of a str constant or f-string argument (outside its replacement fields)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [p.value for p in node.values if isinstance(p, ast.Constant) and isinstance(p.value, str)]
    return []


def _format_string_specs(template: str) -> list[str]:
    """Format specs of a ``str.format`` template (empty when it is not a valid template)."""
    try:
        return [spec for _, name, spec, _ in string.Formatter().parse(template) if name is not None and spec]
    except ValueError:
        return []


def offending_specs(source: str, filename: str = "<source>") -> list[str]:
    """Every non-ASCII format spec or strftime/format argument in *source*, as 'file:line: text'."""
    found: list[str] = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            for text in _spec_texts(node.format_spec):
                if _non_ascii(text):
                    found.append(f"{filename}:{node.lineno}: f-string spec {text!r}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name == "strftime":
                for arg in node.args:
                    for text in _literal_texts(arg):
                        if _non_ascii(text):
                            found.append(f"{filename}:{node.lineno}: strftime({text!r})")
            elif name == "format" and isinstance(func, ast.Name) and len(node.args) >= 2:
                for text in _literal_texts(node.args[1]):
                    if _non_ascii(text):
                        found.append(f"{filename}:{node.lineno}: format(…, {text!r})")
            elif name in ("format", "format_map") and isinstance(func, ast.Attribute):
                for template in _literal_texts(func.value):
                    for spec in _format_string_specs(template):
                        if _non_ascii(spec):
                            found.append(f"{filename}:{node.lineno}: str.format spec {spec!r}")
    return found


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_the_checker_finds_every_kind_of_non_ascii_spec():
    bad = '''
f"{dt:%H giờ %M phút}"
f"{dt:{width}đ}"
dt.strftime("%d tháng %m")
time.strftime(f"%H giờ {x}")
format(dt, "%H giờ")
"{:%H giờ}".format(dt)
"{at:%d tháng}".format_map(values)
'''
    assert len(offending_specs(bad)) == 7
    good = '''
f"{dt:%H} giờ {dt:%M} phút"
f"Đã nhận {n:,} hồ sơ lúc {dt:%H:%M}"
dt.strftime("%Y%m%d-%H%M%S")
"Ngày {:%d/%m/%Y}".format(d)
"{name} — {count:>5}".format(name="Đức", count=3)
'''
    assert offending_specs(good) == []


def test_the_checker_reads_every_module():
    modules = _modules()
    assert len(modules) > 100, "the packages were not found"
    assert ROOT / "counter_app" / "services" / "auth.py" in modules
    assert ROOT / "ui" / "cli" / "core_commands.py" in modules


def test_no_module_has_a_non_ascii_format_spec():
    found = []
    for path in _modules():
        found += offending_specs(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "non-ASCII format specs (UnicodeEncodeError on Windows with Python < 3.13.1):\n" + "\n".join(found)


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


@pytest.mark.parametrize("path", sorted((ROOT / "resources" / "forms").rglob("*.json")), ids=lambda p: p.name)
def test_form_templates_have_ascii_placeholder_specs(path):
    """Slip templates are filled by str.format: their placeholder specs must be ASCII too."""
    data = json.loads(path.read_text(encoding="utf-8"))
    bad = [spec for text in _json_strings(data) for spec in _format_string_specs(text) if _non_ascii(spec)]
    assert bad == []

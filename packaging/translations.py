"""Qt Linguist files of the interface: extract, fill, compile, report.

    python packaging/translations.py extract   # ui/**/*.py → resources/translations/*.ts
    python packaging/translations.py apply en words.json   # fill unfinished messages
    python packaging/translations.py compile   # *.ts → *.qm (build.py does this too)
    python packaging/translations.py status    # JSON: finished / unfinished per language

Vietnamese is the source language (the strings in the code); each other language has
`counter_app_<lang>.ts`. `apply` takes a JSON object {source text: translation} (a list of
two forms for a plural message) and fills the messages still unfinished, so new screens can
be translated in bulk as well as in Qt Linguist (`pyside6-linguist`).
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("en",)
# lupdate names the context of `window.tr("…")` after the variable; at run time Qt uses the
# class of the object (`MainWindow`). Messages found under the variable's name are copied to
# the class's context after each extraction, with their translations.
CONTEXT_ALIASES = {"window": "MainWindow"}
# Strings a module passes to its translate helper from a table of the core (no literal in ui/):
# context → "module:attribute" of a dict whose values are the Vietnamese texts.
TABLE_SOURCES = {"card": ("ui.messages:STATUS_WORDS",), "messages": ("ui.messages:ACTION_VERBS", "ui.messages:ROLE_WORDS", "ui.messages:TEXTS")}


def tool(name: str) -> str:
    """A console tool installed next to this Python (pyside6-lupdate, pyside6-lrelease,
    pyinstaller), else found on PATH."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / name, scripts / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found next to {sys.executable} nor on PATH: "
                         "install the project with its 'packaging' extra")
    return found


def ts_file(language: str) -> Path:
    return TRANSLATIONS / f"counter_app_{language}.ts"


def sources() -> list[Path]:
    """Every Python file of the interface, in a stable order."""
    return sorted(p for p in (ROOT / "ui").rglob("*.py") if "__pycache__" not in p.parts)


def extract() -> None:
    """Merge the strings found in ui/ into each .ts (obsolete ones dropped)."""
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(ROOT)) for p in sources()]
    helpers = helper_messages()
    for language in LANGUAGES:
        ts = ts_file(language)
        previous = _translations(ts) if ts.exists() else {}
        subprocess.run(
            [tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
             "-source-language", "vi_VN", "-target-language", language, *files, "-ts", str(ts)],
            check=True, cwd=ROOT,
        )
        add_helper_messages(ts, helpers, previous)
        copy_aliased_contexts(ts)


def _helper_context(node: ast.FunctionDef) -> str | None:
    """The context of ``def f(text): return <Qt class>.translate("<context>", text)``, else None."""
    if len(node.args.args) != 1 or len(node.body) != 1 or not isinstance(node.body[0], ast.Return):
        return None
    call = node.body[0].value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "translate"
            and len(call.args) == 2 and isinstance(call.args[0], ast.Constant)
            and isinstance(call.args[0].value, str) and isinstance(call.args[1], ast.Name)
            and call.args[1].id == node.args.args[0].arg):
        return None
    return call.args[0].value


def helper_messages() -> dict[str, list[str]]:
    """Strings given to a module-level translate helper (``_tr("…")``), by context.

    lupdate recognises only ``tr``/``translate`` calls, so the literals passed to such a helper
    (whose context is fixed inside it) are collected here, plus the core tables of
    TABLE_SOURCES that a helper translates at run time."""
    found: dict[str, list[str]] = {}
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        helpers = {n.name: ctx for n in tree.body if isinstance(n, ast.FunctionDef)
                   if (ctx := _helper_context(n)) is not None}
        if not helpers:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                texts = found.setdefault(helpers[node.func.id], [])
                if node.args[0].value not in texts:
                    texts.append(node.args[0].value)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for context, tables in TABLE_SOURCES.items():
        for spec in tables:
            module, attribute = spec.split(":")
            texts = found.setdefault(context, [])
            texts.extend(t for t in getattr(importlib.import_module(module), attribute).values() if t not in texts)
    return found


def _translations(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """The <translation> of every message, by (context, source)."""
    return {(c.findtext("name"), m.findtext("source")): copy.deepcopy(m.find("translation"))
            for c in ET.parse(ts).getroot().iter("context") for m in c.iter("message")
            if m.find("translation") is not None}


def add_helper_messages(ts: Path, helpers: dict[str, list[str]],
                        previous: dict[tuple[str, str], ET.Element]) -> None:
    """Add the helpers' messages lupdate did not see, keeping their earlier translations."""
    tree = ET.parse(ts)
    root = tree.getroot()
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for name, texts in helpers.items():
        if name not in contexts:
            contexts[name] = ET.SubElement(root, "context")
            ET.SubElement(contexts[name], "name").text = name
        present = {m.findtext("source") for m in contexts[name].iter("message")}
        for text in texts:
            if text in present:
                continue
            message = ET.SubElement(contexts[name], "message")
            ET.SubElement(message, "source").text = text
            translation = previous.get((name, text))
            if translation is None:
                translation = ET.Element("translation", {"type": "unfinished"})
            message.append(translation)
    root[:] = sorted(root, key=lambda c: c.findtext("name") or "")  # lupdate's order of contexts
    _write(tree, ts)


def copy_aliased_contexts(ts: Path) -> None:
    """Copy messages of each alias context into the context Qt looks them up in."""
    tree = ET.parse(ts)
    root = tree.getroot()
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for alias, target in CONTEXT_ALIASES.items():
        if alias not in contexts:
            continue
        if target not in contexts:
            contexts[target] = ET.SubElement(root, "context")
            ET.SubElement(contexts[target], "name").text = target
        present = {m.findtext("source") for m in contexts[target].iter("message")}
        for message in contexts[alias].iter("message"):
            if message.findtext("source") not in present:
                contexts[target].append(copy.deepcopy(message))
    _write(tree, ts)


def _write(tree: ET.ElementTree, ts: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def compile_all() -> list[Path]:
    """Run lrelease on each language's .ts (counter_app_<lang>.ts, and qtbase_<lang>.ts: our
    translation of Qt's own texts, written by hand, for languages Qt ships none for); returns
    the .qm files written."""
    written = []
    for ts in sorted([*TRANSLATIONS.glob("counter_app_*.ts"), *TRANSLATIONS.glob("qtbase_*.ts")]):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


def _unfinished(message: ET.Element) -> bool:
    translation = message.find("translation")
    return translation is None or translation.get("type") == "unfinished"


def apply(language: str, words: dict[str, object]) -> int:
    """Fill unfinished messages of *language* from *words*; returns how many were filled."""
    ts = ts_file(language)
    tree = ET.parse(ts)
    filled = 0
    for message in tree.iter("message"):
        source = message.findtext("source")
        if source not in words or not _unfinished(message):
            continue
        value = words[source]
        translation = message.find("translation")
        for child in list(translation):
            translation.remove(child)
        if message.get("numerus") == "yes":
            forms = value if isinstance(value, list) else [value, value]
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
            translation.text = None
        else:
            translation.text = str(value)
        translation.attrib.pop("type", None)
        filled += 1
    _write(tree, ts)
    return filled


def status() -> dict:
    report = {}
    for language in LANGUAGES:
        tree = ET.parse(ts_file(language))
        messages = list(tree.iter("message"))
        unfinished = [m.findtext("source") for m in messages if _unfinished(m)]
        report[language] = {"messages": len(messages), "unfinished": len(unfinished), "unfinished_sources": unfinished}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Qt Linguist files of the interface")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract")
    sub.add_parser("compile")
    sub.add_parser("status")
    p = sub.add_parser("apply")
    p.add_argument("language", choices=LANGUAGES)
    p.add_argument("words", type=Path)
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract()
    elif args.command == "compile":
        compile_all()
    elif args.command == "apply":
        words = json.loads(args.words.read_text(encoding="utf-8"))
        print(json.dumps({"filled": apply(args.language, words)}))
    else:
        print(json.dumps(status(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The core speaks codes, the UI speaks words: no Vietnamese sentence in ``counter_app``.

An AST walk finds every string constant of ``counter_app`` with a Vietnamese letter (docstrings
and comments are not constants the officer reads; single letters are folding tables). What is
left must be data (names of places, the demo's people, the legal texts of printed forms) or in
a module still to be converted, each listed below with the most literals it may hold, so the
count can only go down. The words live in ``ui/messages.py`` and the translation files.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from counter_app.domain.errors import CODE_PATTERN

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "counter_app"
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)

#: Modules whose Vietnamese literals are data, not words of the interface.
DATA_MODULES = {
    "services/demo.py": "the demo's people, streets and documents: sample data in the country's language",
    "domain/provinces.py": "the official names of provinces and wards (Nghị quyết 202/2025/QH15)",
}

#: Single literals that are data inside a converted module: module → the literals.
DATA_LITERALS = {
    "domain/validation.py": {"Nữ"},  # the sex as the CCCD chip and the national forms write it
    "services/setup.py": {"Quầy "},  # a new workstation's stored name ("Quầy 2")
    # the national catalogue's fee kinds as its file writes them (the XLSX template, the import),
    # and the đồng's sign after an amount; the fee's detail line is the receipt's wording, in
    # resources/papers/fees.json
    "domain/fees.py": {"Miễn phí", "Theo trường hợp", "Theo bản", "Theo trang (lũy tiến)", "Do tỉnh quy định", " đ"},
}

#: Modules not converted yet → the most Vietnamese literals each may still hold (item 5 of
#: issue 14, work in progress: lower a number when converting, remove the line at zero).
#: Wording that is data lives in resources, not here: the national catalogue's file format in
#: resources/catalogue/format.json, the papers for citizens (the personal-data export, the
#: slip QR's verification) and the status names in resources/papers, the forms in resources/forms.
NOT_YET_CONVERTED: dict[str, int] = {}


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def vietnamese_literals() -> Counter:
    """Module (relative to counter_app/) → its Vietnamese string constants, docstrings aside."""
    found: Counter = Counter()
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                    and len(node.value) > 1 and VIETNAMESE.search(node.value)):
                module = path.relative_to(CORE).as_posix()
                if node.value not in DATA_LITERALS.get(module, ()):
                    found[module] += 1
    return found


def test_the_core_holds_no_vietnamese_words_outside_data_and_the_modules_still_to_convert():
    found = vietnamese_literals()
    unexpected = {m: n for m, n in found.items() if m not in DATA_MODULES and m not in NOT_YET_CONVERTED}
    assert unexpected == {}, "say these through a code and ui/messages.py"
    grown = {m: (n, NOT_YET_CONVERTED[m]) for m, n in found.items() if n > NOT_YET_CONVERTED.get(m, n)}
    assert grown == {}, "a module still to convert gained Vietnamese literals"
    done = sorted(m for m in NOT_YET_CONVERTED if found.get(m, 0) == 0)
    assert done == [], "converted: take these off NOT_YET_CONVERTED"


def test_the_walk_sees_vietnamese_where_it_is():
    found = vietnamese_literals()
    assert found["domain/provinces.py"] > 30 and found["services/demo.py"] > 30


def _codes_used() -> set[str]:
    """Every message code the core passes: a code-shaped first argument of a call to an error
    or to ``message``/``Message``."""
    names = {"message", "Message"}
    codes = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if func not in names and not func.endswith(("Error", "Failed", "NotFound", "NotAllowed", "Exhausted")):
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE_PATTERN.fullmatch(arg.value):
                    codes.add(arg.value)
    return codes


def test_every_code_the_core_uses_has_its_words_in_ui():
    from ui.messages import TEXTS

    used = _codes_used()
    assert {"action.not_allowed_in_status", "lookup.unknown_code", "history.bad_start"} <= used
    assert sorted(used - set(TEXTS)) == []


@pytest.mark.parametrize("code", sorted(__import__("ui.messages", fromlist=["TEXTS"]).TEXTS))
def test_each_text_names_only_parameters_in_braces(code):
    from ui.messages import TEXTS

    text = TEXTS[code]
    assert re.sub(r"\{[a-z_]+\}", "", text).count("{") == 0

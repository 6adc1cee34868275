"""Wording that is data, not interface: resources/<folder>/<name>.json, read once, in NFC.

Papers handed to citizens are Vietnamese by law whatever the window's language (the personal
data export, the slip QR's verification), the national portal's status names are the
Ministry's, and the national catalogue's file format has Vietnamese sheet and column names:
their words live in resource files (``resources/papers``, ``resources/catalogue``) so that a
change of wording is a data edit, not a code edit. The window's own words are ui's.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from typing import Any

from counter_app.domain.errors import CounterError
from counter_app.domain.paths import resource_path

_cache: dict[tuple[str, str], dict[str, Any]] = {}
_lock = threading.Lock()


class WordsUnreadable(CounterError):
    """A wording file of the installation is missing or broken (names the file)."""


def nfc_all(value: Any) -> Any:
    """*value* (JSON: text, lists, objects) with every text in NFC, keys included."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_all(v) for v in value]
    if isinstance(value, dict):
        return {nfc_all(k): nfc_all(v) for k, v in value.items()}
    return value


def words(folder: str, name: str) -> dict[str, Any]:
    """The JSON object of ``resources/<folder>/<name>.json`` (NFC; cached per process).

    Raises WordsUnreadable (``words.unreadable`` with the path and why) when the file is
    missing or is not a JSON object: an installation fault, said to the officer in words.
    """
    key = (folder, name)
    found = _cache.get(key)
    if found is not None:
        return found
    path = resource_path(folder, f"{name}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WordsUnreadable("words.unreadable", path=str(path), detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise WordsUnreadable("words.unreadable", path=str(path), detail="not a JSON object")
    with _lock:
        return _cache.setdefault(key, nfc_all(data))


def status_names() -> dict[Any, str]:
    """The national portal's status names (``resources/papers/statuses.json``), by DossierStatus:
    the words printed on papers, and the source words ui translates for the window."""
    from counter_app.domain.enums import DossierStatus

    names = words("papers", "statuses")["statuses"]
    return {status: names[str(int(status))] for status in DossierStatus}

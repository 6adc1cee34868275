"""Text helpers: NFC normalisation and diacritic folding for search."""

from __future__ import annotations

import unicodedata

from counter_app.domain.errors import Said, message

_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def nfc(value: str | None) -> str | None:
    """Return *value* normalised to NFC with surrounding whitespace removed (None stays None)."""
    if value is None:
        return None
    return unicodedata.normalize("NFC", value).strip()


def excerpt(value: object, limit: int = 40) -> Said:
    """*value* as text for quoting in a message, cut to *limit* characters (then a
    ``text.excerpt`` message: the start, "…" and the full length) so that a message never
    echoes a huge input."""
    text = str(value)
    if len(text) <= limit:
        return text
    return message("text.excerpt", start=text[:limit], length=len(text))


def collapse_spaces(value: str) -> str:
    """Collapse runs of whitespace into single spaces."""
    return " ".join(value.split())


def fold(value: str | None) -> str:
    """Lower-case, strip diacritics and fold đ/Đ to d: "Đặng Văn Đức" -> "dang van duc".

    Used for search keys so that officers can type names without diacritics.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return collapse_spaces(stripped.casefold().translate(_EXTRA_FOLDS))

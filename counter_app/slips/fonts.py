"""Register the bundled Tinos fonts with reportlab once per process.

reportlab's built-in Times drops Vietnamese letters; Tinos (metric-compatible with Times New
Roman, SIL Open Font License 1.1, see resources/fonts/LICENSE-Tinos.txt) covers them and is
embedded, subset, in every slip.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counter_app.domain.errors import CounterError
from counter_app.domain.paths import resource_path

REGULAR, BOLD, ITALIC, BOLD_ITALIC = "Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-BoldItalic"
_FILES = {
    REGULAR: "Tinos-Regular.ttf",
    BOLD: "Tinos-Bold.ttf",
    ITALIC: "Tinos-Italic.ttf",
    BOLD_ITALIC: "Tinos-BoldItalic.ttf",
}
_lock = threading.Lock()


class FontMissing(CounterError, FileNotFoundError):
    """A font file of the installation is missing (``slips.font_missing``, naming the file)."""


_registered = False


def register_fonts() -> None:
    """Register the four Tinos faces (idempotent, thread-safe, parsed once per process)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            path = resource_path("fonts", filename)
            if not path.is_file():
                raise FontMissing("slips.font_missing", path=str(path))
            pdfmetrics.registerFont(TTFont(name, str(path)))
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(REGULAR, bold, italic, name)
        _registered = True


def face(bold: bool = False, italic: bool = False) -> str:
    """The registered font name of a face."""
    if bold and italic:
        return BOLD_ITALIC
    return BOLD if bold else ITALIC if italic else REGULAR

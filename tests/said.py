"""What an error of the core says to a person: its code rendered by ui/messages.py.

``pytest.raises(..., match=...)`` reads ``str()``, which is a code with its parameters since the
core speaks codes; ``raises_saying`` checks the Vietnamese words a person reads instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from ui.messages import error_text


@contextmanager
def raises_saying(kind: type[BaseException], pattern: str) -> Iterator[pytest.ExceptionInfo]:
    """Like ``pytest.raises(kind, match=pattern)``, the pattern searched in the words."""
    with pytest.raises(kind) as info:
        yield info
    said = error_text(info.value)
    assert re.search(pattern, said), f"{pattern!r} not in {said!r}"

"""Client-made identifiers: UUIDv7, time-ordered and usable as idempotency keys."""

from __future__ import annotations

import uuid6


def new_id() -> str:
    """Return a new UUIDv7 as its canonical 36-character string."""
    return str(uuid6.uuid7())

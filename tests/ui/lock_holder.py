"""A child process that holds a profile's instance lock until its stdin closes (no window, no
socket to answer on: a copy that cannot be brought to the front)."""

import sys
from pathlib import Path

from ui.instance import try_lock

if __name__ == "__main__":
    lock, holder = try_lock(Path(sys.argv[1]))
    print("locked" if lock is not None else f"held by {holder}", flush=True)
    sys.stdin.read()
    if lock is not None:
        lock.unlock()

"""Frozen entry point of the bundle: the same `counter-app` command as the installed script."""

import multiprocessing
import sys

from ui.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())

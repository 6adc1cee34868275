"""Frozen entry point of the bundle, for both executables of the one spec.

``counter-app-cli.exe`` (console) is the same `counter-app` command as the installed script;
``counter-app.exe`` (windowed, Windows) opens the window, logs to the profile and refuses
commands with a dialog naming the CLI (``ui.windowed``).
"""

import multiprocessing
import sys

from ui.cli.main import main
from ui.windowed import is_windowed_executable, main_windowed

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main_windowed() if is_windowed_executable() else main())

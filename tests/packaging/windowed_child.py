"""Runs ui.windowed.main_windowed as counter-app.exe would, in its own process, with stdout and
stderr closed as a Windows GUI executable has them. A dialog is the one thing replaced: its
text is written to the file named by COUNTER_TEST_DIALOG_FILE (an offscreen box would wait
for a click forever). ``slot-error`` raises inside a Qt slot after the log is installed."""

import os
import sys
from pathlib import Path


def show(text: str) -> None:
    with open(os.environ["COUNTER_TEST_DIALOG_FILE"], "a", encoding="utf-8") as out:
        out.write(text + "\n---\n")


if __name__ == "__main__":
    sys.stdout = sys.stderr = None  # what a windowed executable starts with
    from ui.windowed import install_log, main_windowed

    if sys.argv[1] == "slot-error":
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication([])
        install_log(Path(sys.argv[2]))
        print("printed with no console")

        def broken_slot() -> None:
            raise ValueError("lỗi trong slot")

        QTimer.singleShot(0, broken_slot)
        QTimer.singleShot(50, app.quit)
        sys.exit(app.exec())
    sys.exit(main_windowed(sys.argv[1:], show=show))

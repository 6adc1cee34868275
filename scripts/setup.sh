#!/usr/bin/env bash
# Idempotent setup: Debian packages Qt needs, a virtual environment, the project and its extras.
# Usage: scripts/setup.sh [extras]   (default extras: server,test,bench,packaging)
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS="${1:-server,test,bench,packaging}"

# Shared libraries Qt's xcb/offscreen platforms load, Xvfb for a window without a display,
# PostgreSQL for the sync suite's second database; xdotool, x11-utils, x11-xserver-utils and
# IceWM for the X suite (tests/e2e: real key events on a screen with a window manager and its
# taskbar); CUPS with the CUPS-PDF driver for the printing suite's real print queues
# (tests/ui/cups_queue.py starts its own scheduler); faketime to run the CLI at a chosen instant
# under other PC time zones (tests/cli/test_vietnam_time.py); SANE's scanimage and its back
# ends, whose `test` device is the scanner of the capture tests (tests/core/test_capture_sane.py).
DEB_PKGS=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
          libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libnss3 libasound2
          xvfb xauth postgresql
          xdotool x11-utils x11-xserver-utils icewm
          cups printer-driver-cups-pdf
          faketime
          sane-utils libsane1
          icu-devtools gcc)  # the bundle's trimmed ICU data (packaging/icu_trim.py)
missing=()
for p in "${DEB_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# SANE's `test` back end ships commented out in dll.conf: enable it so that `scanimage -L`
# lists the virtual test:0/test:1 devices on a development machine and in CI. (The tests also
# point SANE_CONFIG_DIR at a config of their own naming only `test`, so they never probe the
# network back ends.)
DLL_CONF=/etc/sane.d/dll.conf
if [ -f "$DLL_CONF" ] && ! grep -qx 'test' "$DLL_CONF"; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    if grep -qx '#test' "$DLL_CONF"; then
        $SUDO sed -i 's/^#test$/test/' "$DLL_CONF"
    else
        echo test | $SUDO tee -a "$DLL_CONF" >/dev/null
    fi
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[${EXTRAS}]"

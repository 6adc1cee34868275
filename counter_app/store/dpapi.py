"""Windows DPAPI with the machine's key (``CRYPTPROTECT_LOCAL_MACHINE``) through ctypes, and the
protectors the machine key store (:mod:`counter_app.store.machine_keys`) seals its files with.

A :class:`Protector` turns bytes into a sealed blob and back, with *entropy* (bytes tied to
the profile) that must be given again to unseal:

- :class:`DpapiProtector` (Windows): ``CryptProtectData`` / ``CryptUnprotectData`` of
  ``crypt32.dll`` with ``CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN``. Any process
  on this PC can unseal the blob (that is the point: every Windows account of the counter),
  no other PC can (a copied key folder is useless elsewhere). Who may *read the file* is the
  keys folder's ACL (the installer sets it). No dependency: ``pywin32``'s ``win32crypt``
  wraps the same two calls but brings 10 MB of DLLs into the bundle for two functions.
- :class:`PlainProtector` (Linux, macOS): no OS sealing. There is no machine-scope secret
  store there that every local account can use; the key file is protected by its folder's
  permissions only (``check`` says so). The machine-wide profile is a Windows feature: on
  Linux the default profile is per user and its key stays in the user's key store.

The ctypes code only touches ``ctypes.windll`` when no ``crypt32`` object is given, so this
module imports on every OS and its argument marshalling is tested on Linux with a fake.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any, Protocol

CRYPTPROTECT_UI_FORBIDDEN = 0x1
CRYPTPROTECT_LOCAL_MACHINE = 0x4
DESCRIPTION = "counter-app machine key"


class ProtectError(Exception):
    """Sealing or unsealing failed (a blob of another PC, other entropy, a damaged blob)."""


class Protector(Protocol):
    """Seals bytes for this machine (see the module's docstring)."""

    name: str
    os_protected: bool  # False: only the file's permissions protect it

    def protect(self, data: bytes, entropy: bytes) -> bytes: ...
    def unprotect(self, blob: bytes, entropy: bytes) -> bytes: ...


class DATA_BLOB(ctypes.Structure):  # noqa: N801 - the Win32 name
    _fields_ = [("cbData", ctypes.c_uint32), ("pbData", ctypes.POINTER(ctypes.c_char))]


def _blob(data: bytes) -> tuple[DATA_BLOB, Any]:
    """A DATA_BLOB over a copy of *data* (the buffer is returned too: it must outlive the call)."""
    buffer = ctypes.create_string_buffer(data, len(data))
    return DATA_BLOB(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer


def _take(blob: DATA_BLOB, kernel32: Any) -> bytes:
    """The bytes of an output DATA_BLOB, its memory given back (LocalFree)."""
    try:
        return ctypes.string_at(blob.pbData, blob.cbData)
    finally:
        if blob.pbData:
            kernel32.LocalFree(blob.pbData)


class DpapiProtector:
    """DPAPI, machine scope. *crypt32* and *kernel32* are the DLLs (``ctypes.windll``'s by
    default, looked up at first use); tests pass fakes with the same two or one functions."""

    name = "dpapi-machine"
    os_protected = True

    def __init__(self, crypt32: Any = None, kernel32: Any = None):
        self._crypt32 = crypt32
        self._kernel32 = kernel32

    def _dlls(self) -> tuple[Any, Any]:
        if self._crypt32 is None:  # Windows only: ctypes.WinDLL does not exist elsewhere
            self._crypt32 = ctypes.WinDLL("crypt32.dll", use_last_error=True)  # type: ignore[attr-defined]
        if self._kernel32 is None:
            self._kernel32 = ctypes.WinDLL("kernel32.dll", use_last_error=True)  # type: ignore[attr-defined]
        return self._crypt32, self._kernel32

    def _last_error(self) -> int:
        get = getattr(ctypes, "get_last_error", None)
        return get() if get and sys.platform == "win32" else 0

    def protect(self, data: bytes, entropy: bytes) -> bytes:
        crypt32, kernel32 = self._dlls()
        data_in, _keep1 = _blob(data)
        extra, _keep2 = _blob(entropy)
        out = DATA_BLOB()
        ok = crypt32.CryptProtectData(ctypes.byref(data_in), DESCRIPTION, ctypes.byref(extra), None, None,
                                      CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN, ctypes.byref(out))
        if not ok:
            raise ProtectError(f"CryptProtectData failed (error {self._last_error()})")
        return _take(out, kernel32)

    def unprotect(self, blob: bytes, entropy: bytes) -> bytes:
        crypt32, kernel32 = self._dlls()
        data_in, _keep1 = _blob(blob)
        extra, _keep2 = _blob(entropy)
        out = DATA_BLOB()
        ok = crypt32.CryptUnprotectData(ctypes.byref(data_in), None, ctypes.byref(extra), None, None,
                                        CRYPTPROTECT_UI_FORBIDDEN, ctypes.byref(out))
        if not ok:
            raise ProtectError(f"CryptUnprotectData failed (error {self._last_error()})")
        return _take(out, kernel32)


class PlainProtector:
    """No sealing (Linux, macOS): the blob is the data. *entropy* is still checked by the
    caller's format (the profile's id is inside the file)."""

    name = "none"
    os_protected = False

    def protect(self, data: bytes, entropy: bytes) -> bytes:
        return data

    def unprotect(self, blob: bytes, entropy: bytes) -> bytes:
        return blob


def default_protector(platform: str | None = None) -> Protector:
    """DPAPI on Windows, the plain one elsewhere."""
    return DpapiProtector() if (platform or sys.platform) == "win32" else PlainProtector()

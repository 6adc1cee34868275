"""Text in and out of the CLI as UTF-8 bytes, whatever the console's code page.

On Windows, ``sys.stdin`` decodes with the ANSI code page (cp1252, cp1258…): a name piped in
UTF-8 is saved garbled and "Đ" cannot be decoded at all. The CLI therefore reads stdin (or a
file) as bytes and decodes them itself: UTF-8 with or without a BOM, or UTF-16 with its BOM
(what PowerShell 5.1's ``Out-File`` and ``>`` write). CSV goes out as bytes too: a UTF-8 BOM
(Excel then opens it as UTF-8) and ``\\r\\n`` once, never doubled by a text-mode stream.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from counter_app.domain.errors import FieldError, ValidationFailed

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_input(data: bytes, source: str) -> str:
    """*data* as text: UTF-8 (a BOM tolerated) or UTF-16 with a BOM; ValidationFailed naming
    *source* and the first bad byte otherwise."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], name
            break
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValidationFailed([FieldError(
            "encoding",
            f"{source} không phải văn bản UTF-8: byte 0x{data[exc.start]:02X} ở vị trí {exc.start + 1} không đọc được. "
            "Hãy lưu tệp dạng UTF-8 rồi dùng --input TỆP.")]) from None


def _binary_stdin():
    """stdin as a byte stream, or None when it is a text-only stream (a test's StringIO)."""
    return getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None


def read_input(path: Path | None) -> str:
    """The whole of *path* (None or ``-``: stdin) as text, decoded by :func:`decode_input`."""
    from ui.cli.main import BadInput, describe_error

    if path is not None and str(path) != "-":
        try:
            return decode_input(path.read_bytes(), f"Tệp {path}")
        except OSError as exc:
            raise BadInput(f"Không đọc được tệp {path}: {describe_error(exc)}") from exc
    if sys.stdin is None:
        raise BadInput("Không có dữ liệu vào: dùng --input TỆP hoặc đưa dữ liệu vào stdin.")
    binary = _binary_stdin()
    if binary is None:
        return sys.stdin.read()
    return decode_input(binary.read(), "Dữ liệu vào (stdin)")


def read_stdin_line() -> str:
    """One line of stdin (its line ending and a leading BOM removed), decoded as UTF-8."""
    binary = _binary_stdin()
    if binary is None:
        return sys.stdin.readline().rstrip("\r\n") if sys.stdin is not None else ""
    line = binary.readline()
    if line.startswith(codecs.BOM_UTF16_LE) or line.startswith(codecs.BOM_UTF16_BE):
        line += binary.read()  # a UTF-16 line ends in b"\n\x00": take the rest and cut after decoding
        return decode_input(line, "Dữ liệu vào (stdin)").splitlines()[0] if line else ""
    return decode_input(line, "Dữ liệu vào (stdin)").rstrip("\r\n")


def csv_bytes(rows: Iterable[dict], columns: list[str]) -> bytes:
    """*rows* as CSV for Excel: UTF-8 with a BOM, ``\\r\\n`` after every record."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return codecs.BOM_UTF8 + text.getvalue().encode("utf-8")


def write_output(data: bytes, path: Path | None) -> None:
    """*data* to *path* (written whole, in binary: no newline translation) or to stdout's bytes."""
    from ui.cli.main import BadInput, describe_error

    if path is not None and str(path) != "-":
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise BadInput(f"Không ghi được tệp {path}: {describe_error(exc)}") from exc
        return
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream (a test's capture)
        sys.stdout.write(data.decode("utf-8"))
        return
    binary.write(data)
    binary.flush()

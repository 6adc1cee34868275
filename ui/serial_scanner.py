"""A barcode scanner on a serial port (USB-COM mode), read with QtSerialPort.

In keyboard mode a scanner types, and the scanner filter must tell its keys from a person's
by their timing, through whatever input method the PC runs (Unikey, EVKey, Microsoft's
Telex keyboard). Most scanners can instead present themselves as a serial port (USB CDC,
"USB-COM"; ``COM3`` on Windows, ``/dev/ttyACM0`` on Linux) and send each code as a line:
nothing is typed, nothing is guessed, and a CCCD QR code keeps its Vietnamese letters (the
bytes are UTF-8). :class:`SerialScanReader` reads such a port; each complete line (ended by
the configured CR or LF) is emitted as ``text_scanned``, which the window connects to
:meth:`ui.scanner.ScanFilter.deliver_text`, the same path a keyboard scan takes.

A scanner unplugged (or the port not there yet at start) is looked for again every
``retry_ms``; ``status_changed`` says in Vietnamese what is going on, for the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QIODevice, QObject, QTimer, Signal
from PySide6.QtSerialPort import QSerialPort, QSerialPortInfo

RETRY_MS = 2000
MAX_LINE_BYTES = 4096  # a CCCD QR code is about 100 bytes; more without a terminator is noise
_TERMINATOR_BYTES = {"cr": b"\r", "lf": b"\n"}
_NOT_LOST = (QSerialPort.SerialPortError.NoError, QSerialPort.SerialPortError.TimeoutError)


def serial_ports() -> list[tuple[str, str]]:
    """The serial ports present now, as (name, description): ("COM3", "USB Serial Device")."""
    return [(info.portName(), info.description() or info.manufacturer())
            for info in QSerialPortInfo.availablePorts()]


def decode_line(raw: bytes) -> str:
    """A scanned line as text: UTF-8 (a BOM or stray CR/LF/NUL around it removed); bytes that
    are not UTF-8 are kept as their Windows-1258 characters, never an exception."""
    raw = raw.strip(b"\r\n\x00")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1258", errors="replace")


class SerialScanReader(QObject):
    """Reads scanned codes from a serial port, reconnecting when it disappears.

    Signals: ``text_scanned(str raw)`` (one complete line, terminator removed),
    ``status_changed(str message, bool connected)`` (Vietnamese, for the status bar).
    """

    text_scanned = Signal(str)
    status_changed = Signal(str, bool)

    def __init__(self, port_name: str, baud: int = 9600, terminator: str = "cr", *,
                 retry_ms: int = RETRY_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.port_name = port_name.strip()
        self.baud = int(baud)
        self.terminator = _TERMINATOR_BYTES.get(terminator, b"\r")
        self.port: QSerialPort | None = None
        self.connected = False
        self.status = ""
        self._buffer = b""
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._open)

    def start(self) -> None:
        """Open the port now (or keep trying every ``retry_ms`` until it is there)."""
        if not self.port_name:
            self._say(self.tr("Máy quét cổng COM: chưa chọn cổng trong Cài đặt → Máy quét."), False)
            return
        self._open()

    def stop(self) -> None:
        """Close the port and stop trying (the window is closing, or the settings changed)."""
        self._retry.stop()
        self._close()
        self.connected = False

    def _open(self) -> None:
        self._close()
        port = QSerialPort(self)
        port.setPortName(self.port_name)
        if not port.open(QIODevice.OpenModeFlag.ReadOnly):
            reason = self._reason(port)
            port.deleteLater()
            self._lost(self.tr("Máy quét cổng %1: không mở được (%2), đang thử lại…")
                       .replace("%1", self.port_name).replace("%2", reason))
            return
        port.setBaudRate(self.baud)
        port.setDataBits(QSerialPort.DataBits.Data8)
        port.setParity(QSerialPort.Parity.NoParity)
        port.setStopBits(QSerialPort.StopBits.OneStop)
        port.setFlowControl(QSerialPort.FlowControl.NoFlowControl)
        port.readyRead.connect(self._read)
        port.errorOccurred.connect(self._error)
        self.port = port
        self._buffer = b""
        self.connected = True
        self._say(self.tr("Máy quét cổng %1: đã kết nối.").replace("%1", self.port_name), True)

    def _close(self) -> None:
        port, self.port = self.port, None
        if port is not None:
            port.blockSignals(True)
            if port.isOpen():
                port.close()
            port.deleteLater()

    def _read(self) -> None:
        port = self.port
        if port is None:
            return
        self._buffer += bytes(port.readAll().data())
        *lines, self._buffer = self._buffer.split(self.terminator)
        if len(self._buffer) > MAX_LINE_BYTES:
            self._buffer = b""  # no terminator in sight: not a scanner speaking this framing
        for line in lines:
            text = decode_line(line)
            if text.strip():
                self.text_scanned.emit(text)

    def _error(self, error: QSerialPort.SerialPortError) -> None:
        if error in _NOT_LOST or self.port is None:
            return
        reason = self._reason(self.port)
        self._close()
        self._lost(self.tr("Mất kết nối máy quét cổng %1 (%2), đang thử kết nối lại…")
                   .replace("%1", self.port_name).replace("%2", reason))

    def _reason(self, port: QSerialPort) -> str:
        """The port's error in Vietnamese (Qt's own text is English), Qt's words kept after it
        for the technician."""
        E = QSerialPort.SerialPortError  # noqa: N806
        words = {
            E.DeviceNotFoundError: self.tr("không có cổng này"),
            E.PermissionError: self.tr("cổng đang được chương trình khác dùng hoặc không có quyền"),
            E.OpenError: self.tr("cổng đã được mở"),
            E.ResourceError: self.tr("thiết bị đã bị rút ra"),
            E.ReadError: self.tr("lỗi đọc dữ liệu"),
            E.TimeoutError: self.tr("hết thời gian chờ"),
        }.get(port.error(), self.tr("lỗi cổng nối tiếp"))
        detail = port.errorString()
        return f"{words}: {detail}" if detail else words

    def _lost(self, message: str) -> None:
        self.connected = False
        self._say(message, False)
        self._retry.start()

    def _say(self, message: str, connected: bool) -> None:
        if message != self.status:
            self.status = message
            self.status_changed.emit(message, connected)

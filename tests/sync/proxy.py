"""A small fault-injecting HTTP proxy between a workstation and the real server (tests only).

One request per client connection. Faults are queued and each applies to the next request
whose path starts with its prefix:
  ("reset", …)        close the client connection with an RST before forwarding anything
  ("drop_reply", …)   forward, let the server commit and answer, then reset the client
  ("stall", …)        hold the request without forwarding until the proxy stops (read timeout)
  ("status", 503, …)  answer with that status without forwarding (5xx, 429, 4xx)
Rules set with :meth:`FaultProxy.fail_matching` stay until cleared: every request whose path
starts with the prefix and whose body holds the marker is answered with the status (a server
that fails on one item, each time it sees it).
"""

from __future__ import annotations

import socket
import struct
import threading
from collections import Counter, deque


def _read_request(conn: socket.socket) -> tuple[bytes, bytes, str] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    path = head.split(b" ", 2)[1].decode("latin-1")
    return head, body, path


def _with_close(head: bytes) -> bytes:
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join(lines + [b"Connection: close"])


def _reset(conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class FaultProxy:
    """Listens on 127.0.0.1:`port` and forwards to 127.0.0.1:`upstream_port`."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self._faults: deque[tuple[str, tuple]] = deque()
        self._rules: list[tuple[str, bytes, int]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.requests: Counter[str] = Counter()   # path → requests seen
        self.forwarded: Counter[str] = Counter()  # path → requests the server answered
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def inject(self, prefix: str, kind: str, *args) -> None:
        """Queue a fault for the next request whose path starts with *prefix*."""
        with self._lock:
            self._faults.append((prefix, (kind, *args)))

    def fail_matching(self, prefix: str, marker: bytes, status: int) -> None:
        """Answer *status* to every request under *prefix* whose body holds *marker*, until cleared."""
        with self._lock:
            self._rules.append((prefix, marker, status))

    def clear(self) -> None:
        """Forget the faults not used yet and the standing rules."""
        with self._lock:
            self._faults.clear()
            self._rules.clear()

    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    def _take(self, path: str) -> tuple | None:
        with self._lock:
            for entry in self._faults:
                if path.startswith(entry[0]):
                    self._faults.remove(entry)
                    return entry[1]
        return None

    def _matching(self, path: str, body: bytes) -> tuple | None:
        with self._lock:
            for prefix, marker, status in self._rules:
                if path.startswith(prefix) and marker in body:
                    return ("status", status)
        return None

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            request = _read_request(conn)
            if request is None:
                conn.close()
                return
            head, body, path = request
            route = path.split("?", 1)[0]
            self.requests[route] += 1
            fault = self._take(path) or self._matching(path, body)
            kind = fault[0] if fault else None
            if kind == "reset":
                _reset(conn)
                return
            if kind == "stall":
                self._stop.wait()
                conn.close()
                return
            if kind == "status":
                status = int(fault[1])
                text = b'{"detail":"injected"}'
                extra = b"Retry-After: %d\r\n" % fault[2] if len(fault) > 2 else b""
                conn.sendall(b"HTTP/1.1 %d Injected\r\nContent-Type: application/json\r\n%s"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (status, extra, len(text), text))
                conn.close()
                return
            reply = self._forward(_with_close(head) + b"\r\n\r\n" + body)
            self.forwarded[route] += 1
            if kind == "drop_reply" or reply is None:
                _reset(conn)
                return
            rhead, _, rbody = reply.partition(b"\r\n\r\n")
            conn.sendall(_with_close(rhead) + b"\r\n\r\n" + rbody)
            conn.close()
        except OSError:
            conn.close()

    def _forward(self, raw: bytes) -> bytes | None:
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as up:
                up.sendall(raw)
                chunks = []
                while chunk := up.recv(65536):
                    chunks.append(chunk)
        except OSError:
            return None
        return b"".join(chunks) or None

    def close(self) -> None:
        self._stop.set()
        self._sock.close()

"""A fault-injection HTTP proxy on loopback, between the desktop client and the real server.

One request per connection (the proxy asks the upstream for ``Connection: close`` and
passes that on, so the client opens a fresh connection each time). Each POST takes
the next planned fault (``plan([...])``); GETs and unplanned POSTs pass through.

Faults:
  pass            forward, answer with the server's response
  refuse          reset the connection right after it is accepted, before any answer
  hang            read the request, never answer (the client's read timeout fires)
  reset_mid_body  forward half of the body to the server, then reset both connections
  drop_response   forward everything, let the server store it, then reset the client
                  instead of answering (the classic "unknown outcome")
  hold_response   like drop_response but wait for ``release()`` first (kill tests)
  stall_mid_body  forward half of the body, then stall until ``release()``, then reset (kill tests)
  500             answer 500 without reaching the server
  503             answer 503 with ``Retry-After: <retry_after>`` without reaching the server
  413             answer 413 right after the headers, drain the body, close (like nginx)

``down()`` closes the listening socket (true "connection refused") until ``up()`` reopens
it on the same port. ``events`` records (method, path, fault, stage) tuples; ``wait_for(stage)`` blocks on them.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections import deque
from dataclasses import dataclass, field

FAULTS = (
    "pass",
    "refuse",
    "hang",
    "reset_mid_body",
    "stall_mid_body",
    "drop_response",
    "hold_response",
    "500",
    "503",
    "413",
)


@dataclass
class Event:
    method: str
    path: str
    fault: str
    stage: str  # head | forwarded | stored | answered | reset | refused


def _rst(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), not a polite FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


def _read_head(sock: socket.socket, buf: bytearray) -> bytes | None:
    """Read until the end of the HTTP head; the rest stays in buf. None on EOF."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    i = buf.index(b"\r\n\r\n") + 4
    head = bytes(buf[:i])
    del buf[:i]
    return head


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def _with_connection_close(head: bytes) -> bytes:
    lines = [ln for ln in head.rstrip(b"\r\n").split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n"


def _response(status: int, reason: str, body: bytes, extra: dict[str, str] | None = None) -> bytes:
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body)), "Connection": "close"}
    headers.update(extra or {})
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode() + body


@dataclass
class FaultProxy:
    """``FaultProxy(upstream_port).start()``; ``url`` is what the client talks to."""

    upstream_port: int
    retry_after: int = 7
    host: str = "127.0.0.1"
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._plan: deque[str] = deque()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._release = threading.Event()
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self.port = 0

    # -- control -------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def plan(self, faults: list[str]) -> None:
        """Faults for the next POSTs, in order; afterwards POSTs pass."""
        for f in faults:
            if f not in FAULTS:
                raise ValueError(f"unknown fault {f!r}")
        with self._lock:
            self._plan.extend(faults)

    def release(self) -> None:
        """Let held requests and responses go (hold_response, stall_mid_body)."""
        self._release.set()

    def hold(self) -> None:
        """Hold again after a :meth:`release` (for the next held request)."""
        self._release.clear()

    def wait_for(self, stage: str, count: int = 1, timeout: float = 30.0) -> bool:
        """Block until ``count`` events of ``stage`` were recorded."""
        with self._cond:
            return self._cond.wait_for(lambda: sum(e.stage == stage for e in self.events) >= count, timeout)

    def _event(self, method: str, path: str, fault: str, stage: str) -> None:
        with self._cond:
            self.events.append(Event(method, path, fault, stage))
            self._cond.notify_all()

    def _next_fault(self, method: str) -> str:
        with self._lock:
            if method == "POST" and self._plan:
                return self._plan.popleft()
        return "pass"

    def down(self) -> None:
        """Stop listening: new connections are refused (ECONNREFUSED) until :meth:`up`."""
        with self._lock:
            lst, self._listener = self._listener, None
        if lst is not None:
            # shutdown() first: close() alone leaves the socket listening while the accept
            # thread is still blocked in accept(), and late connections then get a reset.
            with contextlib.suppress(OSError):
                lst.shutdown(socket.SHUT_RDWR)
            lst.close()

    def up(self) -> None:
        """Listen again on the same port."""
        self._listen()

    def start(self) -> FaultProxy:
        self._listen()
        t = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._release.set()
        with self._lock:
            lst, self._listener = self._listener, None
        if lst is not None:
            with contextlib.suppress(OSError):
                lst.close()
        for t in list(self._threads):
            t.join(10)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _listen(self) -> None:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((self.host, self.port))
        s.listen(64)
        s.settimeout(0.1)  # so stop() is noticed
        self.port = s.getsockname()[1]
        with self._lock:
            self._listener = s

    # -- serving -------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                lst = self._listener
            if lst is None:
                self._stop.wait(0.05)  # down(): wait for up() or stop()
                continue
            try:
                conn, _ = lst.accept()
            except TimeoutError:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                continue
            conn.settimeout(None)
            t = threading.Thread(target=self._handle_safely, args=(conn,), daemon=True)
            t.start()
            self._threads = [x for x in self._threads if x.is_alive()] + [t]

    def _handle_safely(self, conn: socket.socket) -> None:
        try:
            self._handle(conn)
        except OSError:
            _rst(conn)

    def _refuse_once(self, conn: socket.socket, method: str, path: str) -> None:
        """Reset this connection and stop listening until the client has seen a refusal."""
        _rst(conn)
        self._event(method, path, "refuse", "refused")

    def _handle(self, conn: socket.socket) -> None:
        buf = bytearray()
        head = _read_head(conn, buf)
        if head is None:
            conn.close()
            return
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        method, path = (request_line.split(" ") + ["", ""])[:2]
        fault = self._next_fault(method)
        self._event(method, path, fault, "head")
        length = _content_length(head)

        if fault == "refuse":
            # The client already connected, so a true ECONNREFUSED is impossible for this
            # request; a reset before any answer is what a crashed listener looks like.
            self._refuse_once(conn, method, path)
            return
        if fault in ("500", "503"):
            self._drain(conn, buf, length)
            if fault == "500":
                conn.sendall(_response(500, "Internal Server Error", b'{"detail": "Injected failure."}'))
            else:
                conn.sendall(
                    _response(
                        503,
                        "Service Unavailable",
                        b'{"detail": "Down for maintenance."}',
                        {"Retry-After": str(self.retry_after)},
                    )
                )
            self._event(method, path, fault, "answered")
            self._close(conn)
            return
        if fault == "413":
            conn.sendall(
                _response(
                    413, "Content Too Large", b'{"detail": "Request body larger than the 1 KB limit of this proxy."}'
                )
            )
            self._event(method, path, fault, "answered")
            self._drain(conn, buf, length)  # like nginx: read the rest so the client sees the answer
            self._close(conn)
            return
        if fault == "hang":
            self._drain(conn, buf, length)
            self._event(method, path, fault, "forwarded")
            # Hold the connection open, answering nothing, until the client gives up or we stop.
            with contextlib.suppress(OSError):
                conn.settimeout(0.1)
                while not self._stop.is_set():
                    try:
                        if not conn.recv(1024):
                            break
                    except TimeoutError:
                        continue
            conn.close()
            return

        up = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
        try:
            up.sendall(_with_connection_close(head))
            sent = 0
            half = length // 2
            if buf:
                part = bytes(buf[: length - sent])
                if fault in ("reset_mid_body", "stall_mid_body") and sent + len(part) > half:
                    part = part[: max(0, half - sent)]
                up.sendall(part)
                sent += len(part)
                buf.clear()
            while sent < length:
                if fault in ("reset_mid_body", "stall_mid_body") and sent >= half:
                    if fault == "stall_mid_body":
                        self._event(method, path, fault, "stalled")
                        self._release.wait()
                    self._event(method, path, fault, "reset")
                    _rst(up)
                    _rst(conn)
                    return
                chunk = conn.recv(min(65536, length - sent))
                if not chunk:
                    _rst(up)
                    conn.close()
                    return
                if fault in ("reset_mid_body", "stall_mid_body") and sent + len(chunk) > half:
                    chunk = chunk[: half - sent]
                up.sendall(chunk)
                sent += len(chunk)
            if fault in ("reset_mid_body", "stall_mid_body"):  # an empty body: reset right away
                self._event(method, path, fault, "reset")
                _rst(up)
                _rst(conn)
                return
            self._event(method, path, fault, "forwarded")
            response = bytearray()
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                response += chunk
        finally:
            with contextlib.suppress(OSError):
                up.close()
        self._event(method, path, fault, "stored")
        if fault == "hold_response":
            self._release.wait()
            fault = "drop_response"
        if fault == "drop_response":
            self._event(method, path, fault, "reset")
            _rst(conn)
            return
        conn.sendall(bytes(response))
        self._event(method, path, fault, "answered")
        self._close(conn)

    def _drain(self, conn: socket.socket, buf: bytearray, length: int) -> None:
        got = len(buf)
        buf.clear()
        while got < length:
            chunk = conn.recv(min(65536, length - got))
            if not chunk:
                return
            got += len(chunk)

    def _close(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            conn.shutdown(socket.SHUT_WR)
        conn.close()

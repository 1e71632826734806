"""One window per data dir: a second start brings the first one's window to the front and ends.

Two apps on one data dir share one draft file and one staging folder: each autosave overwrote the
other's draft, and Discard in the second deleted the first's capture. Which app owns a data dir is
decided by the drafts' lock (core/drafts.DraftStore.claim); this module only passes the "show
yourself" message between them, over a local socket named after the data dir.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox

HAND_OVER_TIMEOUT_MS = 4000  # a first app still starting listens within this; a hung one must not hold us longer
REPLY = b"ok\n"  # the first app's answer: the kernel accepts a connection even for a stopped (hung) process


def server_name(data_dir: Path) -> str:
    """The socket: one per user and data dir (the path hashed: socket paths are short).

    On POSIX a full path in the user's runtime dir, else /tmp: never Qt's temp path, which follows
    $TMPDIR (a second start with another TMPDIR did not find the first)."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    if os.name != "posix":
        return f"bugzot-{os.environ.get('USERNAME', '')}-{digest}"  # a named pipe: no folder
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = runtime if runtime and os.path.isdir(runtime) else "/tmp"
    return f"{base}/bugzot-{os.getuid()}-{digest}"


class InstanceServer(QObject):
    """Listens for later starts on the same data dir (only the app that claimed it makes one).

    Made right after the claim, before the window: a start a moment later finds it listening.
    Signals: ``activated()`` — another start asked for this app's window.
    """

    activated = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(data_dir)
        if not self._server.listen(name):
            # A socket file left by an app that was killed: we hold the data dir's lock, so it is stale.
            QLocalServer.removeServer(name)
            self._server.listen(name)
        self._server.newConnection.connect(self._on_server_new_connection)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    @Slot()
    def _on_server_new_connection(self) -> None:
        while (sock := self._server.nextPendingConnection()) is not None:
            sock.disconnected.connect(sock.deleteLater)
            sock.readyRead.connect(self._on_socket_readyRead)
            if sock.canReadLine():  # the request came with the connection
                self._answer(sock)

    @Slot()
    def _on_socket_readyRead(self) -> None:  # noqa: N802 - Qt naming
        sock = self.sender()
        if isinstance(sock, QLocalSocket) and sock.canReadLine():
            self._answer(sock)

    def _answer(self, sock: QLocalSocket) -> None:
        # The reply goes after the request is read: replying and closing at once made the second start's
        # write of its request fail on a closed socket now and then (under load), and it saw no reply.
        sock.readyRead.disconnect(self._on_socket_readyRead)
        sock.readAll()
        sock.write(REPLY)
        sock.disconnectFromServer()  # after the reply is written
        self.activated.emit()

    def close(self) -> None:
        """Stop listening; the socket file goes too."""
        self._server.close()


def hand_over(data_dir: Path, timeout_ms: int = HAND_OVER_TIMEOUT_MS) -> bool:
    """Ask the app that has ``data_dir`` to show its window; True when it answered.

    Connecting is retried until ``timeout_ms`` (the first app may be a moment from listening); an app
    that accepts but does not answer (stopped, hung) counts as not answering."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        sock = QLocalSocket()
        sock.connectToServer(server_name(data_dir))
        left = max(1, int((deadline - time.monotonic()) * 1000))
        if sock.waitForConnected(min(left, 500)):
            break
        sock.abort()
        if time.monotonic() >= deadline:
            return False
        QThread.msleep(100)  # nobody listens yet: the first app is still starting
    sock.write(b"show\n")
    sock.waitForBytesWritten(max(1, int((deadline - time.monotonic()) * 1000)))
    answered = bytes(sock.readAll().data()) == REPLY or (
        sock.waitForReadyRead(max(1, int((deadline - time.monotonic()) * 1000)))
        and bytes(sock.readAll().data()).startswith(REPLY)
    )
    sock.abort()
    return answered


class AlreadyOpen:
    """The modal note for a second start whose first app did not answer (tests replace :meth:`tell`)."""

    @classmethod
    def tell(cls, message: str) -> None:
        QMessageBox.warning(None, "BugZot", message)


class CannotStart:
    """The modal note for a start that fails before the window opens (data folder, outbox, bundled server):
    started from a menu, the line on stderr is never seen (tests replace :meth:`tell`)."""

    @classmethod
    def tell(cls, message: str) -> None:
        QMessageBox.critical(None, "BugZot", message)

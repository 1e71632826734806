"""One window per data dir: a second start brings the first one's window to the front and ends.

Two apps on one data dir share one draft file and one staging folder: each autosave overwrote the
other's draft, and Discard in the second deleted the first's capture. Which app owns a data dir is
decided by the drafts' lock (core/drafts.DraftStore.claim); this module only passes the "show
yourself" message between them, over a local socket named after the data dir.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox

HAND_OVER_TIMEOUT_MS = 3000  # a running app answers at once; a hung one must not hold a second start for long


def server_name(data_dir: Path) -> str:
    """The socket's name: one per user and data dir (the path hashed: names have a length limit)."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    uid = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"bugzot-{uid}-{digest}"


class InstanceServer(QObject):
    """Listens for later starts on the same data dir (only the app that claimed it makes one).

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
            sock.disconnectFromServer()
            self.activated.emit()

    def close(self) -> None:
        self._server.close()


def hand_over(data_dir: Path, timeout_ms: int = HAND_OVER_TIMEOUT_MS) -> bool:
    """Ask the app that has ``data_dir`` to show its window; True when it was reached."""
    sock = QLocalSocket()
    sock.connectToServer(server_name(data_dir))
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(b"show\n")
    sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return True


class AlreadyOpen:
    """The modal note for a second start whose first app did not answer (tests replace :meth:`tell`)."""

    @classmethod
    def tell(cls, message: str) -> None:
        QMessageBox.warning(None, "BugZot", message)

"""Helpers for the server tests: images, report payloads, a real uvicorn in a thread."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import struct
import threading
import uuid
import zlib
from pathlib import Path
from typing import Any

import requests
import uvicorn
from PIL import Image

from bugzot_desktop.core.wire import FileInfo, build_report_json
from bugzot_server.config import Settings


def png_bytes(w: int = 64, h: int = 48, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(w: int = 64, h: int = 48) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (10, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


def bomb_png(w: int = 100_000, h: int = 100_000) -> bytes:
    """A tiny PNG whose header claims w×h pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def report_for(files: list[tuple[str, bytes]], client_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """The report JSON exactly as the desktop builds it (core.wire.build_report_json)."""
    infos = [FileInfo(name, len(data), hashlib.sha256(data).hexdigest()) for name, data in files]
    base = {"title": "Crash on save", "description": "It crashes.", "severity": "major"}
    base.update(fields)
    return build_report_json(client_id or str(uuid.uuid4()), base, {"os": "Linux"}, infos)


def multipart(report: dict[str, Any], files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Keyword arguments for httpx/requests ``post`` that send report + files like the desktop does."""
    parts: list[tuple[str, Any]] = [("report", (None, json.dumps(report), "application/json"))]
    parts += [("files", (name, data, "application/octet-stream")) for name, data in files]
    return {"files": parts}


def post_report(client: Any, files: list[tuple[str, bytes]], headers: dict[str, str] | None = None, **kw: Any):
    report = report_for(files, **kw)
    return client.post("/api/v1/reports", headers=headers or {}, **multipart(report, files))


def stored_files(data_dir: Path) -> list[Path]:
    """Every file under the storage dir (originals, derivatives, temp)."""
    return sorted(p for p in (data_dir / "storage").rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveUvicorn:
    """A real uvicorn server in a thread on 127.0.0.1:<free port>; ready when ``/health`` answers."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))  # bound here: no race for the port
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        # uvicorn sets `started` once it listens; then /health must answer.
        import time

        deadline = time.monotonic() + timeout
        while not self.server.started:
            self.thread.join(0.02)
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
        assert requests.get(self.url + "/health", timeout=10).json()["status"] == "ok"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()


def make_settings(tmp_path: Path, database_url: str | None, **kw: object) -> Settings:
    base: dict[str, object] = {
        "data_dir": tmp_path / "srv",
        "database_url": database_url,
        "job_processes": 0,  # CPU work inline in the claimer thread; one test covers the process pool
        "job_poll_seconds": 0.5,
        "job_retry_seconds": 0.01,
    }
    base.update(kw)
    return Settings(**base)

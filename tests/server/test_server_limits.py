"""Hostile input: limits named in the message, 413 before the body is read, nothing half-stored, safe names."""

from __future__ import annotations

import json
import socket
from urllib.parse import quote

import pytest
import requests
from fastapi.testclient import TestClient
from server_helpers import LiveUvicorn, make_settings, multipart, png_bytes, post_report, report_for, stored_files

from bugzot_server import tokens
from bugzot_server.main import create_app


def _app(tmp_path, database_url, **kw):
    app = create_app(make_settings(tmp_path, database_url, **kw))
    return app, {"Authorization": "Bearer " + tokens.create(app.state.db, "t")}


def _nothing_stored(client, auth, settings_dir) -> None:
    assert client.get("/api/v1/reports", headers=auth).json()["total"] == 0
    assert stored_files(settings_dir) == []


def test_limits_are_named_in_the_message(tmp_path, database_url) -> None:
    app, auth = _app(tmp_path, database_url, max_files=2, max_file_bytes=5000, max_pixels=10_000, max_request_bytes=50_000)
    data_dir = tmp_path / "srv"
    with TestClient(app) as client:
        small = png_bytes(10, 10)
        r = post_report(client, [("a.png", small)] * 3, auth)
        assert (r.status_code, r.json()) == (413, {"detail": "Too many files: the limit is 2 per report (max_files)."})
        big = png_bytes(60, 60) + b"\x00" * 6000
        r = post_report(client, [("big.png", big)], auth)
        assert r.status_code == 413
        assert r.json()["detail"] == "File 'big.png' is larger than 5000 bytes (max_file_bytes); send a smaller image."
        r = post_report(client, [("wide.png", png_bytes(200, 100))], auth)
        assert r.status_code == 422
        assert r.json()["detail"].startswith("File wide.png is 200×100 pixels, more than the limit of 10,000 pixels")
        assert r.json()["detail"].endswith("(max_pixels=10000)")
        r = client.post("/api/v1/reports", headers=auth, content=b"x" * 60_000)
        assert r.status_code == 413
        assert r.json()["detail"] == "The request is larger than 50000 bytes (max_request_bytes); send fewer or smaller files."
        _nothing_stored(client, auth, data_dir)


def test_field_limit_from_the_wire_format(client, auth) -> None:
    r = post_report(client, [], auth, title="x" * 201)
    assert (r.status_code, r.json()) == (422, {"detail": "Field 'title' is 201 characters long; the limit is 200."})


def test_413_before_the_body_is_read(tmp_path, database_url) -> None:
    app, auth = _app(tmp_path, database_url, max_request_bytes=1000)
    srv = LiveUvicorn(app)
    try:
        # Declare 1 GB and send no body at all: the answer must come anyway.
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
            s.sendall(
                b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                b"Content-Length: 1000000000\r\n" + f"Authorization: {auth['Authorization']}\r\n\r\n".encode()
            )
            head = s.recv(4096).decode()
        assert head.startswith("HTTP/1.1 413 ")
        assert "max_request_bytes" in head
        # Chunked (no Content-Length): counted while streaming, refused, nothing left behind.
        report = report_for([("a.png", png_bytes(100, 100))])

        def body():
            yield b"--b\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n"
            yield json.dumps(report).encode() + b"\r\n"
            yield b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n\r\n"
            for _ in range(10):
                yield b"\x00" * 500

        r = requests.post(srv.url + "/api/v1/reports", data=body(), timeout=10,
                          headers={**auth, "Content-Type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
        assert r.json()["detail"] == "The request is larger than 1000 bytes (max_request_bytes); send fewer or smaller files."
        assert stored_files(tmp_path / "srv") == []
    finally:
        srv.stop()


def test_broken_multipart_leaves_nothing(client, auth, settings) -> None:
    report = report_for([("a.png", png_bytes())])
    body = (b"--b\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n" + json.dumps(report).encode()
            + b"\r\n--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n\r\n" + png_bytes()[:50])
    r = client.post("/api/v1/reports", headers={**auth, "Content-Type": "multipart/form-data; boundary=b"}, content=body)
    assert r.status_code == 422
    assert r.json()["detail"] == "The multipart body ended in the middle of a file; send the request again."
    cut_in_report = b"--b\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n" + json.dumps(report).encode()[:20]
    r = client.post("/api/v1/reports", headers={**auth, "Content-Type": "multipart/form-data; boundary=b"},
                    content=cut_in_report)
    assert (r.status_code, r.json()["detail"]) == (
        422, "The multipart body ended in the middle of part 'report'; send the request again.")
    r = client.post("/api/v1/reports", headers=auth, **multipart(report, [("a.png", png_bytes())]))
    assert r.status_code == 201  # the same report, sent whole, is fine


@pytest.mark.parametrize("length", [201, 300, 65536])
def test_an_overlong_multipart_boundary_is_a_clear_422(client, auth, length) -> None:
    # python-multipart raises at construction beyond 256: it was a bare 500.
    r = client.post("/api/v1/reports", content=b"x",
                    headers={**auth, "Content-Type": "multipart/form-data; boundary=" + "b" * length})
    assert (r.status_code, r.json()["detail"]) == (
        422, f"The multipart boundary is {length} characters long; use 1 to 70 (RFC 2046; up to 200 are accepted).")


def test_original_name_is_data_shown_exactly(client, auth, settings) -> None:
    name = 'Résumé "draft"; <b>x</b> 日本.png'
    r = post_report(client, [(name, png_bytes())], auth)
    assert r.status_code == 201
    att = client.get(f"/api/v1/reports/{r.json()['id']}", headers=auth).json()["attachments"][0]
    assert att["filename"] == name
    dl = client.get(f"/attachments/{att['id']}")
    assert dl.headers["content-disposition"] == (
        f"inline; filename=\"Resume _draft__ _b_x__b_ .png\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    assert dl.headers["content-security-policy"] == "default-src 'none'; sandbox"
    page = client.get(f"/reports/{r.json()['id']}").text
    assert "Résumé &#34;draft&#34;; &lt;b&gt;x&lt;/b&gt; 日本.png" in page
    assert "<b>x</b>" not in page
    # No client name reaches the disk.
    assert all("sum" not in p.name and "draft" not in p.name for p in stored_files(settings.data_dir))


def _wait_until(condition, timeout: float = 30.0) -> bool:
    """Poll a real condition (here: files the server removes) until true or the bound passes."""
    import threading
    import time

    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            return False
        tick.wait(0.02)
    return True


def test_client_vanishing_mid_upload_leaves_nothing(tmp_path, database_url, caplog) -> None:
    import logging

    app, auth = _app(tmp_path, database_url)
    srv = LiveUvicorn(app)
    for name in ("uvicorn.error", "bugzot_server"):  # uvicorn's loggers do not reach the root logger
        logging.getLogger(name).addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="bugzot_server")
    tmp_dir = tmp_path / "srv" / "storage" / "tmp"
    try:
        report = report_for([("a.png", png_bytes(100, 100))])
        head = (b"--b\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n" + json.dumps(report).encode()
                + b"\r\n--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n\r\n" + b"\x89PNG" * 100)
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
            s.sendall(b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                      + f"Content-Length: {len(head) + 100_000}\r\nAuthorization: {auth['Authorization']}\r\n\r\n".encode()
                      + head)
            # The temp file exists while the upload is in flight...
            assert _wait_until(lambda: len(list(tmp_dir.iterdir())) == 1)
        # ...and is gone once the server notices the client left; no row either.
        assert _wait_until(lambda: list(tmp_dir.iterdir()) == [])
        assert requests.get(srv.url + "/api/v1/reports", headers=auth, timeout=10).json()["total"] == 0
        assert stored_files(tmp_path / "srv") == []
        # One plain line, no "Exception in ASGI application" traceback.
        assert _wait_until(lambda: any("client went away" in r.getMessage() for r in caplog.records))
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert "client went away during POST /api/v1/reports; nothing was stored" in caplog.text
    finally:
        srv.stop()
        for name in ("uvicorn.error", "bugzot_server"):
            logging.getLogger(name).removeHandler(caplog.handler)


@pytest.mark.postgres
def test_database_down_is_a_503_with_retry_after(tmp_path, pg_server) -> None:
    url = pg_server.create_database()
    app, auth = _app(tmp_path, url)
    with TestClient(app) as client:
        assert post_report(client, [], auth).status_code == 201  # the token is now verified and cached
        pg_server.drop_database(url)  # the database vanishes under the running server
        app.state.db.dispose()
        r = post_report(client, [("a.png", png_bytes())], auth)
        assert (r.status_code, r.headers["retry-after"]) == (503, "5")
        assert r.json() == {"detail": "The report database is unavailable right now; nothing was stored. Try again shortly."}
        assert list((tmp_path / "srv" / "storage" / "tmp").iterdir()) == []

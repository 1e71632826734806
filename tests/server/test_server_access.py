"""Tokens: Bearer on the API (not /health), hashed storage, revoke, open mode, protected pages."""

from __future__ import annotations

import base64
import hashlib

from fastapi.testclient import TestClient
from server_helpers import make_settings, post_report
from sqlalchemy import select

from bugzot_server import tokens
from bugzot_server.db import Token
from bugzot_server.main import create_app

API_401 = (
    "This API needs a token: send 'Authorization: Bearer <token>'. "
    "An administrator creates one with 'bugzot-server token create NAME'."
)
API_401_UNKNOWN = (
    "The API token was not recognised (revoked or mistyped); send a current one as 'Authorization: Bearer <token>'. "
    "An administrator sees the active tokens with 'bugzot-server token list' and makes one with "
    "'bugzot-server token create NAME'."
)
PAGE_TOKEN_UNKNOWN = (
    "The token given was not recognised (revoked or mistyped); "
    "sign in again with any user name and a current API token as the password."
)


def test_api_needs_a_valid_token(client, app, token) -> None:
    # No token at all (a Basic header carries none for the API): "needs a token", a plain challenge.
    for headers in ({}, {"Authorization": "Basic eDp5"}, {"Authorization": "Bearer "}):
        r = client.get("/api/v1/reports", headers=headers)
        assert (r.status_code, r.json()) == (401, {"detail": API_401})
        assert r.headers["www-authenticate"] == 'Bearer realm="bugzot"'
        r = post_report(client, [], headers)
        assert (r.status_code, r.json()) == (401, {"detail": API_401})
    # A token that is not one of ours: "not recognised", error="invalid_token" (RFC 6750).
    for headers in ({"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {token}x"}):
        r = client.get("/api/v1/reports", headers=headers)
        assert (r.status_code, r.json()) == (401, {"detail": API_401_UNKNOWN})
        assert r.headers["www-authenticate"] == 'Bearer realm="bugzot", error="invalid_token"'
        r = post_report(client, [], headers)
        assert (r.status_code, r.json()) == (401, {"detail": API_401_UNKNOWN})
    assert client.get("/api/v1/reports", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    # Only the hash is stored.
    with app.state.db.read() as s:
        row = s.scalar(select(Token))
        assert (row.name, row.token_hash) == ("tests", hashlib.sha256(token.encode()).hexdigest())
    tokens.revoke(app.state.db, "tests")
    r = client.get("/api/v1/reports", headers={"Authorization": f"Bearer {token}"})
    assert (r.status_code, r.json()) == (401, {"detail": API_401_UNKNOWN})  # revoked: the same as mistyped
    assert r.headers["www-authenticate"] == 'Bearer realm="bugzot", error="invalid_token"'
    assert client.get("/health").status_code == 200


def test_open_mode_needs_no_token(tmp_path, database_url) -> None:
    with TestClient(create_app(make_settings(tmp_path, database_url, open=True))) as client:
        assert post_report(client, []).status_code == 201
        assert client.get("/api/v1/reports").json()["total"] == 1
        # Another site's page posting a plain form into the loopback server is refused; our own origin is not.
        for origin, message in (("https://evil.example", "Cross-site form posts are refused; use the report page on this server."),
                                ("null", "Form posts from a page without an origin (a sandboxed frame or a data: page) "
                                         "are refused; use the report page on this server.")):
            r = post_report(client, [], {"Origin": origin})
            assert (r.status_code, r.json()) == (403, {"detail": message})
        assert post_report(client, [], {"Origin": "http://testserver"}).status_code == 201
        assert client.get("/api/v1/reports", headers={"Origin": "https://evil.example"}).json()["total"] == 2


def test_pages_are_public_unless_protected(tmp_path, database_url) -> None:
    with TestClient(create_app(make_settings(tmp_path, database_url))) as client:
        assert client.get("/").status_code == 200
    app = create_app(make_settings(tmp_path, database_url, protect_pages=True))
    secret = tokens.create(app.state.db, "reader")
    with TestClient(app) as client:
        r = client.get("/", headers={"Accept": "application/json"})
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == 'Basic realm="BugZot", charset="UTF-8"'
        assert r.json()["detail"] == "These pages need a token: sign in with any user name and an API token as the password."
        page = client.get("/", headers={"Accept": "text/html,application/xhtml+xml"})
        assert page.status_code == 401
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert page.headers["www-authenticate"] == 'Basic realm="BugZot", charset="UTF-8"'
        assert "<h1>Sign in needed</h1>" in page.text and "an API token as the password" in page.text
        basic = base64.b64encode(f"anyone:{secret}".encode()).decode()
        assert client.get("/", headers={"Authorization": f"Basic {basic}"}).status_code == 200
        assert client.get("/", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        wrong = base64.b64encode(b"anyone:nope").decode()
        for headers in ({"Authorization": f"Basic {wrong}"}, {"Authorization": "Bearer nope"}):
            r = client.get("/", headers={**headers, "Accept": "application/json"})
            assert (r.status_code, r.json()) == (401, {"detail": PAGE_TOKEN_UNKNOWN})
            assert r.headers["www-authenticate"] == 'Basic realm="BugZot", charset="UTF-8"'  # the browser asks again
        # Downloads and open/close follow the pages.
        assert client.get("/attachments/1").status_code == 401
        assert client.post("/reports/1/status", data={"status": "closed"}).status_code == 401


STATUS_401 = "Closing or reopening a report needs a token: sign in with any user name and an API token as the password."


def test_changing_status_from_the_pages_needs_a_token(tmp_path, database_url) -> None:
    """Readable pages (no --protect-pages) are not writable: close/reopen asks for a token."""
    app = create_app(make_settings(tmp_path, database_url))
    secret = tokens.create(app.state.db, "closer")
    bearer = {"Authorization": f"Bearer {secret}"}
    with TestClient(app) as client:
        rid = post_report(client, [], bearer).json()["id"]
        page = client.get(f"/reports/{rid}")
        assert page.status_code == 200
        assert "Close report</button>" in page.text and "asks for an API token" in page.text
        wrong = base64.b64encode(b"anyone:nope").decode()
        for headers, detail in (({}, STATUS_401), ({"Authorization": f"Basic {wrong}"}, PAGE_TOKEN_UNKNOWN),
                                ({"Authorization": "Bearer nope"}, PAGE_TOKEN_UNKNOWN)):
            r = client.post(f"/reports/{rid}/status", data={"status": "closed"}, headers={"Accept": "application/json", **headers})
            assert (r.status_code, r.json()) == (401, {"detail": detail})
            assert r.headers["www-authenticate"] == 'Basic realm="BugZot", charset="UTF-8"'
        html = client.post(f"/reports/{rid}/status", data={"status": "closed"}, headers={"Accept": "text/html"})
        assert (html.status_code, html.headers["content-type"]) == (401, "text/html; charset=utf-8")
        assert html.headers["www-authenticate"] == 'Basic realm="BugZot", charset="UTF-8"'
        assert "<h1>Sign in needed</h1>" in html.text and STATUS_401 in html.text
        assert client.get(f"/api/v1/reports/{rid}", headers=bearer).json()["status"] == "open"
        basic = {"Authorization": "Basic " + base64.b64encode(f"me:{secret}".encode()).decode()}
        assert "asks for an API token" not in client.get(f"/reports/{rid}", headers=basic).text
        r = client.post(f"/reports/{rid}/status", data={"status": "closed"}, headers=basic, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, f"/reports/{rid}")
        assert client.get(f"/api/v1/reports/{rid}", headers=bearer).json()["status"] == "closed"
        r = client.post(f"/reports/{rid}/status", data={"status": "open"}, headers=bearer, follow_redirects=False)
        assert r.status_code == 303
        assert client.get(f"/api/v1/reports/{rid}", headers=bearer).json()["status"] == "open"
        # The cross-origin refusal holds with a valid token too.
        evil = client.post(f"/reports/{rid}/status", data={"status": "closed"}, headers={**basic, "Origin": "http://evil.example"})
        assert evil.status_code == 403
        assert client.get(f"/api/v1/reports/{rid}", headers=bearer).json()["status"] == "open"


def test_open_mode_changes_status_without_a_token(tmp_path, database_url) -> None:
    with TestClient(create_app(make_settings(tmp_path, database_url, open=True))) as client:
        rid = post_report(client, []).json()["id"]
        assert "asks for an API token" not in client.get(f"/reports/{rid}").text
        r = client.post(f"/reports/{rid}/status", data={"status": "closed"}, follow_redirects=False)
        assert r.status_code == 303
        assert client.get(f"/api/v1/reports/{rid}").json()["status"] == "closed"


NULL_ORIGIN_403 = (
    "Form posts from a page without an origin (a sandboxed frame or a data: page) are refused; "
    "use the report page on this server."
)


def test_origin_null_is_refused_like_a_foreign_origin(tmp_path, database_url) -> None:
    """A sandboxed iframe or data: page sends ``Origin: null``: refused on open and token servers alike."""
    for open_mode in (True, False):
        app = create_app(make_settings(tmp_path / str(open_mode), database_url, open=open_mode))
        secret = tokens.create(app.state.db, f"closer-{open_mode}")  # on PostgreSQL both apps share one database
        basic = {"Authorization": "Basic " + base64.b64encode(f"me:{secret}".encode()).decode()}
        with TestClient(app) as client:
            rid = post_report(client, [], {"Authorization": f"Bearer {secret}"}).json()["id"]
            for origin in ("null", "NULL", "http://evil.example"):
                r = client.post(f"/reports/{rid}/status", data={"status": "closed"},
                                headers={**basic, "Origin": origin, "Accept": "application/json"})
                expected = NULL_ORIGIN_403 if origin.lower() == "null" else (
                    "Cross-site form posts are refused; use the report page on this server.")
                assert (r.status_code, r.json()) == (403, {"detail": expected}), (open_mode, origin)
            html = client.post(f"/reports/{rid}/status", data={"status": "closed"}, headers={"Origin": "null"})
            assert (html.status_code, html.headers["content-type"]) == (403, "text/html; charset=utf-8")
            assert "<h1>Not allowed</h1>" in html.text
            assert client.get(f"/reports/{rid}").text.count("Close report</button>") == 1  # still open
            # The report page's own form: a same-origin post (the browser sends this server's origin).
            r = client.post(f"/reports/{rid}/status", data={"status": "closed"},
                            headers={**basic, "Origin": "http://testserver"}, follow_redirects=False)
            assert (r.status_code, r.headers["location"]) == (303, f"/reports/{rid}")
            assert "Reopen report</button>" in client.get(f"/reports/{rid}").text

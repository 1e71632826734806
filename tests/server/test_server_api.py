"""POST /api/v1/reports and the JSON API: upload, checks by content, idempotent replay, downloads."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from server_helpers import bomb_png, jpeg_bytes, multipart, png_bytes, post_report, report_for, stored_files

from bugzot_server.config import Settings


def test_health_needs_no_token(client) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": "0.1.0"}


def test_upload_stores_report_and_files(client, auth, settings: Settings) -> None:
    png, jpg = png_bytes(640, 480), jpeg_bytes(320, 200)
    cid = str(uuid.uuid4())
    r = post_report(client, [("screen.png", png), ("photo.jpg", jpg)], auth, client_id=cid, component="editor")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body == {
        "id": body["id"],
        "client_id": cid,
        "url": f"http://testserver/reports/{body['id']}",
        "api_url": f"http://testserver/api/v1/reports/{body['id']}",
        "created": True,
    }
    got = client.get(f"/api/v1/reports/{body['id']}", headers=auth).json()
    assert (got["title"], got["severity"], got["component"], got["status"]) == ("Crash on save", "major", "editor", "open")
    assert got["environment"] == {"os": "Linux"}
    assert [(a["filename"], a["size"], a["sha256"], a["content_type"], a["width"], a["height"]) for a in got["attachments"]] == [
        ("screen.png", len(png), hashlib.sha256(png).hexdigest(), "image/png", 640, 480),
        ("photo.jpg", len(jpg), hashlib.sha256(jpg).hexdigest(), "image/jpeg", 320, 200),
    ]
    first = got["attachments"][0]
    dl = client.get(first["url"].removeprefix("http://testserver"))
    assert dl.status_code == 200
    assert dl.content == png
    assert dl.headers["content-type"] == "image/png"
    assert dl.headers["x-content-type-options"] == "nosniff"
    # Stored under server-generated names only.
    originals = [p for p in stored_files(settings.data_dir) if "/files/" in str(p)]
    assert len(originals) == 2
    assert all(len(p.name) == 32 and "." not in p.name for p in originals)


def test_replay_returns_first_report_and_stores_nothing(client, auth, settings: Settings) -> None:
    files = [("a.png", png_bytes())]
    report = report_for(files)
    first = client.post("/api/v1/reports", headers=auth, **multipart(report, files))
    again = client.post("/api/v1/reports", headers=auth, **multipart(report, files))
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    assert client.get("/api/v1/reports", headers=auth).json()["total"] == 1
    assert len([p for p in stored_files(settings.data_dir) if "/files/" in str(p)]) == 1
    assert list((settings.data_dir / "storage" / "tmp").iterdir()) == []


def _assert_nothing_stored(client, auth, settings: Settings) -> None:
    assert client.get("/api/v1/reports", headers=auth).json()["total"] == 0
    leftovers = [p for p in stored_files(settings.data_dir) if "/derived/" not in str(p)]
    assert leftovers == []


def test_renamed_non_images_are_refused_naming_the_file(client, auth, settings: Settings) -> None:
    cases = {
        "page.png": (b"<!doctype html><html><script>alert(1)</script></html>", "is an HTML page, neither an image nor a plain-text file"),
        "page.log": (b"<!doctype html><html><script>alert(1)</script></html>", "is an HTML page, neither an image nor a plain-text file"),
        "drawing.png": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "is an SVG drawing"),
        "drawing.txt": (b'\n  <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "is an SVG drawing"),
        "tool.png": (b"MZ\x90\x00" + b"\x00" * 200, "is a program, neither an image nor a plain-text file"),
        "archive.jpg": (b"PK\x03\x04" + b"\x00" * 200, "is a zip archive, neither an image nor a plain-text file"),
        "blob.log": (b"text then a NUL\x00 byte", "is neither an image nor a plain-text file"),
        "latin1.txt": ("caf\u00e9 cr\u00e8me\n".encode("latin-1"), "is neither an image nor a plain-text file"),
        "empty.png": (b"", "is empty (0 bytes)"),
        "cut.png": (png_bytes(300, 300)[:200], "cut.png"),
        "bomb.png": (bomb_png(), "too many pixels"),
    }
    for name, (data, expected) in cases.items():
        r = post_report(client, [(name, data)], auth)
        assert r.status_code == 422, (name, r.text)
        detail = r.json()["detail"]
        assert name in detail and expected in detail, (name, detail)
    _assert_nothing_stored(client, auth, settings)


def test_a_png_and_a_log_are_stored_and_the_log_downloads_as_plain_text(client, auth, settings: Settings) -> None:
    png = png_bytes(64, 48)
    log = "2026-12-03 20:00:01 INFO started\n2026-12-03 20:00:02 ERROR boom: caf\u00e9 <b>not html</b>\n".encode()
    r = post_report(client, [("screen.png", png), ("app.log", log)], auth)
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    got = client.get(f"/api/v1/reports/{rid}", headers=auth).json()
    text = got["attachments"][1]
    assert {k: text[k] for k in ("filename", "size", "sha256", "content_type", "width", "height", "thumbnail_url",
                                 "preview_url", "processing", "error", "markup")} == {
        "filename": "app.log", "size": len(log), "sha256": hashlib.sha256(log).hexdigest(),
        "content_type": "text/plain; charset=utf-8", "width": 0, "height": 0, "thumbnail_url": None,
        "preview_url": None, "processing": "ready", "error": None, "markup": None,
    }
    assert got["attachments"][0]["content_type"] == "image/png"
    dl = client.get(text["url"].removeprefix("http://testserver"))
    assert dl.status_code == 200
    assert dl.content == log
    assert dl.headers["content-type"] == "text/plain; charset=utf-8"
    assert dl.headers["x-content-type-options"] == "nosniff"
    assert dl.headers["content-disposition"] == "attachment; filename=\"app.log\"; filename*=UTF-8''app.log"
    assert client.get(f"/attachments/{text['id']}/thumbnail").status_code == 404
    page = client.get(f"/reports/{rid}")
    assert page.status_code == 200
    assert f'<a href="/attachments/{text["id"]}?download=true" download><bdi>app.log</bdi></a>' in page.text
    assert f"{len(log):,} bytes" in page.text
    assert f'/attachments/{text["id"]}/preview' not in page.text
    listing = client.get("/")
    assert listing.status_code == 200 and "Crash on save" in listing.text


def test_a_text_file_over_the_text_limit_is_refused_naming_it(client, auth, settings: Settings) -> None:
    from bugzot_desktop.core.filetypes import MAX_TEXT_BYTES

    big = b"x" * (MAX_TEXT_BYTES + 1)
    assert len(big) < settings.max_file_bytes  # the text limit refuses it, not the byte limit
    r = post_report(client, [("huge.log", big)], auth)
    assert r.status_code == 422
    assert r.json()["detail"] == (
        f"File huge.log is a text file of {len(big):,} bytes, more than the limit of {MAX_TEXT_BYTES:,} bytes "
        "for text; attach only its last lines."
    )
    _assert_nothing_stored(client, auth, settings)


def test_checksum_size_and_count_mismatches_are_422(client, auth, settings: Settings) -> None:
    png = png_bytes()
    report = report_for([("a.png", png)])
    report["attachments"][0]["sha256"] = "0" * 64
    r = client.post("/api/v1/reports", headers=auth, **multipart(report, [("a.png", png)]))
    assert r.status_code == 422
    assert r.json()["detail"] == "File 'a.png' does not match its sha256 in the report; the upload was damaged, send it again."
    report = report_for([("a.png", png)])
    report["attachments"][0]["size"] = len(png) + 1
    r = client.post("/api/v1/reports", headers=auth, **multipart(report, [("a.png", png)]))
    assert r.status_code == 422
    assert f"has {len(png)} bytes but the report says {len(png) + 1}" in r.json()["detail"]
    report = report_for([("a.png", png), ("b.png", png)])
    r = client.post("/api/v1/reports", headers=auth, **multipart(report, [("a.png", png)]))
    assert r.status_code == 422
    assert r.json()["detail"].startswith("The report lists 2 attachment(s) but 1 file part(s) were sent")
    _assert_nothing_stored(client, auth, settings)


def test_bad_report_json_names_the_field(client, auth) -> None:
    r = post_report(client, [], auth, title="  ")
    assert r.status_code == 422
    assert r.json() == {"detail": "Field 'title' is required."}
    for invisible in ("\u200b", "\ufeff", "\u3000", " \u200b\u2060 "):  # nothing to click on the list page
        r = post_report(client, [], auth, title=invisible)
        assert (r.status_code, r.json()) == (422, {"detail": "Field 'title' is required."})
    r = post_report(client, [], auth, severity="urgent")
    assert r.json() == {"detail": "Field 'severity' must be one of: blocker, critical, major, minor, trivial."}
    r = client.post("/api/v1/reports", headers=auth, files=[("report", (None, b"{not json", "application/json"))])
    assert r.status_code == 422
    assert r.json()["detail"].startswith("Part 'report' is not valid JSON")
    r = client.post("/api/v1/reports", headers={**auth, "Content-Type": "application/json"}, content=b"{}")
    assert r.status_code == 415
    assert r.json()["detail"] == "Send the report as multipart/form-data with a 'report' part and 'files' parts."


def test_deeply_nested_report_json_is_a_422_naming_the_part(client, auth, settings: Settings) -> None:
    too_deep = (
        "Part 'report' is nested too deeply (more than 32 levels of objects and lists); "
        "send the report object as docs/CONTRACTS.md describes it."
    )
    for raw in (b'{"a":' * 5000 + b"1" + b"}" * 5000, b"[" * 50_000 + b"]" * 50_000):
        r = client.post("/api/v1/reports", headers=auth, files=[("report", (None, raw, "application/json"))])
        assert (r.status_code, r.json()) == (422, {"detail": too_deep})
    deep_env: object = "x"
    for _ in range(40):
        deep_env = [deep_env]
    report = report_for([])
    report["environment"] = {"nested": deep_env}
    r = client.post("/api/v1/reports", headers=auth, **multipart(report, []))
    assert (r.status_code, r.json()) == (422, {"detail": too_deep})
    _assert_nothing_stored(client, auth, settings)


def test_report_without_files_is_fine(client, auth) -> None:
    r = post_report(client, [], auth)
    assert r.status_code == 201
    assert client.get(f"/api/v1/reports/{r.json()['id']}", headers=auth).json()["attachments"] == []


def test_list_search_filter_and_pages(client, auth) -> None:
    for i in range(5):
        post_report(client, [], auth, title=f"Report {i}", severity="minor" if i % 2 else "critical",
                    description="printer jam" if i == 3 else "")
    data = client.get("/api/v1/reports", headers=auth, params={"per_page": 2}).json()
    assert (data["total"], data["page"], [r["title"] for r in data["reports"]]) == (5, 1, ["Report 4", "Report 3"])
    data = client.get("/api/v1/reports", headers=auth, params={"per_page": 2, "page": 3}).json()
    assert [r["title"] for r in data["reports"]] == ["Report 0"]
    data = client.get("/api/v1/reports", headers=auth, params={"q": "PRINTER"}).json()
    assert [r["title"] for r in data["reports"]] == ["Report 3"]
    data = client.get("/api/v1/reports", headers=auth, params={"severity": "minor"}).json()
    assert [r["title"] for r in data["reports"]] == ["Report 3", "Report 1"]
    rid = data["reports"][0]["id"]
    r = client.post(f"/api/v1/reports/{rid}/status", headers=auth, json={"status": "closed"})
    assert r.json()["status"] == "closed"
    data = client.get("/api/v1/reports", headers=auth, params={"status": "closed"}).json()
    assert [r["id"] for r in data["reports"]] == [rid]
    assert client.get("/api/v1/reports/999999", headers=auth).json() == {"detail": "Report 999999 does not exist."}
    # Timestamps say they are UTC on every database (SQLite's came back without a zone).
    created = client.get(f"/api/v1/reports/{rid}", headers=auth).json()["created_at"]
    assert created.endswith("Z"), created
    # A NUL was a 500 on PostgreSQL and matched every report on SQLite.
    for q, code in (("\x00", "U+0000"), ("Report\x1b", "U+001B")):
        r = client.get("/api/v1/reports", headers=auth, params={"q": q})
        assert (r.status_code, r.json()) == (
            422, {"detail": f"Parameter 'q' contains the control character {code}; search for plain text."})


def test_search_ignores_case_for_every_letter_not_only_ascii(client, auth) -> None:
    """SQLite folded only ASCII: "ünïc" did not find "Ünïcødé" (newcomer4 #3). Both databases run this."""
    post_report(client, [], auth, title="Ünïcødé 日本語 🐞", description="")
    post_report(client, [], auth, title="Überweisung fehlgeschlagen", description="ÄRGER mit 50% Rabatt_Code")
    post_report(client, [], auth, title="plain ascii", description="")

    def found(q: str) -> list[str]:
        return [r["title"] for r in client.get("/api/v1/reports", headers=auth, params={"q": q}).json()["reports"]]

    assert found("ünïc") == found("ÜNÏC") == found("Ünïc") == ["Ünïcødé 日本語 🐞"]
    assert found("überweisung") == found("ÜBERWEISUNG") == ["Überweisung fehlgeschlagen"]
    assert found("ärger") == ["Überweisung fehlgeschlagen"]  # the description too
    assert found("50%") == found("rabatt_code") == ["Überweisung fehlgeschlagen"]  # % and _ are literal
    assert found("0%_") == [] and found("日本") == ["Ünïcødé 日本語 🐞"]
    assert found("ASCII") == ["plain ascii"]


def test_control_characters_in_a_filename_are_refused(client, auth, settings: Settings) -> None:
    png = png_bytes()
    report = report_for([("shot\x00.png", png)])
    r = client.post("/api/v1/reports", headers=auth, **multipart(report, [("shot.png", png)]))
    assert (r.status_code, r.json()) == (422, {"detail": (
        "attachments[0].filename contains the control character U+0000; "
        "file names may not contain U+0000-U+001F or U+007F.")})
    report = report_for([("a.png", png), ("b\x7f\n.png", png)])
    r = client.post("/api/v1/reports", headers=auth, **multipart(report, [("a.png", png), ("b.png", png)]))
    assert (r.status_code, r.json()["detail"]) == (422, (
        "attachments[1].filename contains the control character U+007F; "
        "file names may not contain U+0000-U+001F or U+007F."))
    assert client.get("/api/v1/reports", headers=auth).json()["total"] == 0
    assert stored_files(settings.data_dir) == []


@pytest.mark.parametrize(
    ("field", "value", "char"),
    [("title", "a\x00b", "U+0000"), ("description", "red \x1b[31m", "U+001B"), ("steps", "ding\x07", "U+0007"),
     ("expected", "\x7f", "U+007F"), ("actual", "x\x00", "U+0000"), ("component", "ui\x0b", "U+000B")],
)
def test_control_characters_in_text_fields_are_422_on_every_backend(client, auth, settings: Settings, field, value, char) -> None:
    """NUL would make a PostgreSQL text column fail (a 500); every backend refuses it, naming the field."""
    r = post_report(client, [("a.png", png_bytes())], auth, **{field: value})
    assert (r.status_code, r.json()) == (422, {"detail": (
        f"Field '{field}' contains the control character {char}; text fields may not contain "
        "U+0000-U+001F (except tab, line feed and carriage return) or U+007F.")})
    _assert_nothing_stored(client, auth, settings)
    ok = post_report(client, [], auth, title="tab\there", description="line\r\nbreak \u202eexe.gnp")
    assert ok.status_code == 201, ok.text
    got = client.get(f"/api/v1/reports/{ok.json()['id']}", headers=auth).json()
    assert (got["title"], got["description"]) == ("tab\there", "line\r\nbreak \u202eexe.gnp")


def test_a_lone_surrogate_is_422_and_cannot_poison_the_list(client, auth, settings: Settings) -> None:
    """Stored, "\\ud800" made the report's page, its API answer and the whole list fail to encode (500)."""
    for field in ("title", "environment"):
        report = report_for([])
        raw = json.dumps(report).replace('"os": "Linux"' if field == "environment" else '"Crash on save"',
                                         '"os": "\\ud800"' if field == "environment" else '"Crash \\ud800"')
        r = client.post("/api/v1/reports", headers=auth, files=[("report", (None, raw, "application/json"))])
        assert (r.status_code, r.json()) == (422, {"detail": (
            f"Field '{field}' contains a lone UTF-16 surrogate (U+D800-U+DFFF), which is not valid Unicode; "
            "send the text as valid UTF-8.")})
    _assert_nothing_stored(client, auth, settings)
    ok = post_report(client, [], auth, title="emoji \U0001f600")
    assert ok.status_code == 201
    assert client.get("/api/v1/reports", headers=auth).json()["reports"][0]["title"] == "emoji \U0001f600"
    assert client.get("/").status_code == 200


def test_head_answers_like_get_without_a_body(client, auth) -> None:
    rid = post_report(client, [("shot.png", png_bytes())], auth).json()["id"]
    for path in ("/health", "/", f"/reports/{rid}"):
        got, head = client.get(path), client.head(path)
        assert (head.status_code, head.content) == (got.status_code, b""), path
        assert head.headers["content-type"] == got.headers["content-type"], path
    assert client.head("/api/v1/reports").status_code == 200 if not auth else True


def test_a_text_attachment_says_it_has_no_thumbnail(client, auth) -> None:
    r = post_report(client, [("app.log", b"12:00 started\n")], auth)
    att = client.get(f"/api/v1/reports/{r.json()['id']}", headers=auth).json()["attachments"][0]
    assert att["thumbnail_url"] is None
    got = client.get(f"/attachments/{att['id']}/thumbnail", headers=auth | {"Accept": "application/json"})
    assert got.status_code == 404
    assert got.json()["detail"] == (f"Attachment {att['id']} is a text file: it has no thumbnail; "
                                    f"download it at /attachments/{att['id']}.")

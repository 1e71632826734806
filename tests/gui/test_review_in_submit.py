"""The review step in the main window's Submit path, proven at the wire: unticked items never leave."""

from __future__ import annotations

import pytest
from capture_server import capture_server  # noqa: F401  (the fixture)

from bugzot_desktop.core import delivery
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.gui.review_dialog import ReviewDialog
from tests.gui.conftest import make_png


def _fill(parts, tmp_path, qtbot):
    w = parts.window
    w.form.ui.titleEdit.setText("Export loses colours")
    w.form.ui.descriptionEdit.setPlainText("Reported by carol@example.org")
    parts.composer.add_files([make_png(tmp_path / "keep.png", (10, 200, 10)), make_png(tmp_path / "secret.png", (200, 10, 10))])
    qtbot.waitUntil(lambda: w.attachments.count() == 2 and not parts.composer.busy, timeout=10_000)


def test_unticked_environment_item_and_file_are_not_in_the_request(qtbot, build_app, capture_server, tmp_path, monkeypatch):  # noqa: F811
    settings = Settings(server_url=capture_server.url)
    parts = build_app(settings)
    _fill(parts, tmp_path, qtbot)
    shown = []

    def review(cls, parent, report, **kw):
        dlg = cls(report, parent, **kw)
        shown.append(report)
        dlg.set_item_checked("environment:timezone", False)
        secret = next(i for i, a in enumerate(report.attachments) if a.filename == "secret.png")
        dlg.set_item_checked(f"file:{secret}", False)
        dlg.mask_item("field:description")
        out = dlg.reviewed_report()
        dlg.deleteLater()
        return out

    monkeypatch.setattr(ReviewDialog, "review", classmethod(review))
    parts.window.submit_button.click()
    assert len(shown) == 1
    env = shown[0].environment
    assert {"app", "os", "python", "qt", "screens", "timezone"} <= set(env)  # collected automatically
    qtbot.waitUntil(lambda: parts.outbox.pending_count() == 1, timeout=10_000)

    outcomes = delivery.deliver_due(parts.outbox, lambda: delivery.client_for(settings), settings)
    assert [o.status for o in outcomes] == ["sent"]
    assert len(capture_server.requests) == 1
    req = capture_server.requests[0]
    assert "timezone" not in req.report["environment"]
    assert env["timezone"] not in req.body.decode("utf-8", "replace")
    assert req.report["environment"]["app"] == "BugZot"
    # sent under the name of the format it is sent in (keep.png may go out as keep.webp)
    assert [a["filename"].rsplit(".", 1)[0] for a in req.report["attachments"]] == ["keep"]
    assert [name.rsplit(".", 1)[0] for name, _ in req.files] == ["keep"]
    assert b"secret" not in req.body
    assert req.report["description"] == "Reported by [email]"
    assert b"carol@example.org" not in req.body


def test_cancelled_review_queues_nothing_and_keeps_the_form(qtbot, build_app, tmp_path, monkeypatch):
    parts = build_app()
    _fill(parts, tmp_path, qtbot)
    monkeypatch.setattr(ReviewDialog, "review", classmethod(lambda cls, parent, report, **kw: None))
    parts.window.submit_button.click()
    assert parts.window.form.ui.titleEdit.text() == "Export loses colours"
    assert parts.window.attachments.count() == 2
    assert parts.outbox.pending_count() == 0
    assert parts.window.status_text() == "Not sent: the review was cancelled. Everything is still in the form."


def test_review_can_be_switched_off(qtbot, build_app, tmp_path, monkeypatch):
    parts = build_app(Settings(review_before_send=False))
    _fill(parts, tmp_path, qtbot)

    def never(cls, parent, report, **kw):
        pytest.fail("the review was shown although review_before_send is off")

    monkeypatch.setattr(ReviewDialog, "review", classmethod(never))
    parts.window.submit_button.click()
    qtbot.waitUntil(lambda: parts.outbox.pending_count() == 1, timeout=10_000)
    entry = parts.outbox.list()[0]
    assert "timezone" in entry.environment and len(entry.attachments) == 2


def test_log_tail_is_reviewed_and_can_be_left_out(qtbot, build_app, capture_server, tmp_path, monkeypatch):  # noqa: F811
    log = tmp_path / "app.log"
    log.write_text("boot\nGET /api?token=abcdef123 from 10.1.1.1\nsaved\n", encoding="utf-8")
    settings = Settings(server_url=capture_server.url, log_file=str(log), log_lines=2)
    seen = []

    def review(cls, parent, report, **kw):
        dlg = cls(report, parent, **kw)
        seen.append((report.environment.get("log_tail"), dlg.item("environment:log_tail").text(2)))
        if len(seen) == 1:
            dlg.mask_item("environment:log_tail")  # first report: the log goes, masked
        else:
            dlg.set_item_checked("environment:log_tail", False)  # second: the log stays here
        out = dlg.reviewed_report()
        dlg.deleteLater()
        return out

    monkeypatch.setattr(ReviewDialog, "review", classmethod(review))
    parts = build_app(settings)
    for title in ("With the log", "Without the log"):
        parts.window.form.ui.titleEdit.setText(title)
        parts.window.submit_button.click()
    qtbot.waitUntil(lambda: parts.outbox.pending_count() == 2, timeout=10_000)
    assert seen[0] == ({"file": "app.log", "lines": 2, "text": "GET /api?token=abcdef123 from 10.1.1.1\nsaved\n"},
                       "1× token or key, 1× IP address")
    delivery.deliver_due(parts.outbox, lambda: delivery.client_for(settings), settings)
    by_title = {r.report["title"]: r for r in capture_server.requests}
    assert by_title["With the log"].report["environment"]["log_tail"]["text"] == "GET /api?token=[token] from [ip]\nsaved\n"
    assert "log_tail" not in by_title["Without the log"].report["environment"]
    assert b"abcdef123" not in by_title["With the log"].body and b"GET /api" not in by_title["Without the log"].body


def test_a_masked_log_file_reaches_the_server_masked_and_the_users_file_is_unchanged(
    qtbot, build_app, capture_server, tmp_path, monkeypatch  # noqa: F811
):
    settings = Settings(server_url=capture_server.url)
    parts = build_app(settings)
    w = parts.window
    log = tmp_path / "app.log"
    log.write_text("12:00 login as dave@example.net from 10.20.30.40\n12:01 saved\n", encoding="utf-8")
    w.form.ui.titleEdit.setText("Save hangs")
    parts.composer.add_files([log])
    qtbot.waitUntil(lambda: w.attachments.count() == 1 and not parts.composer.busy, timeout=10_000)

    def review(cls, parent, report, **kw):
        dlg = cls(report, parent, **kw)
        assert dlg.item("file:0").text(2) == "1× e-mail, 1× IP address"
        dlg.mask_item("file:0")
        out = dlg.reviewed_report()
        dlg.deleteLater()
        return out

    monkeypatch.setattr(ReviewDialog, "review", classmethod(review))
    w.submit_button.click()
    qtbot.waitUntil(lambda: parts.outbox.pending_count() == 1, timeout=10_000)
    outcomes = delivery.deliver_due(parts.outbox, lambda: delivery.client_for(settings), settings)
    assert [o.status for o in outcomes] == ["sent"]
    (req,) = capture_server.requests
    assert [a["filename"] for a in req.report["attachments"]] == ["app.log"]
    assert b"dave@example.net" not in req.body and b"10.20.30.40" not in req.body
    assert b"12:00 login as [email] from [ip]\n12:01 saved\n" in req.body
    assert log.read_text(encoding="utf-8").startswith("12:00 login as dave@example.net")
    staging = parts.composer.staging_dir
    qtbot.waitUntil(lambda: not list(staging.glob("masked-*")), timeout=10_000)  # the copy went with the draft

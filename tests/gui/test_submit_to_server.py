"""End to end offscreen: fill the form, attach a PNG, Submit; the form frees at once and the
report reaches a real server (tests/live_server.py) through the outbox and the flusher."""

from __future__ import annotations

import pytest
from live_server import live_server_fixture  # noqa: F401  (provides the live_server fixture)

from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.settings import Settings
from tests.gui.conftest import make_png


def test_fill_attach_submit_reaches_the_server(qtbot, build_app, live_server, tmp_path, data_dir, pass_review):
    parts = build_app(Settings(server_url=live_server.url), with_flusher=True)
    w = parts.window
    w.show()
    w.form.ui.titleEdit.setText("Export button does nothing")
    w.form.ui.descriptionEdit.setPlainText("Clicking Export shows no dialog.")
    w.form.ui.stepsEdit.setPlainText("1. Open a file\n2. Click Export")
    w.form.ui.expectedEdit.setPlainText("A save dialog")
    w.form.ui.actualEdit.setPlainText("Nothing")
    w.form.ui.componentEdit.setText("export")
    w.form.ui.severityCombo.setCurrentIndex(w.form.ui.severityCombo.findData("minor"))
    parts.composer.add_files([make_png(tmp_path / "export.png", (20, 160, 90))])
    qtbot.waitUntil(lambda: w.attachments.count() == 1 and not parts.composer.busy, timeout=10_000)

    sent: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    parts.flusher.report_sent.connect(lambda cid, url: sent.append((cid, url)))
    parts.flusher.report_failed.connect(lambda cid, msg: failed.append((cid, msg)))
    w.submit_button.click()
    # Free at once: nothing waited for the disk or the network.
    assert w.form.ui.titleEdit.text() == ""
    assert w.attachments.count() == 0

    def delivered():
        if failed:
            pytest.fail(f"the server refused the report: {failed}")
        assert len(sent) == 1

    qtbot.waitUntil(delivered, timeout=60_000)
    client_id, url = sent[0]
    stored = [r for r in live_server.reports() if r["client_id"] == client_id]
    assert len(stored) == 1
    r = stored[0]
    assert (r["title"], r["severity"]) == ("Export button does nothing", "minor")
    assert len(r["attachments"]) == 1
    assert url.startswith(live_server.url)
    entry = Outbox(data_dir).get(client_id)
    assert (entry.state, entry.server_url) == ("sent", url)

    def linked():
        assert f'<a href="{url}">{url}</a>' in w.status_html()
        assert w.status_text() == f"Report sent: {url}"

    qtbot.waitUntil(linked, timeout=10_000)


def test_attach_a_log_submit_and_the_server_stores_it(qtbot, build_app, live_server, tmp_path, data_dir, pass_review):
    parts = build_app(Settings(server_url=live_server.url), with_flusher=True)
    w = parts.window
    w.show()
    w.form.ui.titleEdit.setText("Crash with a log")
    w.form.ui.severityCombo.setCurrentIndex(w.form.ui.severityCombo.findData("major"))
    log = tmp_path / "app.log"
    log_bytes = "2026-12-03 20:00:01 INFO started\n2026-12-03 20:00:02 ERROR caf\u00e9 crashed\n".encode()
    log.write_bytes(log_bytes)
    parts.composer.add_files([make_png(tmp_path / "shot.png", (20, 160, 90)), log])
    qtbot.waitUntil(lambda: w.attachments.count() == 2 and not parts.composer.busy, timeout=10_000)
    assert sorted(w.attachments.item(i).text() for i in range(2)) == ["app.log", "shot.png"]  # in the order checked

    sent: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    parts.flusher.report_sent.connect(lambda cid, url: sent.append((cid, url)))
    parts.flusher.report_failed.connect(lambda cid, msg: failed.append((cid, msg)))
    w.submit_button.click()

    def delivered():
        if failed:
            pytest.fail(f"the server refused the report: {failed}")
        assert len(sent) == 1

    qtbot.waitUntil(delivered, timeout=60_000)
    client_id, _url = sent[0]
    (r,) = [r for r in live_server.reports() if r["client_id"] == client_id]
    by_name = {a["filename"]: a for a in r["attachments"]}
    assert sorted(by_name) == ["app.log", "shot.webp"]  # the image was compressed; the text goes unchanged
    shot, text = by_name["shot.webp"], by_name["app.log"]
    assert shot["content_type"] == "image/webp"
    assert (text["filename"], text["size"], text["content_type"], text["thumbnail_url"], text["processing"]) == (
        "app.log", len(log_bytes), "text/plain; charset=utf-8", None, "ready")
    dl = live_server.get(text["url"].removeprefix(live_server.url))
    assert dl.content == log_bytes
    assert dl.headers["content-type"] == "text/plain; charset=utf-8"
    entry = Outbox(data_dir).get(client_id)
    assert entry.state == "sent"
    assert sorted(c.content_type for c in entry.compressed) == ["image/webp", "text/plain; charset=utf-8"]


def test_a_file_over_its_budget_is_said_when_the_report_is_sent(qtbot, build_app, live_server, tmp_path, data_dir,
                                                                 pass_review, monkeypatch):
    import random

    from PIL import Image

    rng = random.Random(5)
    frames = [Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3)) for _ in range(6)]
    noise = tmp_path / "noise.gif"
    frames[0].save(noise, save_all=True, append_images=frames[1:], duration=80)  # cannot fit 10 KB even at 320 px
    parts = build_app(Settings(server_url=live_server.url, byte_budget=10_000), with_flusher=True)
    w = parts.window
    w.form.ui.titleEdit.setText("Spinner never stops")
    parts.composer.add_files([noise, make_png(tmp_path / "fine.png", (20, 160, 90))])
    qtbot.waitUntil(lambda: w.attachments.count() == 2 and not parts.composer.busy, timeout=10_000)
    sent: list[tuple[str, str]] = []
    parts.flusher.report_sent.connect(lambda cid, url: sent.append((cid, url)))
    w.submit_button.click()
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=60_000)
    client_id, url = sent[0]
    entry = Outbox(data_dir).get(client_id)
    over = next(c for a, c in zip(entry.attachments, entry.compressed, strict=True) if a.filename == "noise.gif")
    assert over.over_budget and over.size > 10_000

    def said():
        assert w.status_text() == f"Report sent: {url} — a note on noise.gif: Details…"

    qtbot.waitUntil(said, timeout=10_000)
    assert f'<a href="{url}">{url}</a>' in w.status_html()  # the report's link stays whole
    from bugzot_desktop.gui import status

    opened: list[tuple[str, dict]] = []
    monkeypatch.setattr(status.ProblemDetails, "show", classmethod(lambda cls, parent, text, **kw: opened.append((text, kw))))
    w.status_line.message_label.linkActivated.emit(status.DETAILS_LINK)
    assert opened == [(f"noise.gif went out at {over.size:,} bytes, over the 10,000-byte budget even made smaller; crop "
                       "or shorten it for a smaller file.", {"title": "Sent, with a note", "intro": "How these files went out:"})]

"""examples/notepad.py with reporter.install(): the Help action and the crash hook, down to the wire."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from capture_server import capture_server  # noqa: F401  (the fixture)
from live_server import live_server_fixture  # noqa: F401  (registers `live_server`)
from PySide6.QtWidgets import QMenu

import bugzot_desktop.reporter
from bugzot_desktop.gui.bug_reporter import ACTION_NAME
from bugzot_desktop.gui.report_dialog import ReportDialog
from bugzot_desktop.gui.review_dialog import ReviewDialog

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "notepad.py"


@pytest.fixture
def notepad():
    spec = importlib.util.spec_from_file_location("notepad_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def window(qtbot, notepad):
    w = notepad.NotepadWindow()
    qtbot.addWidget(w)
    return w


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "notepad.log"
    path.write_text("".join(f"INFO line {i}\n" for i in range(1, 301)), encoding="utf-8")
    return path


@pytest.fixture
def reporter(qapp, window, capture_server, tmp_path, log_file, notepad):  # noqa: F811
    r = bugzot_desktop.reporter.install(
        qapp, server=capture_server.url, product=notepad.PRODUCT, version=notepad.VERSION,
        data_dir=tmp_path / "reports", log_file=log_file, log_lines=3, excepthook=False,
    )
    yield r
    r.shutdown()


def _fill(title: str, seen: list):
    def ask(cls, parent, report, *, product=""):
        seen.append(report)
        dlg = cls(report, parent, product=product)
        dlg.form.ui.titleEdit.setText(title or report.title)
        out = dlg.filled_report()
        dlg.deleteLater()
        return out

    return classmethod(ask)


def _untick(*keys: str):
    def review(cls, parent, report, **kw):
        dlg = cls(report, parent, **kw)
        for key in keys:
            dlg.set_item_checked(key, False)
        out = dlg.reviewed_report()
        dlg.deleteLater()
        return out

    return classmethod(review)


def test_help_menu_gets_one_report_action(reporter, window):
    help_menus = [a.menu() for a in window.menuBar().actions() if a.text() == "&Help"]
    assert len(help_menus) == 1 and isinstance(help_menus[0], QMenu)
    assert [a.text() for a in help_menus[0].actions()] == ["&About", "Report a &bug…"]
    reporter.add_to_windows()  # idempotent
    assert [a.text() for a in help_menus[0].actions()] == ["&About", "Report a &bug…"]


def test_report_a_bug_reaches_the_server_without_unticked_items(qtbot, reporter, window, capture_server, monkeypatch):  # noqa: F811
    seen: list = []
    monkeypatch.setattr(ReportDialog, "ask", _fill("Saving loses the last line", seen))
    monkeypatch.setattr(ReviewDialog, "review", _untick("environment:timezone", "environment:locale"))
    action = window.findChild(type(window.menuBar().actions()[0]), ACTION_NAME)
    with qtbot.waitSignal(reporter.report_sent, timeout=20_000, raising=True) as sent:
        action.trigger()
    assert seen[0].environment["app"] == "Notepad Example"
    assert seen[0].environment["log_tail"] == {"file": "notepad.log", "lines": 3, "text": "INFO line 298\nINFO line 299\nINFO line 300\n"}
    assert len(capture_server.requests) == 1
    req = capture_server.requests[0]
    assert sent.args == [f"{capture_server.url}/reports/1"]
    assert req.report["title"] == "Saving loses the last line"
    assert req.report["client_id"] == seen[0].client_id
    env = req.report["environment"]
    assert "timezone" not in env and "locale" not in env
    assert env["app"] == "Notepad Example" and env["app_version"] == "1.0"
    assert env["log_tail"]["text"] == "INFO line 298\nINFO line 299\nINFO line 300\n"
    assert seen[0].environment["timezone"] not in req.body.decode("utf-8", "replace")
    assert window.statusBar().currentMessage() == f"Bug report sent: {capture_server.url}/reports/1"


def test_cancelled_form_sends_nothing(reporter, window, capture_server, monkeypatch):  # noqa: F811
    monkeypatch.setattr(ReportDialog, "ask", classmethod(lambda cls, parent, report, product="": None))
    assert reporter.report_bug(window) is None
    assert capture_server.requests == []


def test_uncaught_exception_opens_the_form_with_the_traceback(qtbot, qapp, window, capture_server, tmp_path, monkeypatch, notepad):  # noqa: F811
    seen: list = []
    monkeypatch.setattr(ReportDialog, "ask", _fill("", seen))
    monkeypatch.setattr(ReviewDialog, "review", _untick())
    with qtbot.capture_exceptions() as caught:
        reporter = bugzot_desktop.reporter.install(
            qapp, server=capture_server.url, product=notepad.PRODUCT, version=notepad.VERSION,
            data_dir=tmp_path / "reports",
        )
        try:
            assert sys.excepthook == reporter.excepthook
            with qtbot.waitSignal(reporter.report_sent, timeout=20_000):
                window.crash_action.trigger()  # raises in a slot: Qt hands it to sys.excepthook
        finally:
            reporter.shutdown()
        assert sys.excepthook != reporter.excepthook
    assert [c[0] for c in caught] == [ZeroDivisionError]  # the previous hook still saw it
    report = seen[0]
    assert report.title == "Crash: ZeroDivisionError: division by zero"
    assert report.actual == ("The program stopped with ZeroDivisionError: division by zero (the traceback is "
                             "attached as the environment item “traceback”).")
    tb = report.environment["traceback"]
    assert tb.startswith("Traceback (most recent call last):")
    assert "in crash" in tb and tb.endswith("ZeroDivisionError: division by zero\n")
    sent = capture_server.requests[0].report
    assert sent["title"] == "Crash: ZeroDivisionError: division by zero"
    assert sent["environment"]["traceback"] == tb
    assert sent["actual"] == report.actual  # the traceback travels once


def test_real_server_stores_only_what_was_reviewed(qtbot, qapp, window, tmp_path, log_file, monkeypatch, notepad, live_server):
    seen: list = []
    monkeypatch.setattr(ReportDialog, "ask", _fill("Find does not wrap", seen))
    monkeypatch.setattr(ReviewDialog, "review", _untick("environment:os_version", "environment:screens"))
    reporter = bugzot_desktop.reporter.install(
        qapp, server=live_server.url, product=notepad.PRODUCT, version=notepad.VERSION,
        data_dir=tmp_path / "reports", log_file=log_file, log_lines=2, excepthook=False,
    )
    try:
        with qtbot.waitSignal(reporter.report_sent, timeout=30_000) as sent:
            reporter.report_bug(window)
    finally:
        reporter.shutdown()
    [stored] = [r for r in live_server.reports() if r["client_id"] == seen[0].client_id]
    detail = live_server.get(f"/api/v1/reports/{stored['id']}").json()
    env = detail["environment"]
    assert "os_version" not in env and "screens" not in env
    assert env["app"] == "Notepad Example"
    assert env["log_tail"] == {"file": "notepad.log", "lines": 2, "text": "INFO line 299\nINFO line 300\n"}
    assert sent.args[0].startswith(live_server.url)


def test_offline_report_waits_in_the_outbox(qtbot, qapp, window, tmp_path, monkeypatch, notepad):
    import socket

    from bugzot_desktop.core.outbox import Outbox

    with socket.socket() as s:  # a loopback port nobody listens on: connection refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    seen: list = []
    monkeypatch.setattr(ReportDialog, "ask", _fill("Offline report", seen))
    monkeypatch.setattr(ReviewDialog, "review", _untick())
    reporter = bugzot_desktop.reporter.install(
        qapp, server=f"http://127.0.0.1:{port}", product=notepad.PRODUCT, version=notepad.VERSION,
        data_dir=tmp_path / "reports", excepthook=False,
    )
    try:
        with qtbot.waitSignal(reporter.report_queued, timeout=20_000):
            reporter.report_bug(window)
    finally:
        reporter.shutdown()
    [entry] = Outbox(tmp_path / "reports").list()
    assert (entry.client_id, entry.state, entry.title) == (seen[0].client_id, "queued", "Offline report")
    assert window.statusBar().currentMessage() == "The bug report is saved and will be sent when the server is reachable."


def test_reports_left_waiting_go_out_at_the_next_install(qtbot, qapp, window, tmp_path, capture_server, notepad):  # noqa: F811
    from bugzot_desktop.core.outbox import Outbox
    from bugzot_desktop.core.report import Report

    waiting = Report(title="Left from yesterday", environment={"app": "Notepad Example"})
    Outbox(tmp_path / "reports").add(waiting)
    reporter = bugzot_desktop.reporter.install(
        qapp, server=capture_server.url, product=notepad.PRODUCT, version=notepad.VERSION,
        data_dir=tmp_path / "reports", excepthook=False,
    )
    try:
        with qtbot.waitSignal(reporter.report_sent, timeout=20_000) as sent:
            pass
    finally:
        reporter.shutdown()
    assert sent.args == [f"{capture_server.url}/reports/1"]
    assert [r.report["client_id"] for r in capture_server.requests] == [waiting.client_id]
    assert Outbox(tmp_path / "reports").get(waiting.client_id).state == "sent"


def test_exception_in_a_worker_thread_opens_the_form_in_the_gui_thread(qtbot, qapp, tmp_path, monkeypatch, notepad, capture_server):  # noqa: F811
    import threading

    from PySide6.QtCore import QThread

    asked: list = []

    def ask(cls, parent, report, product=""):
        asked.append((QThread.currentThread() is qapp.thread(), report.title))
        return None  # the user closes the form

    monkeypatch.setattr(ReportDialog, "ask", classmethod(ask))
    reporter = bugzot_desktop.reporter.install(
        qapp, server=capture_server.url, product=notepad.PRODUCT, version=notepad.VERSION,
        data_dir=tmp_path / "reports", excepthook=False,
    )
    try:
        try:
            raise RuntimeError("in a worker")
        except RuntimeError:
            info = sys.exc_info()
        worker = threading.Thread(target=reporter.excepthook, args=info)
        with qtbot.waitSignal(reporter.crash_caught, timeout=10_000) as caught:
            worker.start()
        worker.join(timeout=10)
    finally:
        reporter.shutdown()
    assert asked == [(True, "Crash: RuntimeError: in a worker")]
    assert caught.args[0].endswith("RuntimeError: in a worker\n")
    assert capture_server.requests == []

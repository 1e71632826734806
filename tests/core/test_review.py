"""core/review.py: the list of items, the selection, and a payload built from nothing else."""

from __future__ import annotations

import hashlib
import json

import pytest

from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.review import (
    ReviewSelection,
    apply,
    build_payload,
    review_items,
)
from bugzot_desktop.core.wire import parse_report_json

HOME = "/home/alice"


@pytest.fixture
def report(tmp_path):
    a = tmp_path / "shot.png"
    a.write_bytes(b"\x89PNG first")
    b = tmp_path / "private.png"
    b.write_bytes(b"\x89PNG second file")
    return Report(
        title="Crash on save",
        description="Mail me at alice@example.com, see /home/alice/notes.txt",
        steps="1. open\n2. save",
        expected="saved",
        actual="crash",
        severity="critical",
        component="editor",
        environment={"app": "BugZot", "os": "Ubuntu 24.04", "hostname_ip": "10.1.2.3", "screens": [{"name": "DP-1", "geometry": "1920x1080+0+0", "scale": 1.0}]},
        attachments=[Attachment(a, markup={"shapes": []}), Attachment(b, filename="private.png")],
    )


def test_items_list_everything_with_sizes(report):
    items = review_items(report)
    assert [i.key for i in items] == [
        "field:title",
        "field:severity",
        "field:description",
        "field:steps",
        "field:expected",
        "field:actual",
        "field:component",
        "environment:app",
        "environment:os",
        "environment:hostname_ip",
        "environment:screens",
        "file:0",
        "file:1",
    ]
    by_key = {i.key: i for i in items}
    assert by_key["field:title"].required and by_key["field:severity"].required
    assert not by_key["field:description"].required
    assert by_key["field:description"].size == len(report.description.encode())
    assert by_key["environment:app"].size == len('"BugZot"')
    assert by_key["environment:screens"].text.startswith('[\n  {\n    "name": "DP-1"')
    assert (by_key["file:1"].name, by_key["file:1"].size) == ("private.png", 16)


def test_everything_ticked_is_the_plain_wire_format(report):
    payload = build_payload(report)
    sha0 = hashlib.sha256(b"\x89PNG first").hexdigest()
    assert payload.report == {
        "schema_version": 1,
        "client_id": report.client_id,
        "title": "Crash on save",
        "description": "Mail me at alice@example.com, see /home/alice/notes.txt",
        "steps": "1. open\n2. save",
        "expected": "saved",
        "actual": "crash",
        "component": "editor",
        "severity": "critical",
        "environment": report.environment,
        "attachments": [
            {"filename": "shot.png", "size": 10, "sha256": sha0, "markup": {"shapes": []}},
            {"filename": "private.png", "size": 16, "sha256": hashlib.sha256(b"\x89PNG second file").hexdigest(), "markup": None},
        ],
    }
    assert [f.filename for f in payload.files] == ["shot.png", "private.png"]
    parse_report_json(json.dumps(payload.report))  # the server's parser accepts it


def test_unticked_items_are_absent_from_the_payload(report):
    sel = ReviewSelection()
    sel.set_included("environment:hostname_ip", False)
    sel.set_included("file:1", False)
    sel.set_included("field:steps", False)
    payload = build_payload(report, sel)
    assert list(payload.report["environment"]) == ["app", "os", "screens"]
    assert payload.report["steps"] == ""
    assert [a["filename"] for a in payload.report["attachments"]] == ["shot.png"]
    assert [f.filename for f in payload.files] == ["shot.png"]
    text = json.dumps(payload.to_json())
    assert "10.1.2.3" not in text and "private.png" not in text and "2. save" not in text
    # Ticking again brings it back: the selection is the only source.
    sel.set_included("file:1", True)
    assert [f.filename for f in build_payload(report, sel).files] == ["shot.png", "private.png"]


def test_required_fields_cannot_be_unticked(report):
    sel = ReviewSelection(excluded={"field:title", "field:severity"})
    reviewed = apply(report, sel)
    assert (reviewed.title, reviewed.severity) == ("Crash on save", "critical")


def test_mask_replaces_the_value_everywhere_it_is_sent(report):
    sel = ReviewSelection()
    assert [f.kind for f in sel.findings(report, "field:description", home=HOME)] == ["email", "home_path"]
    sel.mask(report, "field:description", home=HOME)
    sel.mask(report, "environment:hostname_ip", home=HOME)
    assert sel.findings(report, "field:description", home=HOME) == []
    payload = build_payload(report, sel)
    assert payload.report["description"] == "Mail me at [email], see ~/notes.txt"
    assert payload.report["environment"]["hostname_ip"] == "[ip]"
    assert report.description == "Mail me at alice@example.com, see /home/alice/notes.txt"  # the draft is untouched
    assert review_items(report, sel)[2].text == "Mail me at [email], see ~/notes.txt"


def test_mask_structured_value_keeps_its_shape(report):
    report.environment["log_tail"] = {"file": "app.log", "lines": 2, "text": "GET from 192.168.0.9\nok\n"}
    sel = ReviewSelection()
    assert [f.text for f in sel.findings(report, "environment:log_tail", home=HOME)] == ["192.168.0.9"]
    new = sel.mask(report, "environment:log_tail", home=HOME)
    assert new == {"file": "app.log", "lines": 2, "text": "GET from [ip]\nok\n"}
    assert report.environment["log_tail"]["text"] == "GET from 192.168.0.9\nok\n"


def test_apply_keeps_client_id_and_copies(report):
    reviewed = apply(report, ReviewSelection())
    assert reviewed.client_id == report.client_id
    reviewed.environment["app"] = "changed"
    reviewed.attachments[0].markup["shapes"].append(1)
    assert report.environment["app"] == "BugZot"
    assert report.attachments[0].markup == {"shapes": []}


def test_payload_to_json_lists_file_parts(report):
    sel = ReviewSelection(excluded={"file:0"})
    view = build_payload(report, sel).to_json()
    assert view["endpoint"] == "/api/v1/reports"
    assert view["files"] == [
        {
            "part": "files",
            "filename": "private.png",
            "size": 16,
            "sha256": hashlib.sha256(b"\x89PNG second file").hexdigest(),
            "path": str(report.attachments[1].path),
        }
    ]


def test_dry_run_is_what_delivery_would_send(tmp_path):
    from PIL import Image

    from bugzot_desktop.core import delivery
    from bugzot_desktop.core.outbox import Outbox
    from bugzot_desktop.core.review import dry_run
    from bugzot_desktop.core.settings import Settings

    shot = tmp_path / "screen.bmp"
    Image.new("RGB", (400, 300), (30, 120, 200)).save(shot)
    skipped = tmp_path / "skip.bmp"
    Image.new("RGB", (10, 10), (0, 0, 0)).save(skipped)
    report = Report(title="Blue screen", environment={"os": "Linux", "ip": "10.0.0.2"},
                    attachments=[Attachment(shot), Attachment(skipped)])
    sel = ReviewSelection(excluded={"environment:ip", "file:1"})
    settings = Settings()
    payload = dry_run(report, settings, sel, work_dir=tmp_path / "dry")

    # The same reviewed report through the real outbox and delivery preparation:
    reviewed = apply(report, sel)
    outbox = Outbox(tmp_path / "real")
    outbox.add(reviewed)
    delivery.prepare(outbox, reviewed.client_id, settings)
    wire_json, wire_files = delivery.build_submission(outbox.get(reviewed.client_id))
    assert payload.report == wire_json
    assert [(f.filename, f.size) for f in payload.files] == [(name, path.stat().st_size) for name, path, _ in wire_files]
    assert payload.report["environment"] == {"os": "Linux"}
    assert [f.path for f in payload.files] == [shot]
    assert payload.files[0].filename != "screen.bmp"  # sent re-encoded, under the name it is sent with


def test_file_items_carry_their_markup_text_and_its_findings(report):
    report.attachments[0].markup = {"items": [{"kind": "text", "text": "host 10.9.8.7"}, {"kind": "rect"},
                                              {"kind": "text", "text": "ok"}]}
    item = review_items(report)[-2]
    assert (item.key, item.text) == ("file:0", "host 10.9.8.7\nok")
    assert [(f.kind, f.text) for f in ReviewSelection().findings(report, "file:0", home=HOME)] == [("ip", "10.9.8.7")]
    assert ReviewSelection().findings(report, "file:1", home=HOME) == []


def test_a_text_attachment_is_an_item_with_its_content_and_is_masked_into_a_copy(tmp_path):
    log = tmp_path / "run.log"
    log.write_text("token=ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123 by bob@example.com\n", encoding="utf-8")
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG not text")
    r = Report(title="t", attachments=[Attachment(shot), Attachment(log, "run.log")])
    sel = ReviewSelection()
    files = [i for i in review_items(r, sel) if i.group == "file"]
    assert [(i.name, i.is_text_file, i.text) for i in files] == [
        ("shot.png", False, ""), ("run.log", True, log.read_text(encoding="utf-8"))]
    assert [f.kind for f in sel.findings(r, "file:1")] == ["token", "email"]
    assert not sel.is_maskable(r, "file:0") and sel.is_maskable(r, "file:1")
    assert sel.mask(r, "file:1") == "token=[token] by [email]\n"
    with pytest.raises(ValueError, match="run.log was masked"):
        apply(r, sel)
    out = apply(r, sel, work_dir=tmp_path / "work")
    assert [a.filename for a in out.attachments] == ["shot.png", "run.log"]
    assert out.attachments[0].path == shot
    assert out.attachments[1].path.parent == tmp_path / "work"
    assert out.attachments[1].path.read_text(encoding="utf-8") == "token=[token] by [email]\n"
    assert log.read_text(encoding="utf-8").startswith("token=ghp_")
    masked_item = [i for i in review_items(r, sel) if i.key == "file:1"][0]
    assert masked_item.size == len(b"token=[token] by [email]\n")

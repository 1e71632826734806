"""commands/dry_run.py: the printed payload is the exact one, in JSON and for people; nothing is sent."""

from __future__ import annotations

import io
import json

from PIL import Image

from bugzot_desktop.commands.dry_run import print_dry_run
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.review import ReviewSelection
from bugzot_desktop.core.settings import Settings


def _report(tmp_path) -> Report:
    shot = tmp_path / "shot.png"
    Image.new("RGB", (64, 48), (250, 250, 250)).save(shot)
    return Report(title="Menu cut off", severity="minor", environment={"os": "Linux", "locale": "de_DE.UTF-8"},
                  attachments=[Attachment(shot)])


def test_json_lists_fields_environment_and_files_with_hashes(tmp_path):
    report = _report(tmp_path)
    out = io.StringIO()
    assert print_dry_run(report, Settings(server_url="http://127.0.0.1:9"), as_json=True, out=out) == 0
    data = json.loads(out.getvalue())
    assert data["dry_run"] is True
    assert data["server"] == "http://127.0.0.1:9"
    assert data["endpoint"] == "/api/v1/reports"
    r = data["report"]
    assert (r["schema_version"], r["client_id"], r["title"], r["severity"]) == (1, report.client_id, "Menu cut off", "minor")
    assert r["environment"] == {"os": "Linux", "locale": "de_DE.UTF-8"}
    [f] = data["files"]
    assert f["path"] == str(tmp_path / "shot.png")
    assert r["attachments"] == [{"filename": f["filename"], "size": f["size"], "sha256": f["sha256"], "markup": None}]
    assert len(f["sha256"]) == 64 and f["size"] > 0


def test_selection_applies_and_the_text_view_says_nothing_was_sent(tmp_path):
    report = _report(tmp_path)
    out = io.StringIO()
    sel = ReviewSelection(excluded={"environment:locale", "file:0"})
    print_dry_run(report, Settings(), as_json=False, selection=sel, out=out)
    text = out.getvalue()
    assert text.splitlines()[0] == "POST http://127.0.0.1:8000/api/v1/reports  (dry run: nothing was sent)"
    assert "  title: 'Menu cut off'" in text
    assert "  os: Linux" in text and "locale" not in text
    assert text.rstrip().endswith("Files: none")



def test_names_with_bidi_controls_are_printed_escaped(tmp_path):
    """notes\u202egnp.txt printed as notestxt.png: a reversed name could pass for another file (QA)."""
    odd = tmp_path / "notes\u202egnp.txt"
    odd.write_text("x\n", encoding="utf-8")
    report = Report(title="t", environment={"app\u202e": "a\u2066b\nc\u202ed"}, attachments=[Attachment(odd)])
    out = io.StringIO()
    print_dry_run(report, Settings(), as_json=False, out=out)
    text = out.getvalue()
    assert not any(ch in text for ch in "\u202e\u2066")
    assert "  notes\\u202egnp.txt  " in text and f"from {tmp_path}/notes\\u202egnp.txt)" in text
    assert "  app\\u202e: a\\u2066b\n    c\\u202ed" in text

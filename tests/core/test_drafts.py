"""core/drafts.py: atomic save, load back, ordering of late saves, staged files."""

from __future__ import annotations

import json
from pathlib import Path

from bugzot_desktop.core.drafts import DraftStore
from bugzot_desktop.core.report import Attachment, Report


def _report(tmp_path: Path, **kw) -> Report:
    img = tmp_path / "shot.png"
    img.write_bytes(b"\x89PNG fake")
    return Report(
        title="Crash on save",
        description="It crashed.",
        steps="1. Save",
        expected="Saved",
        actual="Crashed",
        severity="critical",
        component="editor",
        attachments=[Attachment(path=img, markup={"shapes": [{"kind": "arrow"}]}, source_path=img)],
        **kw,
    )


def test_save_then_load_gives_back_every_field(tmp_path, data_dir):
    store = DraftStore(data_dir)
    report = _report(tmp_path)
    assert store.save(report, seq=store.next_seq()) is True
    loaded, editing = DraftStore(data_dir).load()
    assert editing is False
    assert loaded.fields() == report.fields()
    assert loaded.client_id == report.client_id
    assert [(a.path, a.filename, a.markup, a.source_path) for a in loaded.attachments] == [
        (tmp_path / "shot.png", "shot.png", {"shapes": [{"kind": "arrow"}]}, tmp_path / "shot.png")
    ]
    assert sorted(p.name for p in (data_dir / "drafts").iterdir()) == ["draft.json", "staging"]


def test_no_draft_and_blank_draft_offer_nothing(data_dir):
    store = DraftStore(data_dir)
    assert store.load() is None
    store.save(Report(title="x"))
    assert store.load() is not None
    store.save(Report(title="   "))
    assert store.load() is None
    assert not store.path.exists()


def test_editing_flag_survives(tmp_path, data_dir):
    store = DraftStore(data_dir)
    store.save(_report(tmp_path), editing=True)
    assert store.load()[1] is True


def test_a_late_older_save_never_overwrites_a_newer_one_or_a_discard(tmp_path, data_dir):
    store = DraftStore(data_dir)
    old, new, gone = store.next_seq(), store.next_seq(), store.next_seq()
    assert store.save(Report(title="newer"), seq=new) is True
    assert store.save(Report(title="older"), seq=old) is False
    assert store.load()[0].title == "newer"
    store.discard(seq=gone)
    assert store.save(Report(title="newer"), seq=new) is False
    assert store.load() is None


def test_unreadable_draft_is_moved_aside_not_deleted(data_dir):
    store = DraftStore(data_dir)
    store.path.write_text("{not json", encoding="utf-8")
    assert store.load() is None
    kept = [p for p in store.dir.iterdir() if p.name.startswith("draft-unreadable-")]
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == "{not json"


def test_only_staged_files_are_removed(tmp_path, data_dir):
    store = DraftStore(data_dir)
    staged = store.staging_dir / "capture-1.png"
    staged.write_bytes(b"x")
    users = tmp_path / "mine.png"
    users.write_bytes(b"y")
    assert store.remove_staged([staged, users]) == 1
    assert not staged.exists()
    assert users.read_bytes() == b"y"


def test_a_discard_never_removes_a_newer_draft(data_dir):
    store = DraftStore(data_dir)
    submitted, typed_after = store.next_seq(), store.next_seq()
    store.save(Report(title="next bug"), seq=typed_after)
    store.discard(seq=submitted)
    assert store.load()[0].title == "next bug"


def test_keep_aside_writes_an_unsent_report_beside_the_draft(tmp_path, data_dir):
    store = DraftStore(data_dir)
    report = _report(tmp_path)
    path = store.keep_aside(report)
    assert path == data_dir / "drafts" / f"unsent-{report.client_id}.json"
    assert store.load() is None  # the draft itself is untouched
    import json

    from bugzot_desktop.core.drafts import report_from_dict

    back, editing = report_from_dict(json.loads(path.read_text(encoding="utf-8")))
    assert (back.fields(), back.client_id, editing) == (report.fields(), report.client_id, False)


def test_a_late_unpark_never_removes_a_newer_parked_report(tmp_path):
    from bugzot_desktop.core.drafts import DraftStore
    from bugzot_desktop.core.report import Report

    store = DraftStore(tmp_path)
    first = store.next_seq()
    store.park(Report(title="first"), seq=first)
    late = store.next_seq()  # an unpark asked for (its pool task is still on its way) ...
    store.park(Report(title="second"), seq=store.next_seq())  # ... when the user parks again
    store.unpark(Report(title="first"), seq=late)  # the late task runs now
    assert store.parked().title == "second"  # the newer copy stays on disk
    store.unpark(seq=store.next_seq())
    assert store.parked() is None


def test_the_staging_sweep_removes_only_old_files_nothing_refers_to(tmp_path, data_dir):
    import os

    store = DraftStore(data_dir)

    def staged(name: str, age_s: float = 3600) -> Path:
        p = store.staging_dir / name
        p.write_bytes(name.encode())
        t = p.stat().st_mtime - age_s
        os.utime(p, (t, t))
        return p

    in_draft, its_original = staged("screenshot-a.png"), staged("screenshot-a-orig.png")
    parked, aside, unreadable = staged("parked.png"), staged("aside.png"), staged("in-unreadable.png")
    orphan, old_markup = staged("screenshot-crash.png"), staged("shot-marked-1.png")
    new_this_session = staged("screenshot-new.png", age_s=-5)  # made after the session started
    store.save(Report(title="t", attachments=[Attachment(path=in_draft, source_path=its_original)]))
    store.park(Report(title="p", attachments=[Attachment(path=parked)]))
    store.keep_aside(Report(title="k", attachments=[Attachment(path=aside)]))
    (store.dir / "draft-unreadable-1.json").write_text(
        json.dumps({"attachments": [{"path": str(unreadable)}]}), encoding="utf-8")
    (store.dir / "broken.json").write_text("{not json", encoding="utf-8")  # refers to nothing, breaks nothing
    before = new_this_session.stat().st_mtime - 1
    assert store.sweep_staging(before) == 2
    store.release()
    assert sorted(p.name for p in store.staging_dir.iterdir()) == sorted(
        p.name for p in (in_draft, its_original, parked, aside, unreadable, new_this_session))
    assert not orphan.exists() and not old_markup.exists()


HOLD_CLAIM = """
import sys
from pathlib import Path
from bugzot_desktop.core.drafts import DraftStore
store = DraftStore(Path(sys.argv[1]))
print("CLAIMED" if store.claim() else "TAKEN", flush=True)
sys.stdin.read()  # until the test closes our stdin
store.release()
"""


def test_the_sweep_leaves_staged_files_alone_while_another_app_uses_the_data_dir(tmp_path, data_dir):
    """A second app on the same data dir must not delete the first one's capture that its draft does not name
    yet (seen: a spawned image worker re-ran a driver script and swept the first app's screenshot away)."""
    import os
    import subprocess
    import sys

    import pytest

    from bugzot_desktop.core import drafts as drafts_mod

    if drafts_mod.fcntl is None:
        pytest.skip("no POSIX record locks here")
    store = DraftStore(data_dir)
    capture = store.staging_dir / "screenshot-theirs.png"
    capture.write_bytes(b"not in any draft yet")
    t = capture.stat().st_mtime - 60
    os.utime(capture, (t, t))
    other = subprocess.Popen([sys.executable, "-c", HOLD_CLAIM, str(data_dir)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "CLAIMED"
        assert store.claim() is False  # the other app has these drafts
        assert store.sweep_staging(capture.stat().st_mtime + 1) == 0
        assert capture.exists()
    finally:
        other.stdin.close()
        assert other.wait(30) == 0
        other.stdout.close()
    # Alone again: the orphan goes; our claim stays afterwards, so a third app finds the drafts taken.
    assert store.sweep_staging(capture.stat().st_mtime + 1) == 1
    assert not capture.exists()
    third = subprocess.Popen([sys.executable, "-c", HOLD_CLAIM, str(data_dir)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert third.stdout.readline().strip() == "TAKEN"
    finally:
        third.stdin.close()
        assert third.wait(30) == 0
        third.stdout.close()
    store.release()


def test_a_draft_that_cannot_be_written_says_where_and_what_is_at_stake(tmp_path, data_dir, monkeypatch):
    import pytest

    from bugzot_desktop.core import drafts as drafts_mod
    from bugzot_desktop.core.errors import BadInputError

    store = DraftStore(data_dir)

    def refuse(path, data, prefix=""):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(drafts_mod, "write_json", refuse)
    with pytest.raises(BadInputError) as err:
        store.save(Report(title="typed"))
    assert str(err.value) == (
        f"Drafts cannot be saved in {store.dir} (Permission denied); if BugZot stops now, what was typed since is "
        "lost. Make the folder writable or submit the report.")

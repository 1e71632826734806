"""`bugzot --self-check` in the test process (the bundle tests run it frozen)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging_helpers import expected_check_names, parse_self_check

from bugzot_desktop import __version__, cli
from bugzot_desktop.commands import selfcheck


def test_self_check_passes_from_the_source_tree(qapp, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--self-check"]) == 0
    out = capsys.readouterr().out
    rows = parse_self_check(out)
    assert [(status, name) for status, name, _ in rows] == [("OK", n) for n in expected_check_names()]
    assert out.splitlines()[-1] == f"self-check passed: {len(rows)} checks OK"
    details = {name: detail for _, name, detail in rows}
    assert details["resources"] == str(Path(selfcheck.__file__).resolve().parents[2] / "resources")
    # the format and byte count are imaging's choice; the size is what we asked for (480x300 -> 240 px edge)
    assert re.fullmatch(
        r"sample\.png -> [A-Z]+ 240x150, [1-9]\d* bytes, on a QThreadPool worker driving an image worker process \(heap kept warm\)",
        details["compress"],
    )


def test_a_failing_check_is_reported_and_exits_1(qapp, capsys, monkeypatch) -> None:
    def broken(self: selfcheck.SelfCheck) -> str:
        raise selfcheck.CheckFailed("outbox unusable")

    monkeypatch.setattr(selfcheck.SelfCheck, "check_outbox", broken)
    assert selfcheck.run(None) == 1
    out = capsys.readouterr().out
    rows = parse_self_check(out)
    assert [row for row in rows if row[0] != "OK"] == [("FAIL", "outbox", "outbox unusable")]
    assert out.splitlines()[-1] == f"self-check FAILED: 1 of {len(expected_check_names())} checks failed"


def test_a_crashing_check_names_the_exception_not_a_traceback(qapp, capsys, monkeypatch) -> None:
    def crash(self: selfcheck.SelfCheck) -> str:
        raise ValueError("boom")

    monkeypatch.setattr(selfcheck.SelfCheck, "check_icon", crash)
    assert selfcheck.run(None) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    icon_line = next(line for line in out.splitlines() if line.startswith("  FAIL  icon "))
    assert icon_line.split(None, 2)[2].startswith("ValueError: boom (test_selfcheck.py:")


def test_version_flag_prints_the_one_version(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"bugzot {__version__}\n"

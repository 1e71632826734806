"""Bundles: write the waiting reports, read them back exactly, refuse damaged members by name."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from bugzot_desktop.core.bundle import BundleError, read_bundle, write_bundle
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report


def _png(path: Path, color: tuple[int, int, int]) -> Path:
    Image.new("RGB", (64, 48), color).save(path)
    return path


@pytest.fixture
def outbox_with_reports(tmp_path, data_dir):
    ob = Outbox(data_dir)
    a = ob.add(
        Report(title="One", attachments=[Attachment(_png(tmp_path / "a.png", (255, 0, 0)), markup={"shapes": []})])
    )
    b = ob.add(
        Report(
            title="Two",
            severity="minor",
            environment={"os": "Linux"},
            attachments=[
                Attachment(_png(tmp_path / "b.png", (0, 255, 0))),
                Attachment(_png(tmp_path / "c.png", (0, 0, 255))),
            ],
        )
    )
    sent = ob.add(Report(title="Already sent"))
    ob.claim(sent.client_id)
    ob.mark_sent(sent.client_id, "1", "http://s/1")
    return ob, a, b


def test_round_trip_of_waiting_reports(tmp_path, outbox_with_reports):
    ob, a, b = outbox_with_reports
    path = tmp_path / "out" / "bundle.zip"
    assert write_bundle(ob, path) == 2
    got = list(read_bundle(path))
    assert [r.client_id for r, _ in got] == [a.client_id, b.client_id]
    r1, files1 = got[0]
    assert (r1.title, r1.attachments[0].markup) == ("One", {"shapes": []})
    r2, files2 = got[1]
    assert (r2.title, r2.severity, r2.environment) == ("Two", "minor", {"os": "Linux"})
    # Sent under the original stem with the extension of the format actually sent.
    names = [f for f, _ in files2]
    assert names == [x.filename for x in r2.attachments]
    assert [Path(n).stem for n in names] == ["b", "c"]
    for report, files in got:
        for info, (_name, opener) in zip(report.attachments, files, strict=True):
            with opener() as fh:
                data = fh.read()
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (info.sha256, info.size)
            with Image.open(__import__("io").BytesIO(data)) as im:
                assert im.size == (64, 48)
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["bundle_version"] == 1
    assert manifest["reports"][1]["files"][1]["member"] == f"files/{b.client_id}/1-{names[1]}"
    # The report JSON is the exact wire JSON the upload would carry.
    assert manifest["reports"][0]["report"]["schema_version"] == 1
    assert set(manifest["reports"][0]["report"]) >= {"client_id", "title", "attachments", "environment", "severity"}


def test_selected_reports_only(tmp_path, outbox_with_reports):
    ob, a, _b = outbox_with_reports
    path = tmp_path / "one.zip"
    assert write_bundle(ob, path, [a.client_id]) == 1
    assert [r.client_id for r, _ in read_bundle(path)] == [a.client_id]
    with pytest.raises(BundleError, match="is not in the outbox"):
        write_bundle(ob, tmp_path / "x.zip", ["8c1f0f7e-1d0e-4a52-9b63-1b1f6f7a0c55"])


def test_damaged_member_is_named(tmp_path, outbox_with_reports):
    ob, _a, b = outbox_with_reports
    good = tmp_path / "good.zip"
    write_bundle(ob, good)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as zf:
        victim = json.loads(zf.read("manifest.json"))["reports"][1]["files"][1]["member"]
    assert victim.startswith(f"files/{b.client_id}/1-c.")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:-1] + bytes([data[-1] ^ 1]) if item.filename == victim else data)
    it = read_bundle(bad)
    first, _ = next(it)  # the intact report still reads
    assert first.title == "One"
    with pytest.raises(BundleError, match=rf"report 2: member {victim} does not match its checksum"):
        next(it)


def test_not_a_bundle(tmp_path):
    p = tmp_path / "x.zip"
    p.write_bytes(b"nope")
    with pytest.raises(BundleError, match="x.zip could not be opened as a zip file"):
        list(read_bundle(p))
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("other.txt", "hi")
    with pytest.raises(BundleError, match="has no manifest.json"):
        list(read_bundle(p))


def test_a_size_the_manifest_gets_wrong_is_named(tmp_path, outbox_with_reports):
    ob, a, _b = outbox_with_reports
    good = tmp_path / "good.zip"
    write_bundle(ob, good, [a.client_id])
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        row = manifest["reports"][0]["files"][0]
        data = zf.read(row["member"])
    row["size"] = len(data) + 5  # the report's own size and both checksums stay right
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr(row["member"], data)
    with pytest.raises(BundleError) as err:
        list(read_bundle(bad, "The uploaded bundle"))
    assert str(err.value) == (
        f"The uploaded bundle, report 1: member {row['member']} has {len(data)} bytes but the manifest says "
        f"{len(data) + 5}; the bundle is damaged — export it again."
    )


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ({"bundle_version": 1, "reports": {"a": 1}}, "Bundle m.zip: 'reports' in manifest.json must be a list."),
        ({"bundle_version": 1, "reports": ["x"]}, "Bundle m.zip, report 1: the manifest.json entry needs 'report' and 'files'."),
        ({"bundle_version": 1, "reports": [{"report": {}, "files": 3}]}, "Bundle m.zip, report 1: 'files' must be a list of objects."),
        ({"bundle_version": [[1]]}, "Bundle m.zip has bundle_version of type list; this version reads 1."),
    ],
)
def test_malformed_manifests_are_bundle_errors(tmp_path, manifest, message):
    p = tmp_path / "m.zip"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
    with pytest.raises(BundleError) as err:
        list(read_bundle(p))
    assert str(err.value) == message

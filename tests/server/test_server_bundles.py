"""Air-gap import: the outbox bundle through the API and the CLI, idempotent with normal sends."""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from pathlib import Path

from server_helpers import multipart, png_bytes, report_for, stored_files

from bugzot_desktop.core.bundle import BUNDLE_VERSION, MANIFEST
from bugzot_server import cli


def make_bundle(path: Path, reports: list[tuple[dict, list[tuple[str, bytes]]]]) -> Path:
    """A bundle in core/bundle.py's documented layout."""
    entries = []
    with zipfile.ZipFile(path, "w") as zf:
        for report, files in reports:
            rows = []
            for n, (name, data) in enumerate(files):
                member = f"files/{report['client_id']}/{n}-{name}"
                zf.writestr(member, data)
                rows.append({"member": member, "filename": name, "content_type": "image/png", "size": len(data),
                             "sha256": hashlib.sha256(data).hexdigest()})
            entries.append({"report": report, "files": rows})
        zf.writestr(MANIFEST, json.dumps({"bundle_version": BUNDLE_VERSION, "created_at": "2026-01-01T00:00:00+00:00",
                                          "generator": "test", "reports": entries}))
    return path


def test_bundle_import_is_idempotent(client, auth, tmp_path, settings) -> None:
    f1, f2 = [("one.png", png_bytes(30, 30))], [("two.png", png_bytes(40, 20)), ("three.png", png_bytes(5, 5))]
    r1, r2 = report_for(f1, title="First"), report_for(f2, title="Second")
    # The first report already reached the server the normal way.
    sent = client.post("/api/v1/reports", headers=auth, **multipart(r1, f1)).json()
    bundle = make_bundle(tmp_path / "out.bzb", [(r1, f1), (r2, f2)])
    zip_headers = {**auth, "Content-Type": "application/zip"}
    res = client.post("/api/v1/bundles", headers=zip_headers, content=bundle.read_bytes())
    assert res.status_code == 200, res.text
    body = res.json()
    assert (body["imported"], body["already_present"]) == (1, 1)
    assert [(r["client_id"], r["created"]) for r in body["reports"]] == [(r1["client_id"], False), (r2["client_id"], True)]
    assert body["reports"][0]["id"] == sent["id"]
    again = client.post("/api/v1/bundles", headers=zip_headers, content=bundle.read_bytes()).json()
    assert (again["imported"], again["already_present"]) == (0, 2)
    listing = client.get("/api/v1/reports", headers=auth).json()
    assert sorted(r["title"] for r in listing["reports"]) == ["First", "Second"]
    second = next(r for r in listing["reports"] if r["title"] == "Second")
    assert [a["filename"] for a in second["attachments"]] == ["two.png", "three.png"]
    assert len([p for p in stored_files(settings.data_dir) if "/files/" in str(p)]) == 3


def test_cli_import(tmp_path, database_url, capsys) -> None:
    files = [("a.png", png_bytes())]
    bundle = make_bundle(tmp_path / "b.zip", [(report_for(files, client_id=str(uuid.uuid4())), files)])
    args = ["import", str(bundle), "--data-dir", str(tmp_path / "srv")] + (["--database-url", database_url] if database_url else [])
    assert cli.main(args) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Imported 1 report(s); 0 were already stored."
    assert cli.main(args) == 0
    first, where = capsys.readouterr().out.splitlines()
    assert first == "Imported 0 report(s); 1 were already stored."
    assert where.startswith(f"Data dir: {(tmp_path / 'srv').resolve()}; database: ")


def _manifest_bundle(path: Path, manifest: bytes, members: dict[str, bytes] | None = None) -> bytes:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(MANIFEST, manifest)
        for name, data in (members or {}).items():
            zf.writestr(name, data)
    return path.read_bytes()


def test_bad_bundles_are_refused(client, auth, tmp_path, settings) -> None:
    zip_headers = {**auth, "Content-Type": "application/zip"}
    r = client.post("/api/v1/bundles", headers=zip_headers, content=b"not a zip")
    assert (r.status_code, r.json()["detail"]) == (
        422, "The uploaded bundle is not a zip file (File is not a zip file); export it again with 'bugzot outbox export'.")
    files = [("evil.png", b"<html><script>x</script></html>")]
    bad = make_bundle(tmp_path / "bad.zip", [(report_for(files, title="Evil"), files)])
    r = client.post("/api/v1/bundles", headers=zip_headers, content=bad.read_bytes())
    assert r.status_code == 422
    assert r.json()["detail"].startswith(  # the list of formats after "attach a" depends on the Pillow plugins here
        "The uploaded bundle, report 1 ('Evil'): File evil.png is an HTML page, neither an image nor a plain-text file; "
        "attach a PNG, JPEG")
    r = client.post("/api/v1/bundles", headers=zip_headers, content=_manifest_bundle(tmp_path / "m.zip", b'{"x": 1}'))
    assert (r.status_code, r.json()["detail"]) == (422, "The uploaded bundle has bundle_version None; this version reads 1.")
    r = client.post("/api/v1/bundles", headers={**auth, "Content-Type": "text/plain"}, content=b"x")
    assert (r.status_code, r.json()["detail"]) == (415, "Send the bundle as the request body with Content-Type: application/zip.")
    assert client.post("/api/v1/bundles", headers={"Content-Type": "application/zip"}, content=b"x").status_code == 401
    assert client.get("/api/v1/reports", headers=auth).json()["total"] == 0
    assert stored_files(settings.data_dir) == []


def test_deeply_nested_manifests_and_reports_are_422(client, auth, tmp_path, settings) -> None:
    zip_headers = {**auth, "Content-Type": "application/zip"}
    deep = b'{"bundle_version": 1, "reports": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    r = client.post("/api/v1/bundles", headers=zip_headers, content=_manifest_bundle(tmp_path / "deep.zip", deep))
    assert (r.status_code, r.json()["detail"]) == (
        422, "The uploaded bundle: manifest.json is nested too deeply to read; it was not written by 'bugzot outbox export'.")
    report = report_for([])
    nested: object = 1
    for _ in range(40):
        nested = {"a": nested}
    report["environment"] = {"x": nested}
    bundle = make_bundle(tmp_path / "deep-report.zip", [(report, [])])
    r = client.post("/api/v1/bundles", headers=zip_headers, content=bundle.read_bytes())
    assert (r.status_code, r.json()["detail"]) == (
        422, "The uploaded bundle, report 1: The report JSON is nested too deeply (more than 32 levels of objects "
        "and lists); send the report object as docs/CONTRACTS.md describes it.")
    # The command line reads the same files the same way.
    args = ["import", str(tmp_path / "deep.zip"), "--data-dir", str(settings.data_dir)]
    if settings.database_url:
        args += ["--database-url", settings.database_url]
    assert cli.main(args) == 2
    assert client.get("/api/v1/reports", headers=auth).json()["total"] == 0


def test_a_wrong_size_in_the_manifest_is_refused_naming_the_member(client, auth, tmp_path, settings) -> None:
    files = [("shot.png", png_bytes(40, 30))]
    report = report_for(files, title="Sized")
    bundle = make_bundle(tmp_path / "size.zip", [(report, files)])
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        member = manifest["reports"][0]["files"][0]["member"]
        data = zf.read(member)
    manifest["reports"][0]["files"][0]["size"] = 1  # the report's own size stays right
    body = _manifest_bundle(tmp_path / "size2.zip", json.dumps(manifest).encode(), {member: data})
    r = client.post("/api/v1/bundles", headers={**auth, "Content-Type": "application/zip"}, content=body)
    assert (r.status_code, r.json()["detail"]) == (
        422, f"The uploaded bundle, report 1: member {member} has {len(data)} bytes but the manifest says 1; "
        "the bundle is damaged — export it again.")
    assert client.get("/api/v1/reports", headers=auth).json()["total"] == 0
    assert stored_files(settings.data_dir) == []


def test_a_corrupt_deflate_stream_is_422_not_500(client, auth, tmp_path, settings) -> None:
    data = png_bytes(200, 200) + b"x" * 5000
    report = report_for([("a.png", data)])
    member = f"files/{report['client_id']}/0-a.png"
    row = {"member": member, "filename": "a.png", "content_type": "image/png", "size": len(data),
           "sha256": hashlib.sha256(data).hexdigest()}
    path = tmp_path / "deflated.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps({"bundle_version": BUNDLE_VERSION, "reports": [{"report": report, "files": [row]}]}))
        zf.writestr(member, data)
    raw = bytearray(path.read_bytes())
    start = raw.index(member.encode()) + len(member) + 10  # inside the member's compressed data
    raw[start:start + 40] = bytes(b ^ 0x5A for b in raw[start:start + 40])
    r = client.post("/api/v1/bundles", headers={**auth, "Content-Type": "application/zip"}, content=bytes(raw))
    detail = r.json()["detail"]
    assert r.status_code == 422
    # The words in between are zlib's own (e.g. "invalid distance too far back") and vary with its version.
    assert detail.startswith("The uploaded bundle is damaged (Error -3 while decompressing data: "), detail
    assert detail.endswith("); export it again."), detail
    assert client.get("/api/v1/reports", headers=auth).json()["total"] == 0

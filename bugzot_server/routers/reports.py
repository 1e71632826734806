"""The reports API: submit (idempotent on client_id), list, get, open/close."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from bugzot_desktop.core.wire import (
    API_PREFIX,
    FILES_PART,
    REPORT_PART,
    SEVERITIES,
    WireReport,
    control_character,
    parse_report_json,
)
from bugzot_server import queries
from bugzot_server.db import Attachment, Report, as_utc
from bugzot_server.errors import ClientError
from bugzot_server.ingest import IncomingFile, store_report
from bugzot_server.routers.deps import DbDep, JobsDep, SettingsDep, StorageDep, base_url, require_token
from bugzot_server.routers.schemas import (
    ERRORS,
    AttachmentOut,
    ErrorOut,
    Id,
    ReportListOut,
    ReportOut,
    StatusIn,
    SubmitOut,
)
from bugzot_server.upload import receive_upload

router = APIRouter(prefix=API_PREFIX, tags=["reports"], dependencies=[Depends(require_token)])

Severity = Literal["blocker", "critical", "major", "minor", "trivial"]
assert set(Severity.__args__) == set(SEVERITIES)  # type: ignore[attr-defined]  # wire.py stays the source

_MULTIPART_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": [REPORT_PART],
                "properties": {
                    REPORT_PART: {
                        "type": "string",
                        "description": "JSON built by bugzot_desktop.core.wire.build_report_json "
                        "(schema_version, client_id, title, ..., attachments[{filename,size,sha256,markup}])",
                    },
                    FILES_PART: {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "One image or plain-text file per entry of attachments, in the same order",
                    },
                },
            }
        }
    },
}


def attachment_out(att: Attachment, base: str) -> AttachmentOut:
    state, error = queries.processing_state(att)
    return AttachmentOut(
        id=att.id,
        filename=att.filename,
        size=att.size,
        sha256=att.sha256,
        content_type=att.content_type,
        width=att.width,
        height=att.height,
        url=f"{base}/attachments/{att.id}",
        thumbnail_url=f"{base}/attachments/{att.id}/thumbnail" if att.thumb_name else None,
        preview_url=f"{base}/attachments/{att.id}/preview" if att.preview_name else None,
        processing=state,  # type: ignore[arg-type]
        error=error,
        markup=att.markup,
    )


def report_out(r: Report, base: str) -> ReportOut:
    return ReportOut(
        id=r.id,
        client_id=r.client_id,
        title=r.title,
        description=r.description,
        steps=r.steps,
        expected=r.expected,
        actual=r.actual,
        severity=r.severity,
        component=r.component,
        environment=r.environment or {},
        status=r.status,  # type: ignore[arg-type]
        created_at=as_utc(r.created_at),  # SQLite hands it back naive: always say UTC (PostgreSQL did)
        url=f"{base}/reports/{r.id}",
        api_url=f"{base}{API_PREFIX}/reports/{r.id}",
        attachments=[attachment_out(a, base) for a in r.attachments],
    )


def submit_out(report_id: int, client_id: str, created: bool, base: str) -> SubmitOut:
    return SubmitOut(
        id=report_id,
        client_id=client_id,
        url=f"{base}/reports/{report_id}",
        api_url=f"{base}{API_PREFIX}/reports/{report_id}",
        created=created,
    )


@router.post(
    "/reports",
    status_code=201,
    response_model=SubmitOut,
    responses={200: {"model": SubmitOut, "description": "Replay of a known client_id: the first report"}, **ERRORS},
    openapi_extra={"requestBody": _MULTIPART_BODY},
    summary="Submit a report with its images (idempotent on client_id)",
)
async def create_report(
    request: Request, response: Response, settings: SettingsDep, db: DbDep, storage: StorageDep, jobs: JobsDep
) -> SubmitOut:
    parsed: dict[str, WireReport] = {}

    async def on_report(raw: bytes) -> bool:
        # Refuse a bad report before its files are read; replays are found in store_report,
        # in the same worker-thread hop as the checks (each hop costs the event loop).
        parsed["wire"] = parse_report_json(raw)
        return False

    upload, _ = await receive_upload(request.stream(), request.headers.get("content-type", ""), storage, settings, on_report)
    try:
        if upload.report_raw is None:
            raise ClientError(422, f"Part '{REPORT_PART}' is missing; send the report JSON in it.")
        wire = parsed.get("wire") or parse_report_json(upload.report_raw)
        files = [IncomingFile(f.path, f.size, f.sha256) for f in upload.files]
        report_id, created = await run_in_threadpool(store_report, db, storage, settings, wire, files)
    finally:
        upload.discard()
    if created:
        jobs.wake()
    response.status_code = 201 if created else 200
    return submit_out(report_id, wire.client_id, created, base_url(request, settings))


@router.get("/reports", response_model=ReportListOut, responses={401: ERRORS[401], 422: ERRORS[422]})
def list_reports(
    request: Request,
    settings: SettingsDep,
    db: DbDep,
    q: Annotated[str, Query(max_length=200, description="Text in title or description")] = "",
    severity: Severity | None = None,
    status: Literal["open", "closed"] | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 25,
) -> ReportListOut:
    """Reports, newest first, with search, filters and pagination."""
    if (bad := control_character(q)) is not None:
        # No stored title or description holds one (core.wire refuses them); PostgreSQL cannot even compare a NUL.
        raise ClientError(422, f"Parameter 'q' contains the control character U+{ord(bad):04X}; search for plain text.")
    result = queries.list_reports(db, q=q, severity=severity, status=status, page=page, per_page=per_page)
    base = base_url(request, settings)
    return ReportListOut(
        reports=[report_out(r, base) for r in result.reports], total=result.total, page=page, per_page=per_page
    )


_NOT_FOUND = {404: {"model": ErrorOut, "description": "No such report"}}


@router.get("/reports/{report_id}", response_model=ReportOut, responses={401: ERRORS[401], 422: ERRORS[422], **_NOT_FOUND})
def get_report(request: Request, settings: SettingsDep, db: DbDep, report_id: Id) -> ReportOut:
    report = queries.get_report(db, report_id)
    if report is None:
        raise ClientError(404, f"Report {report_id} does not exist.")
    return report_out(report, base_url(request, settings))


@router.post(
    "/reports/{report_id}/status",
    response_model=ReportOut,
    responses={401: ERRORS[401], 422: ERRORS[422], **_NOT_FOUND},
    summary="Open or close a report",
)
def set_status(request: Request, settings: SettingsDep, db: DbDep, report_id: Id, body: StatusIn) -> ReportOut:
    if not queries.set_status(db, report_id, body.status):
        raise ClientError(404, f"Report {report_id} does not exist.")
    return get_report(request, settings, db, report_id)

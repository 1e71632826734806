"""Air-gap import over HTTP: the same bundle `bugzot-server import` takes, as the request body."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from bugzot_desktop.core.wire import API_PREFIX
from bugzot_server.bundles import import_bundle
from bugzot_server.errors import ClientError
from bugzot_server.routers.deps import DbDep, JobsDep, SettingsDep, StorageDep, base_url, require_token
from bugzot_server.routers.reports import submit_out
from bugzot_server.routers.schemas import ERRORS, BundleOut

router = APIRouter(prefix=API_PREFIX, tags=["bundles"], dependencies=[Depends(require_token)])

UPLOADED = "The uploaded bundle"  # how messages name a request body (its temp file's name means nothing)

_ZIP_BODY = {
    "required": True,
    "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    "description": "A bundle written by `bugzot outbox export FILE`",
}


@router.post(
    "/bundles",
    response_model=BundleOut,
    responses={401: ERRORS[401], 413: ERRORS[413], 415: ERRORS[415], 422: ERRORS[422]},
    openapi_extra={"requestBody": _ZIP_BODY},
    summary="Import an outbox bundle (idempotent: known reports are not stored again)",
)
async def import_bundle_endpoint(
    request: Request, settings: SettingsDep, db: DbDep, storage: StorageDep, jobs: JobsDep
) -> BundleOut:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in ("application/zip", "application/octet-stream"):
        raise ClientError(415, "Send the bundle as the request body with Content-Type: application/zip.")
    tmp = storage.temp_path().with_suffix(".zip")
    try:
        with open(tmp, "xb") as fh:
            async for chunk in request.stream():
                fh.write(chunk)
        result = await run_in_threadpool(import_bundle, db, storage, settings, tmp, UPLOADED)
    finally:
        tmp.unlink(missing_ok=True)
    if result.imported:
        jobs.wake()
    base = base_url(request, settings)
    return BundleOut(
        imported=result.imported,
        already_present=result.already_present,
        reports=[submit_out(rid, cid, created, base) for rid, cid, created in result.reports],
    )


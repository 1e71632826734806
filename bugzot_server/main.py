"""create_app(): the FastAPI app, its collaborators and its routers — nothing else."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from bugzot_desktop.core.wire import WireError
from bugzot_server import __version__
from bugzot_server.config import Settings, get_settings
from bugzot_server.db import Database, ensure_schema
from bugzot_server.errors import ClientError
from bugzot_server.jobs import JobRunner
from bugzot_server.limits import BodyLimitMiddleware, HeadMiddleware, SecurityHeadersMiddleware
from bugzot_server.routers import bundles, files, health, pages, reports
from bugzot_server.storage import Storage

log = logging.getLogger("bugzot_server")
STATIC_DIR = Path(__file__).resolve().parent / "static"


def _wants_html(request: Request) -> bool:
    """Errors on the HTML side (not the API, /health or a download) are pages.

    Unless the client asks for JSON only (``Accept: application/json`` without text/html).
    """
    path = request.url.path
    if path.startswith(("/api/", "/attachments/")) or path in ("/health", "/openapi.json"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "application/json" not in accept


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "Invalid request: " + "; ".join(parts) + "."


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. Runs migrations (or refuses an unknown schema) before anything is served."""
    settings = settings or get_settings()
    data_dir = settings.resolved_data_dir()
    db = Database(settings.resolved_database_url())
    ensure_schema(db)
    storage = Storage(data_dir / "storage")
    storage.clean_tmp()
    jobs = JobRunner(db, storage, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.start()
        try:
            yield
        finally:
            jobs.stop()
            db.dispose()

    app = FastAPI(
        title="BugZot server",
        version=__version__,
        description="Stores bug reports filed by BugZot Desktop. See docs/CONTRACTS.md for the wire format.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.storage = storage
    app.state.jobs = jobs

    @app.exception_handler(ClientError)
    async def _client_error(request: Request, exc: ClientError) -> Response:
        if _wants_html(request):
            return pages.error_page(request, exc.status, exc.message, exc.headers)
        return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(OperationalError)
    async def _database_down(_request: Request, exc: OperationalError) -> JSONResponse:
        # The database is unreachable or locked out: a transient 503 the client retries, not a 500.
        log.error("database unavailable: %s", str(exc).splitlines()[0])
        return JSONResponse(
            {"detail": "The report database is unavailable right now; nothing was stored. Try again shortly."},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(WireError)
    async def _wire_error(_request: Request, exc: WireError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _wants_html(request):
            return pages.error_page(request, 422, _validation_message(exc))
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    @app.exception_handler(ClientDisconnect)
    async def _client_gone(request: Request, _exc: ClientDisconnect) -> Response:
        # The client left mid-upload (closed the laptop, lost the network): its temp files are already
        # gone, it retries by itself, and nobody reads this answer. One line, not an ASGI traceback.
        log.info("client went away during %s %s; nothing was stored", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # No such route (404), wrong method (405), ...: a page for a browser, JSON for the API.
        headers = dict(exc.headers or {})
        if _wants_html(request):
            message = f"There is no page at {request.url.path}." if exc.status_code == 404 else str(exc.detail)
            return pages.error_page(request, exc.status_code, message, headers)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    app.add_middleware(BodyLimitMiddleware, settings=settings)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HeadMiddleware)
    app.include_router(health.router)
    app.include_router(reports.router)
    app.include_router(bundles.router)
    app.include_router(files.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app

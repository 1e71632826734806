"""HTML pages: the report list (search, filters, pages) and one report, with open/close."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from bugzot_desktop.core.filetypes import is_text_type
from bugzot_desktop.core.wire import SEVERITIES
from bugzot_server import __version__, queries
from bugzot_server.errors import ClientError
from bugzot_server.routers.deps import (
    DbDep,
    SettingsDep,
    page_token_ok,
    refuse_cross_site,
    require_page_access,
    require_page_change,
)
from bugzot_server.routers.schemas import ErrorOut, Id

router = APIRouter(dependencies=[Depends(require_page_access)], include_in_schema=True, tags=["pages"])
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

# Bidi embedding, override and isolate controls: legitimate right-to-left text never needs them (the
# Unicode bidi algorithm orders it), but an override in a title makes "invoice_\u202egnp.exe" read
# "invoice_exe.png". The pages show each one as a visible marker instead of obeying it; the stored
# text stays exactly as sent.
_BIDI_CONTROLS = {c: f"⟨U+{c:04X}⟩" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# C0 controls and DEL (tab and line breaks aside) the same way: text fields refuse them (core.wire), but
# the environment and markup may carry them (a terminal's colour codes), and raw in a page a NUL or ESC
# is invisible or garbles it.
_BIDI_CONTROLS.update({c: f"⟨U+{c:04X}⟩" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)})


def shown(value: object) -> Markup:
    """User text for a page: escaped, bidi controls visible (``{{ r.title|shown }}``)."""
    text = str(value) if value is not None else ""
    if not any(ord(ch) in _BIDI_CONTROLS for ch in text):
        return Markup(escape(text))
    out = []
    for ch in text:
        marker = _BIDI_CONTROLS.get(ord(ch))
        out.append(f'<span class="ctl">{marker}</span>' if marker else str(escape(ch)))
    return Markup("".join(out))


def shown_plain(value: object) -> str:
    """The same for plain-text places (the page title): markers, no markup (autoescape does the rest)."""
    return "".join(_BIDI_CONTROLS.get(ord(ch), ch) for ch in (str(value) if value is not None else ""))


templates.env.filters["shown"] = shown
templates.env.filters["shown_plain"] = shown_plain

# Nothing inline, nothing from elsewhere: a stored title can never become script.
CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def _refusal(description: str) -> dict:
    """An error on the pages: an HTML page, or JSON for a client that asks only for JSON."""
    return {"model": ErrorOut, "content": {"text/html": {}}, "description": description}


_HTML: dict[int | str, dict] = {
    200: {"content": {"text/html": {}}, "description": "An HTML page"},
    401: _refusal("Pages are protected and no valid token was given"),
    422: _refusal("Bad query or path parameter"),
}
_NOT_FOUND: dict[int | str, dict] = {404: {"content": {"text/html": {}}, "description": "No such report"}}


def _render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    context = {"version": __version__, "severities": SEVERITIES, **context}
    resp = templates.TemplateResponse(request, name, context, status_code=status)
    resp.headers["Content-Security-Policy"] = CSP
    return resp


_HEADINGS = {401: "Sign in needed", 403: "Not allowed", 404: "Not found"}


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    """A refusal shown to a browser as a page (the API answers JSON instead)."""
    resp = _render(
        request, "error.html", {"status": status, "heading": _HEADINGS.get(status, "Request refused"), "message": message}, status
    )
    resp.headers.update(headers or {})
    return resp


@router.get("/", response_class=HTMLResponse, responses=_HTML)
def report_list(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    q: Annotated[str, Query(max_length=200)] = "",
    severity: Literal["", "blocker", "critical", "major", "minor", "trivial"] = "",
    status: Literal["", "open", "closed"] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    """All reports, newest first, with thumbnails."""
    # Control characters cannot be in a stored title (wire.py refuses them), so they match nothing; and a NUL
    # echoed into the search box would be raw in the HTML.
    q = "".join(ch for ch in q if ch >= " " and ch != "\x7f").strip()
    # A page past the end (an old link, a hand-edited URL) shows the last page and says so.
    result = queries.list_reports(
        db, q=q, severity=severity or None, status=status or None, page=page, per_page=settings.page_size, clamp=True
    )
    asked, page = page, result.page
    filters = {k: v for k, v in (("q", q), ("severity", severity), ("status", status)) if v}

    def page_url(n: int) -> str:
        return "/?" + urlencode({**filters, "page": n})

    rows = []
    for r in result.reports:
        thumbs = [a for a in r.attachments if a.thumb_name]
        rows.append(
            {
                "report": r,
                "thumb": thumbs[0] if thumbs else None,
                "images": sum(not is_text_type(a.content_type) for a in r.attachments),
                "processing": any(queries.processing_state(a)[0] == "pending" for a in r.attachments),
                "failed": any(queries.processing_state(a)[0] == "failed" for a in r.attachments),
            }
        )
    return _render(
        request,
        "list.html",
        {
            "rows": rows,
            "result": result,
            "q": q,
            "severity": severity,
            "status": status,
            "past_end": asked if asked != page else None,
            "first_url": page_url(1),
            "prev_url": page_url(page - 1) if page > 1 else None,
            "next_url": page_url(page + 1) if page < result.pages else None,
        },
    )


@router.get("/reports/{report_id}", response_class=HTMLResponse, responses={**_HTML, **_NOT_FOUND})
def report_page(
    request: Request, report_id: Id, db: DbDep, settings: SettingsDep, signed_in: Annotated[bool, Depends(page_token_ok)]
) -> HTMLResponse:
    """One report: fields, environment, images (preview; click for the original), status.

    In token mode the Close/Reopen button stays for everyone; an anonymous viewer is told it
    asks for a token (the post answers 401 with a Basic challenge, so the browser asks).
    """
    needs_sign_in = not settings.open and not signed_in
    report = queries.get_report(db, report_id)
    if report is None:
        accept = request.headers.get("accept", "")
        if "application/json" in accept and "text/html" not in accept:  # as every other error (main._wants_html)
            raise ClientError(404, f"Report {report_id} does not exist.")
        return _render(request, "not_found.html", {"report_id": report_id}, status=404)
    atts = [{"att": a, "state": queries.processing_state(a)} for a in report.attachments if not is_text_type(a.content_type)]
    texts = [a for a in report.attachments if is_text_type(a.content_type)]  # a link with name and size, no picture
    return _render(request, "report.html", {"r": report, "atts": atts, "texts": texts, "needs_sign_in": needs_sign_in})


@router.post(
    "/reports/{report_id}/status",
    response_class=RedirectResponse,
    status_code=303,
    dependencies=[Depends(refuse_cross_site), Depends(require_page_change)],
    responses={
        401: _refusal("No valid token (Basic or Bearer) and the server is not --open"),
        403: _refusal("A cross-site form post"),
        404: _refusal("No such report"),
        422: _HTML[422],
    },
)
def report_set_status(
    request: Request, report_id: Id, db: DbDep, status: Annotated[Literal["open", "closed"], Form()]
) -> RedirectResponse:
    """Open or close a report from its page: same-origin form posts with a token (unless --open)."""
    if not queries.set_status(db, report_id, status):
        raise ClientError(404, f"Report {report_id} does not exist.")
    return RedirectResponse(f"/reports/{report_id}", status_code=303)

"""Read-side queries shared by the JSON API and the HTML pages. No FastAPI here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from bugzot_desktop.core.filetypes import is_text_type
from bugzot_server.db import FOLD_FUNCTION, Attachment, Database, Report


@dataclass
class Page:
    """One page of reports (attachments and jobs loaded) and the total that matched."""

    reports: list[Report]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_reports(
    db: Database,
    *,
    q: str = "",
    severity: str | None = None,
    status: str | None = None,
    page: int = 1,
    per_page: int = 25,
    clamp: bool = False,
) -> Page:
    """Newest first; ``q`` matches title or description, case-insensitively.

    ``clamp``: a page past the end gives the last page (``Page.page`` says which); without it
    (the JSON API) such a page is empty, so a client paging until it gets nothing stops.
    """
    conds = []
    if q.strip():
        if db.engine.dialect.name == "sqlite":
            # SQLite folds only ASCII ("ünïc" missed "Ünïcødé"): compare Python-casefolded text on both sides.
            fold = getattr(func, FOLD_FUNCTION)
            pattern = f"%{_escape_like(q.strip().casefold())}%"
            conds.append(or_(fold(Report.title).like(pattern, escape="\\"),
                             fold(Report.description).like(pattern, escape="\\")))
        else:  # PostgreSQL's ILIKE folds Unicode by the database's locale
            pattern = f"%{_escape_like(q.strip())}%"
            conds.append(or_(Report.title.ilike(pattern, escape="\\"), Report.description.ilike(pattern, escape="\\")))
    if severity:
        conds.append(Report.severity == severity)
    if status:
        conds.append(Report.status == status)
    with db.read() as s:
        total = s.scalar(select(func.count(Report.id)).where(*conds)) or 0
        if clamp:
            page = min(page, max(1, -(-total // per_page)))
        rows = s.scalars(
            select(Report)
            .where(*conds)
            .options(selectinload(Report.attachments).selectinload(Attachment.jobs))
            .order_by(Report.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        ).all()
    return Page(list(rows), total, page, per_page)


def get_report(db: Database, report_id: int) -> Report | None:
    with db.read() as s:
        return s.scalar(
            select(Report)
            .where(Report.id == report_id)
            .options(selectinload(Report.attachments).selectinload(Attachment.jobs))
        )


def get_attachment(db: Database, attachment_id: int) -> Attachment | None:
    with db.read() as s:
        return s.get(Attachment, attachment_id)


def attachment_processing(db: Database, attachment_id: int) -> tuple[str, str | None]:
    """``processing_state`` of one attachment, read with its jobs (for a derived file that is missing)."""
    with db.read() as s:
        att = s.get(Attachment, attachment_id)
        return ("failed", "no such attachment") if att is None else processing_state(att)


def set_status(db: Database, report_id: int, status: str) -> bool:
    with db.write() as s:
        report = s.get(Report, report_id)
        if report is None:
            return False
        report.status = status
        return True


def processing_state(att: Attachment) -> tuple[str, str | None]:
    """("ready" | "pending" | "failed", reason) from the attachment's jobs."""
    failed = [j for j in att.jobs if j.status == "failed"]
    if failed:
        reasons: dict[str, list[str]] = {}
        for j in failed:
            reasons.setdefault(j.last_error or "unknown error", []).append(j.kind)
        return "failed", "; ".join(f"{' and '.join(kinds)}: {why}" for why, kinds in reasons.items())
    if att.jobs and all(j.status == "done" for j in att.jobs):
        return "ready", None
    if not att.jobs and att.thumb_name and att.preview_name:
        return "ready", None
    if not att.jobs and is_text_type(att.content_type):
        return "ready", None  # plain text has no derivatives to wait for
    return "pending", None

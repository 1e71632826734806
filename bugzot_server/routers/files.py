"""Downloads of originals, previews and thumbnails, with the sniffed type and a safe Content-Disposition.

A plain-text attachment is served as ``text/plain; charset=utf-8``, ``nosniff``, always ``attachment``.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from bugzot_desktop.core.filetypes import TEXT_CONTENT_TYPE, is_text_type
from bugzot_server import queries
from bugzot_server.errors import ClientError
from bugzot_server.routers.deps import DbDep, StorageDep, require_page_access
from bugzot_server.routers.schemas import ErrorOut, Id

router = APIRouter(tags=["files"], dependencies=[Depends(require_page_access)])

_EXT = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "image/gif": ".gif"}


def content_disposition(filename: str, disposition: str = "inline") -> str:
    """RFC 6266 header: an ASCII fallback and the exact name as RFC 5987 ``filename*``."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(c if c.isalnum() or c in " .-_()[]+" else "_" for c in ascii_name).strip() or "file"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _derived_name(filename: str, kind: str, content_type: str) -> str:
    stem = PurePath(filename).stem or "image"
    return f"{stem}.{kind}{_EXT.get(content_type, '')}"


_RESPONSES = {
    200: {
        "content": {
            "image/*": {"schema": {"type": "string", "format": "binary"}},
            "text/plain": {"schema": {"type": "string", "format": "binary"}},
        },
        "description": "The image, or a plain-text attachment (always as a download)",
    },
    401: {"model": ErrorOut, "description": "Pages are protected and no valid token was given"},
    404: {"model": ErrorOut, "description": "No such file (yet)"},
    422: {"model": ErrorOut, "description": "Bad id"},
}


@router.get("/attachments/{attachment_id}", response_class=FileResponse, responses=_RESPONSES)
def download_original(attachment_id: Id, db: DbDep, storage: StorageDep, download: bool = False) -> FileResponse:
    """The original file, as uploaded. Plain text is always a download (text/plain; charset=utf-8), never shown inline."""
    att = queries.get_attachment(db, attachment_id)
    if att is None:
        raise ClientError(404, f"Attachment {attachment_id} does not exist.")
    text = is_text_type(att.content_type)
    ctype = TEXT_CONTENT_TYPE if text else att.content_type
    return _file(storage.original_path(att.storage_name), ctype, att.filename, download or text)


@router.get(
    "/attachments/{attachment_id}/{kind}", response_class=FileResponse, responses=_RESPONSES
)
def download_derived(
    attachment_id: Id, kind: Literal["thumbnail", "preview"], db: DbDep, storage: StorageDep
) -> FileResponse:
    """A thumbnail (256 px) or web preview (1280 px); 404 until post-processing made it."""
    att = queries.get_attachment(db, attachment_id)
    if att is None:
        raise ClientError(404, f"Attachment {attachment_id} does not exist.")
    name, ctype = (att.thumb_name, att.thumb_type) if kind == "thumbnail" else (att.preview_name, att.preview_type)
    if not name or not ctype:
        if is_text_type(att.content_type):
            raise ClientError(
                404, f"Attachment {attachment_id} is a text file: it has no {kind}; download it at /attachments/{attachment_id}."
            )
        state, error = queries.attachment_processing(db, attachment_id)
        if state == "failed":
            raise ClientError(404, f"The {kind} of attachment {attachment_id} could not be made ({error}); "
                                   f"the original is at /attachments/{attachment_id}.")
        raise ClientError(404, f"The {kind} of attachment {attachment_id} is not ready yet; try again shortly.")
    return _file(storage.derived_path(name), ctype, _derived_name(att.filename, kind, ctype), False)


def _file(path, content_type: str, filename: str, download: bool) -> FileResponse:  # noqa: ANN001
    if not path.is_file():
        raise ClientError(404, "The stored file is missing on this server; ask the administrator to check storage.")
    return FileResponse(
        path,
        media_type=content_type,
        headers={
            "Content-Disposition": content_disposition(filename, "attachment" if download else "inline"),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, max-age=86400",
        },
    )

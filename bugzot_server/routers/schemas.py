"""Response models: they are the OpenAPI document's schemas, so clients and schemathesis can check us."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, Field

# Database ids are 32-bit: a larger number is a 422, never an overflow deep in the driver.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


class ErrorOut(BaseModel):
    """Every refusal: a sentence naming the field or file and what to do."""

    detail: str


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str


class SubmitOut(BaseModel):
    """Answer to a submitted report; ``created`` is false for a replay of a known client_id."""

    id: int
    client_id: str
    url: str = Field(description="The report's HTML page")
    api_url: str
    created: bool


class AttachmentOut(BaseModel):
    id: int
    filename: str = Field(description="The client's file name, exactly as sent (data only)")
    size: int
    sha256: str
    content_type: str
    width: int
    height: int
    url: str
    thumbnail_url: str | None = Field(description="null until the thumbnail exists; always null for plain text")
    preview_url: str | None = Field(description="null until the preview exists; always null for plain text")
    processing: Literal["pending", "ready", "failed"]
    error: str | None = Field(default=None, description="why post-processing failed")
    markup: dict[str, Any] | None = None


class ReportOut(BaseModel):
    id: int
    client_id: str
    title: str
    description: str
    steps: str
    expected: str
    actual: str
    severity: str
    component: str
    environment: dict[str, Any]
    status: Literal["open", "closed"]
    created_at: dt.datetime
    url: str
    api_url: str
    attachments: list[AttachmentOut]


class ReportListOut(BaseModel):
    reports: list[ReportOut]
    total: int
    page: int
    per_page: int


class StatusIn(BaseModel):
    status: Literal["open", "closed"]


class BundleOut(BaseModel):
    """Result of a bundle import: which reports were new and which were already stored."""

    imported: int
    already_present: int
    reports: list[SubmitOut]


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or invalid token"},
    413: {"model": ErrorOut, "description": "Too large (the limit and its setting are named)"},
    415: {"model": ErrorOut, "description": "Not multipart/form-data"},
    422: {"model": ErrorOut, "description": "Bad input (the field or file is named)"},
    503: {"model": ErrorOut, "description": "The database is unavailable; retry after Retry-After seconds"},
}

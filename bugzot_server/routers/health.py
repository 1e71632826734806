"""Liveness probe: no token needed, cheap."""

from __future__ import annotations

from fastapi import APIRouter

from bugzot_desktop.core.wire import HEALTH_PATH
from bugzot_server import __version__
from bugzot_server.routers.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get(HEALTH_PATH, response_model=HealthOut)
def health() -> HealthOut:
    return HealthOut(status="ok", version=__version__)

"""Liveness endpoint."""
import logging

from fastapi import APIRouter
from pydantic import BaseModel

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


class HealthStatus(BaseModel):
    """The service's health."""

    status: str


@router.get("/health", response_model=HealthStatus)
def health() -> HealthStatus:
    """Answers ok while the service runs."""
    logger.debug("health probe")
    return HealthStatus(status="ok")

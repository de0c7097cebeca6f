"""Configuration of the service catalog, read from environment variables."""
import logging
import os
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """Runtime settings of the service."""

    app_name: str
    log_level: str
    max_services: int


def load_settings() -> Settings:
    """Reads the settings from the environment, with safe defaults."""
    raw_max = os.getenv("CATALOG_MAX_SERVICES", "1000")
    try:
        max_services = int(raw_max)
    except ValueError:
        logger.warning("CATALOG_MAX_SERVICES=%r is not a number; using 1000", raw_max)
        max_services = 1000
    return Settings(
        app_name=os.getenv("CATALOG_APP_NAME", "Service Catalog"),
        log_level=os.getenv("CATALOG_LOG_LEVEL", "INFO"),
        max_services=max_services,
    )

"""The service catalog application."""
import logging

from fastapi import FastAPI

from app.config import load_settings
from app.routers import health, services

settings = load_settings()
logging.basicConfig(level=settings.log_level)
logger = logging.getLogger(__name__)


def create_app() -> FastAPI:
    """Builds the FastAPI application with its routers."""
    application = FastAPI(title=settings.app_name)
    application.include_router(health.router)
    application.include_router(services.router)
    logger.info("%s ready", settings.app_name)
    return application


app = create_app()

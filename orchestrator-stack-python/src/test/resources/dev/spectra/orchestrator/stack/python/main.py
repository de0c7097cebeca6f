import logging
import os

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from app.routers import items

LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
logging.basicConfig(level=LOG_LEVEL)
logger = logging.getLogger(__name__)


def create_app() -> FastAPI:
    """Build the application with its routers."""
    application = FastAPI(title="Items", version="1.0.0")
    application.include_router(items.router)
    return application


app = create_app()


@app.get("/health")
def health() -> dict:
    """Liveness probe."""
    return {"status": "ok"}


@app.exception_handler(ValueError)
async def value_error_handler(request, exc: ValueError) -> JSONResponse: return JSONResponse(status_code=400, content={"detail": str(exc)})


if __name__ == "__main__":
    import uvicorn
    uvicorn.run(app, host="127.0.0.1", port=8000)

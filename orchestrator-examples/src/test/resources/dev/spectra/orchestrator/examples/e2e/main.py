"""The hello-world service: a greeting at GET / and a liveness check at GET /health."""
import logging

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

logger = logging.getLogger(__name__)

app = FastAPI(title="hello-world")


class Greeting(BaseModel):
    """The payload of GET /."""

    message: str


class Health(BaseModel):
    """The payload of GET /health."""

    status: str


@app.get("/", response_model=Greeting)
def hello() -> Greeting:
    """Greets the world."""
    logger.info("greeting requested")
    try:
        return Greeting(message="Hello, World!")
    except ValueError as e:
        logger.error("greeting failed: %s", e)
        raise HTTPException(status_code=500, detail="greeting failed") from e


@app.get("/health", response_model=Health)
def health() -> Health:
    """Says the service is up."""
    try:
        return Health(status="ok")
    except ValueError as e:
        logger.error("health check failed: %s", e)
        raise HTTPException(status_code=500, detail="health check failed") from e

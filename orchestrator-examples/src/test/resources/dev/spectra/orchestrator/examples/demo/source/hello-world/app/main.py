"""A hello-world FastAPI service."""
import logging

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

logger = logging.getLogger(__name__)

app = FastAPI(title="Hello World")


class Greeting(BaseModel):
    """A greeting message."""

    message: str


class HealthStatus(BaseModel):
    """The service's health."""

    status: str


@app.get("/", response_model=Greeting)
def root() -> Greeting:
    """Greets the world."""
    logger.info("greeting the world")
    return Greeting(message="Hello, World!")


@app.get("/hello/{name}", response_model=Greeting)
def hello(name: str) -> Greeting:
    """Greets someone by name; 400 for a blank name."""
    if not name.strip():
        raise HTTPException(status_code=400, detail="name must not be blank")
    logger.info("greeting %s", name)
    return Greeting(message=f"Hello, {name}!")


@app.get("/health", response_model=HealthStatus)
def health() -> HealthStatus:
    """Answers ok while the service runs."""
    return HealthStatus(status="ok")

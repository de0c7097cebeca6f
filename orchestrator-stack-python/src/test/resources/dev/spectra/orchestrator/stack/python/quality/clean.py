"""A service module that meets every check, in the style of the seed's hello world."""
import logging

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

logger = logging.getLogger(__name__)


class GreetingResponse(BaseModel):
    """The greeting payload."""

    message: str


app = FastAPI()


@app.get("/", response_model=GreetingResponse)
def get_greeting() -> GreetingResponse:
    """Returns a greeting message."""
    logger.info("Received request for greeting.")
    try:
        return GreetingResponse(message="Hello, World!")
    except Exception as e:
        logger.error("An error occurred: %s", e)
        raise HTTPException(status_code=500, detail="An error occurred.")

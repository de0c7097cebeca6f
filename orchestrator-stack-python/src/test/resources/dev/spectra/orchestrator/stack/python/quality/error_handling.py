"""Fixture for the error_handling check."""
import logging

from fastapi import FastAPI, HTTPException

logger = logging.getLogger(__name__)
app = FastAPI()
ITEMS = {"a": 1}


@app.get("/items/{key}")
def read(key: str) -> int:
    if key not in ITEMS:
        raise HTTPException(status_code=404, detail="no such item")
    return ITEMS[key]


@app.get("/safe")
def safe() -> int:
    try:
        return ITEMS["a"]
    except KeyError:
        logger.exception("missing")
        raise HTTPException(status_code=500, detail="broken")


@app.get("/plain")
def plain() -> int:  # expect: error_handling
    return 1


def parse(text: str) -> int:
    try:
        return int(text)
    except:  # expect: error_handling
        return 0


def quiet(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # expect: error_handling
        pass
    return 0


def documented_quiet(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # expect: error_handling
        "ignored"
    return 0

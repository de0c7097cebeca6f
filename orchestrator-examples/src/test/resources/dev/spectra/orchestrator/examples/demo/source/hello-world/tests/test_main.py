"""Tests of the hello-world endpoints."""
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_root_greets_the_world() -> None:
    """GET / returns the greeting."""
    response = client.get("/")
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, World!"}


def test_hello_by_name() -> None:
    """GET /hello/{name} greets by name."""
    response = client.get("/hello/Ada")
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, Ada!"}


def test_health() -> None:
    """GET /health answers ok."""
    assert client.get("/health").json() == {"status": "ok"}

"""Tests of the hello-world service, through FastAPI's TestClient."""
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_hello_greets_the_world() -> None:
    response = client.get("/")
    assert response.status_code == 200
    greeting = response.json()["greeting"]
    assert greeting == "Hello, World!"


def test_health_says_ok() -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}

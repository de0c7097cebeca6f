"""Tests of the health endpoint."""
from fastapi.testclient import TestClient

from app.main import app


def test_health_is_ok() -> None:
    """The health endpoint answers ok."""
    client = TestClient(app)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}

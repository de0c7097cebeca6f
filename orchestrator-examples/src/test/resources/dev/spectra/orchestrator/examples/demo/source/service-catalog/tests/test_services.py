"""Tests of the service CRUD endpoints."""
from fastapi.testclient import TestClient

from app.main import app
from app.routers.services import get_repository
from app.repository import ServiceRepository


def make_client() -> TestClient:
    """A client whose requests share one fresh repository."""
    repo = ServiceRepository()
    app.dependency_overrides[get_repository] = lambda: repo
    return TestClient(app)


def test_create_and_get_service() -> None:
    """A created service can be read back by id."""
    client = make_client()
    created = client.post("/services", json={"name": "billing", "owner": "team-a", "tags": ["core"]})
    assert created.status_code == 201
    body = created.json()
    assert body["id"] == 1
    assert body["name"] == "billing"
    fetched = client.get("/services/1")
    assert fetched.status_code == 200
    assert fetched.json() == body


def test_duplicate_name_is_rejected() -> None:
    """A second service with the same name gets 409."""
    client = make_client()
    client.post("/services", json={"name": "billing", "owner": "team-a"})
    again = client.post("/services", json={"name": "billing", "owner": "team-b"})
    assert again.status_code == 409


def test_list_filters_by_tag() -> None:
    """Listing with a tag returns only the tagged services."""
    client = make_client()
    client.post("/services", json={"name": "a", "owner": "o", "tags": ["x"]})
    client.post("/services", json={"name": "b", "owner": "o", "tags": ["y"]})
    listed = client.get("/services", params={"tag": "x"}).json()
    assert listed["total"] == 1
    assert listed["items"][0]["name"] == "a"


def test_update_and_delete() -> None:
    """A service can be updated partially and then deleted."""
    client = make_client()
    client.post("/services", json={"name": "search", "owner": "team-a"})
    patched = client.patch("/services/1", json={"owner": "team-b"})
    assert patched.status_code == 200
    assert patched.json()["owner"] == "team-b"
    assert client.delete("/services/1").status_code == 204
    assert client.get("/services/1").status_code == 404


def test_invalid_payload_is_422() -> None:
    """A service without an owner is rejected by validation."""
    client = make_client()
    response = client.post("/services", json={"name": "x"})
    assert response.status_code == 422

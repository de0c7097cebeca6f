"""CRUD endpoints for services."""
import logging
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Response, status

from app.config import load_settings
from app.models import Service, ServiceCreate, ServiceList, ServiceUpdate
from app.repository import CatalogFullError, DuplicateServiceError, ServiceRepository

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/services", tags=["services"])

_repository = ServiceRepository(load_settings().max_services)


def get_repository() -> ServiceRepository:
    """Returns the repository shared by all requests."""
    return _repository


@router.post("", response_model=Service, status_code=status.HTTP_201_CREATED)
def create_service(data: ServiceCreate, repo: ServiceRepository = Depends(get_repository)) -> Service:
    """Registers a service; 409 if the name is taken, 507 if the catalog is full."""
    try:
        return repo.create(data)
    except DuplicateServiceError:
        logger.warning("duplicate service name %s", data.name)
        raise HTTPException(status_code=409, detail=f"service {data.name!r} already exists")
    except CatalogFullError:
        raise HTTPException(status_code=507, detail="the catalog is full")


@router.get("", response_model=ServiceList)
def list_services(tag: Optional[str] = None, repo: ServiceRepository = Depends(get_repository)) -> ServiceList:
    """Lists services, optionally filtered by tag."""
    items = repo.list(tag)
    return ServiceList(items=items, total=len(items))


@router.get("/{service_id}", response_model=Service)
def get_service(service_id: int, repo: ServiceRepository = Depends(get_repository)) -> Service:
    """Returns one service; 404 if unknown."""
    service = repo.get(service_id)
    if service is None:
        raise HTTPException(status_code=404, detail=f"service {service_id} not found")
    return service


@router.patch("/{service_id}", response_model=Service)
def update_service(service_id: int, data: ServiceUpdate,
                   repo: ServiceRepository = Depends(get_repository)) -> Service:
    """Updates a service partially; 404 if unknown."""
    service = repo.update(service_id, data)
    if service is None:
        raise HTTPException(status_code=404, detail=f"service {service_id} not found")
    return service


@router.delete("/{service_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_service(service_id: int, repo: ServiceRepository = Depends(get_repository)) -> Response:
    """Deletes a service; 404 if unknown."""
    if not repo.delete(service_id):
        raise HTTPException(status_code=404, detail=f"service {service_id} not found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)

"""An in-memory, thread-safe repository of services."""
import logging
import threading
from typing import Dict, List, Optional

from app.models import Service, ServiceCreate, ServiceUpdate

logger = logging.getLogger(__name__)


class DuplicateServiceError(Exception):
    """Raised when a service with the same name already exists."""


class CatalogFullError(Exception):
    """Raised when the catalog holds its maximum number of services."""


class ServiceRepository:
    """Stores services in memory, keyed by id."""

    def __init__(self, max_services: int = 1000) -> None:
        """Creates an empty repository holding at most max_services services."""
        self._lock = threading.Lock()
        self._services: Dict[int, Service] = {}
        self._next_id = 1
        self._max_services = max_services

    def create(self, data: ServiceCreate) -> Service:
        """Registers a new service and returns it with its id."""
        with self._lock:
            if any(s.name == data.name for s in self._services.values()):
                raise DuplicateServiceError(data.name)
            if len(self._services) >= self._max_services:
                raise CatalogFullError(str(self._max_services))
            service = Service(id=self._next_id, name=data.name, owner=data.owner,
                              description=data.description, tags=list(data.tags))
            self._services[service.id] = service
            self._next_id += 1
            logger.info("registered service %s (id %d)", service.name, service.id)
            return service

    def get(self, service_id: int) -> Optional[Service]:
        """Returns the service with this id, or None."""
        with self._lock:
            return self._services.get(service_id)

    def list(self, tag: Optional[str] = None) -> List[Service]:
        """Returns all services, optionally only those with the given tag, ordered by id."""
        with self._lock:
            services = sorted(self._services.values(), key=lambda s: s.id)
        if tag is not None:
            services = [s for s in services if tag in s.tags]
        return services

    def update(self, service_id: int, data: ServiceUpdate) -> Optional[Service]:
        """Applies a partial update; returns the updated service or None if absent."""
        with self._lock:
            current = self._services.get(service_id)
            if current is None:
                return None
            changes = {k: v for k, v in data.dict().items() if v is not None}
            updated = current.copy(update=changes)
            self._services[service_id] = updated
            logger.info("updated service %d: %s", service_id, sorted(changes))
            return updated

    def delete(self, service_id: int) -> bool:
        """Removes a service; returns False if it did not exist."""
        with self._lock:
            removed = self._services.pop(service_id, None)
        if removed is not None:
            logger.info("deleted service %d", service_id)
        return removed is not None

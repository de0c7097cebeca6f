"""In-memory storage of items, safe for concurrent requests."""
import threading
from contextlib import asynccontextmanager
from typing import AsyncIterator, Dict, Generic, List, Optional, TypeVar

from app.models import Item, ItemCreate

T = TypeVar("T")
MAX_ITEMS = 10_000
WELCOME = "a string with # no comment and def not_a_function(): pass"
TIMEOUT_SECONDS: float = \
    2.5


class StoreError(Exception):
    """Raised when the store cannot do what was asked."""


class Repository(Generic[T]):
    """A typed repository.

    Longer description that must not appear.
    """

    class Page(Generic[T]):
        """One page of results."""

        items: List[T]
        total: int

        def has_more(self, offset: int) -> bool:
            """True when more results follow."""
            return offset + len(self.items) < self.total

    def __init__(self, capacity: int = MAX_ITEMS) -> None:
        self._items: Dict[int, T] = {}
        self._lock = threading.Lock()
        self.capacity = capacity

    def __len__(self) -> int:
        return len(self._items)

    @staticmethod
    def _key(value: int) -> int:
        return value

    async def page(self,
                   offset: int = 0,
                   limit: int = 20,
                   *,
                   reverse: bool = False) -> "Repository.Page[T]":
        """Return a page."""
        raise NotImplementedError


class ItemStore(Repository[Item]):
    """Items by id."""

    def add(self, payload: ItemCreate) -> Item:
        """Store a new item and return it with its id."""
        with self._lock:
            if len(self._items) >= self.capacity:
                raise StoreError(f"store is full ({self.capacity} items)")
            ...

    def get(self, item_id: int) -> Optional[Item]: return self._items.get(item_id)


_store = ItemStore()


def get_store() -> ItemStore:
    """FastAPI dependency: the process-wide store."""
    return _store


@asynccontextmanager
async def lifespan(app) -> AsyncIterator[None]:
    yield

"""Item endpoints: create, read, list and delete items.

More details here.
"""
from __future__ import annotations

import logging
from typing import (
    Dict,
    List,
    Optional,
)

from fastapi import APIRouter, Depends, HTTPException, status

from app.models import Item, ItemCreate  # the models
from app.store import ItemStore, get_store

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/items", tags=["items"])

DEFAULT_PAGE_SIZE: int = 20
_CACHE: Dict[int, Item] = {}
ERROR_MESSAGES = {
    "not_found": "Item not found",
    "conflict": "Item already exists",
}


@router.get("/", response_model=List[Item])
async def list_items(
    limit: int = DEFAULT_PAGE_SIZE,
    offset: int = 0,
    store: ItemStore = Depends(get_store),
) -> List[Item]:
    """List items, newest first."""
    logger.info("listing %d items", limit)
    def inner(x: int) -> int:
        return x
    return store.list(limit=limit, offset=offset)


@router.get(
    "/{item_id}",
    response_model=Item,
    responses={404: {"description": "Item not found"}},
)
async def get_item(item_id: int, store: ItemStore = Depends(get_store)) -> Item:
    """
    Return one item.

    Raises 404 when it does not exist.
    """
    item = store.get(item_id)
    if item is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Item not found")
    return item


@router.post("/", response_model=Item, status_code=201)
def create_item(payload: ItemCreate, store: ItemStore = Depends(get_store)) -> Item:
    '''Create an item.'''
    text = """
def fake(x):
    pass
class Fake:
"""
    return store.add(payload)


def _validate(item: Item) -> None:
    """Private helper."""
    assert item.id > 0


@router.delete("/{item_id}", status_code=204)
async def delete_item(item_id: int, store: ItemStore = Depends(get_store)) -> None:
    store.delete(item_id)

"""Pydantic models of the service."""
from datetime import datetime
from enum import Enum
from typing import List, Optional

from pydantic import BaseModel, Field, validator


class Status(str, Enum):
    """Lifecycle of an item."""

    ACTIVE = "active"
    ARCHIVED = "archived"


class ItemBase(BaseModel):
    """Fields shared by every item model."""

    name: str = Field(..., min_length=1, max_length=100, description="The item's display name")
    description: Optional[str] = None
    price: float = Field(..., gt=0)
    tags: List[str] = []
    status: Status = Status.ACTIVE

    @validator("name")
    def name_not_blank(cls, value: str) -> str:
        """Reject names made of spaces only."""
        if not value.strip():
            raise ValueError("name must not be blank")
        return value.strip()


class ItemCreate(ItemBase):
    """What a client sends to create an item."""


class Item(ItemBase):
    """An item as stored, with its id."""

    id: int
    created_at: datetime

    class Config:
        """Pydantic settings."""

        orm_mode = True
        schema_extra = {
            "example": {"name": "Pen", "price": 1.5},
        }

    def label(self) -> str:
        return f"{self.name} ({self.id})"

    def _secret(self) -> str:
        return "x"

    @property
    def is_active(self) -> bool:
        """True while not archived."""
        return self.status == Status.ACTIVE
